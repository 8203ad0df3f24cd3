#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
#include "frame_common.glsl"

// GPU tile planning, one workgroup per tile of the frame's grid: the rule of Runtime/Inference/PatchPlan.cs,
// line for line. Counts each patch's hole pixels; a patch holding more than maxVisibleHoles (0 = any) is
// masked (a query of the decoder); the context the encoder sees is every visible patch (radius 0) or the
// visible patches within Chebyshev distance `radius + growth` of a patch holding a hole pixel, where growth =
// clamp(D - depthThreshold, 0, maxGrowth) and D, the tile's hole depth, is the largest Chebyshev distance from a
// masked patch to the nearest visible patch of the tile, less one (0 without a visible patch): a large hole's
// interior gets more than a thin ring of context, small holes keep `radius`. Writes, per grid tile, one flag word
// per patch (bit 0 masked, bit 1 context) and its row counts: encoder rows 1 + context (cls first), query rows
// = masked patches; a tile without any hole pixel writes 0 rows and does not run. frame_scan then gives the
// active tiles their slots in grid order, so the plan, and every sum over tiles, is the same every frame.

#define GROUP 64u
#define MAX_PATCHES 2048u
layout(local_size_x = 64) in;

layout(push_constant) uniform Push
{
    uint W;
    uint H;
    uint S;
    uint P;
    uint G;
    uint L;
    uint T;
    int offX;
    int offY;
    uint nx;
    uint colorKind;
    uint maxVisibleHoles;
    uint radius;
    uint offFlags;
    uint offGridRows;
    uint maxGrowth;
    uint depthThreshold;
} pc;

shared uint flags[MAX_PATCHES];
shared uint partialContext[GROUP];
shared uint partialMasked[GROUP];
shared uint anyHole;
shared uint anyVisible;
shared uint depth;

void main()
{
    uint lid = gl_LocalInvocationID.x;
    uint gx = gl_WorkGroupID.x, gy = gl_WorkGroupID.y;
    uint grid = gy * pc.nx + gx;
    ivec2 origin = ivec2(int(gx * pc.T) + pc.offX, int(gy * pc.T) + pc.offY);
    if (lid == 0u)
    {
        anyHole = 0u;
        anyVisible = 0u;
        depth = 0u;
    }

    barrier();
    for (uint pi = lid; pi < pc.L; pi += GROUP)
    {
        ivec2 p0 = origin + ivec2(int((pi % pc.G) * pc.P), int((pi / pc.G) * pc.P));
        // Withheld occluder pixels (frames with depth) count as hole pixels for the plan; only a real hole makes a
        // tile run.
        uint holes = 0u;
        bool real = false;
        for (uint y = 0u; y < pc.P && (holes <= pc.maxVisibleHoles || !real); y++)
        {
            for (uint x = 0u; x < pc.P; x++)
            {
                ivec2 q = frame_clamp(p0 + ivec2(x, y), pc.W, pc.H);
                bool hole = frame_hole(q, pc.colorKind);
                real = real || hole;
                holes += hole || frame_withheld(q) ? 1u : 0u;
            }
        }

        // bit 0: masked; bit 2: holds a hole pixel (the context grows around these: under MostlyHole a partly
        // covered visible patch needs its neighbours too).
        flags[pi] = (holes > pc.maxVisibleHoles ? 1u : 0u) | (holes != 0u ? 4u : 0u);
        if (real)
        {
            atomicOr(anyHole, 1u);
        }

        if ((flags[pi] & 1u) == 0u)
        {
            atomicOr(anyVisible, 1u);
        }
    }

    barrier();
    if (anyHole == 0u)
    {
        if (lid == 0u)
        {
            fs[pc.offGridRows + grid * 2u] = 0u;
            fs[pc.offGridRows + grid * 2u + 1u] = 0u;
        }

        return;
    }

    // Hole depth D (PatchPlan.HoleDepth): per masked patch, the Chebyshev distance to the nearest visible patch less
    // one, found by searching squares of radius 1 .. cap; the tile's D is the maximum (an atomic in shared memory).
    // None without a visible patch (no context to grow) or at radius 0 (every visible patch already).
    int g = int(pc.G), cap = int(pc.depthThreshold + pc.maxGrowth);
    if (pc.radius != 0u && anyVisible != 0u)
    {
        for (uint pi = lid; pi < pc.L; pi += GROUP)
        {
            if ((flags[pi] & 1u) == 0u)
            {
                continue;
            }

            int py = int(pi / pc.G), px = int(pi % pc.G);
            int d = 1;
            bool found = false;
            for (; d <= cap && !found; d++)
            {
                for (int y = max(py - d, 0); y <= min(py + d, g - 1) && !found; y++)
                {
                    for (int x = max(px - d, 0); x <= min(px + d, g - 1); x++)
                    {
                        if ((flags[uint(y * g + x)] & 1u) == 0u)
                        {
                            found = true;
                            break;
                        }
                    }
                }
            }

            // The loop stepped d once past the square that found a visible patch: D = (d - 1) - 1; cap if none.
            atomicMax(depth, uint(found ? d - 2 : cap));
        }
    }

    barrier();

    // Context: visible patches within the radius (grown by the depth past the threshold, at most maxGrowth) of a
    // masked one (all visible ones for radius 0).
    int r = int(pc.radius) + clamp(int(depth) - int(pc.depthThreshold), 0, int(pc.maxGrowth));
    uint context = 0u, masked = 0u;
    for (uint pi = lid; pi < pc.L; pi += GROUP)
    {
        uint f = flags[pi] & 1u;
        bool near = pc.radius == 0u;
        int py = int(pi / pc.G), px = int(pi % pc.G);
        for (int y = max(py - r, 0); y <= min(py + r, g - 1) && !near && f == 0u; y++)
        {
            for (int x = max(px - r, 0); x <= min(px + r, g - 1); x++)
            {
                if ((flags[uint(y * g + x)] & 4u) != 0u)
                {
                    near = true;
                    break;
                }
            }
        }

        uint word = f | (f == 0u && near ? 2u : 0u);
        fs[pc.offFlags + grid * pc.L + pi] = word;
        context += word >> 1u;
        masked += f;
    }

    partialContext[lid] = context;
    partialMasked[lid] = masked;
    barrier();
    if (lid == 0u)
    {
        uint c = 0u, m = 0u;
        for (uint i = 0u; i < GROUP; i++)
        {
            c += partialContext[i];
            m += partialMasked[i];
        }

        fs[pc.offGridRows + grid * 2u] = 1u + c;
        fs[pc.offGridRows + grid * 2u + 1u] = m;
    }
}
