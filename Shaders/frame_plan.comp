#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
#include "frame_common.glsl"

// GPU tile planning, one workgroup per tile of the frame's grid: counts each patch's hole pixels and
// masks the patches holding more than the model's mask policy lets the encoder see (maxVisibleHoles:
// 0 = any hole pixel masks it). A tile with any hole pixel appends itself to the tile list (an atomic
// counter gives its slot) and writes the model's per-tile indices there, as the reference's masking
// would: count = visible patches, ids_keep = visible patches in ascending order, ids_restore = each
// pi's rank (visible first, then masked). The tile map records each grid tile's slot (or ~0u), for
// previews. Nothing is read back by the CPU.

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
    uint O;
    uint nx;
    uint colorKind;
    uint offCount;
    uint offIdsKeep;
    uint offIdsRestore;
    uint offCounter;
    uint offTileList;
    uint offTileMap;
    uint maxVisibleHoles;
} pc;

shared uint holeFlags[MAX_PATCHES];
shared uint partialVisible[GROUP];
shared uint anyHole;
shared uint slot;

void main()
{
    uint lid = gl_LocalInvocationID.x;
    uint gx = gl_WorkGroupID.x, gy = gl_WorkGroupID.y;
    uint grid = gy * pc.nx + gx;
    ivec2 origin = ivec2(int(gx * pc.T) - int(pc.O / 2u), int(gy * pc.T) - int(pc.O / 2u));
    if (lid == 0u)
    {
        anyHole = 0u;
    }

    barrier();
    for (uint pi = lid; pi < pc.L; pi += GROUP)
    {
        ivec2 p0 = origin + ivec2(int((pi % pc.G) * pc.P), int((pi / pc.G) * pc.P));
        uint holes = 0u;
        for (uint y = 0u; y < pc.P && holes <= pc.maxVisibleHoles; y++)
        {
            for (uint x = 0u; x < pc.P; x++)
            {
                holes += frame_hole(frame_clamp(p0 + ivec2(x, y), pc.W, pc.H), pc.colorKind) ? 1u : 0u;
            }
        }

        holeFlags[pi] = holes > pc.maxVisibleHoles ? 1u : 0u;
        if (holes != 0u)
        {
            atomicOr(anyHole, 1u);
        }
    }

    barrier();
    if (anyHole == 0u)
    {
        if (lid == 0u)
        {
            fs[pc.offTileMap + grid] = ~0u;
        }

        return;
    }

    // Each invocation ranks a contiguous run of patches: visible counts per run, then a prefix over runs.
    uint run = (pc.L + GROUP - 1u) / GROUP;
    uint first = min(lid * run, pc.L), last = min(first + run, pc.L);
    uint visible = 0u;
    for (uint i = first; i < last; i++)
    {
        visible += 1u - holeFlags[i];
    }

    partialVisible[lid] = visible;
    barrier();
    if (lid == 0u)
    {
        uint total = 0u;
        for (uint i = 0u; i < GROUP; i++)
        {
            uint v = partialVisible[i];
            partialVisible[i] = total;
            total += v;
        }

        slot = atomicAdd(fs[pc.offCounter], 1u);
        fs[pc.offTileList + slot] = grid;
        fs[pc.offTileMap + grid] = slot;
        idx[pc.offCount + slot] = total;
        anyHole = total; // reused: the tile's visible count
    }

    barrier();
    uint count = anyHole;
    uint visibleRank = partialVisible[lid];
    uint maskedRank = count + (first - visibleRank);
    for (uint i = first; i < last; i++)
    {
        if (holeFlags[i] == 0u)
        {
            idx[pc.offIdsKeep + slot * pc.L + visibleRank] = i;
            idx[pc.offIdsRestore + slot * pc.L + i] = visibleRank;
            visibleRank++;
        }
        else
        {
            idx[pc.offIdsRestore + slot * pc.L + i] = maskedRank;
            maskedRank++;
        }
    }
}
