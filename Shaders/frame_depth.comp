#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
#include "frame_common.glsl"

// Depth-aware context (recorded only when the frame has depth), one invocation per pixel, four stages with a
// barrier between them:
//   0  clear the withheld bits and the per-block far-side map;
//   1  far side: every known pixel bordering a hole (4-neighbourhood) lowers its block's word to its inverse depth
//      (atomicMin on the float's bits: non-negative floats order like their bits), so a block holds the farthest
//      hole border in it;
//   2  dilate, one invocation per block: the smallest word within DEPTH_BLOCK_RADIUS blocks, into the second map
//      (so a pixel reads one word, not 25: storage reads are what costs on CPU drivers);
//   3  classify: a known pixel nearer than the far side of the holes around it (frame_far_side) by more than the
//      tolerance is the occluder that revealed them, and is withheld from the model (planning, tile input,
//      push-pull) so the fill comes from the background. Its own pixels stay as they are (it is not a hole).
// A disocclusion is background coming into view: the occluder stands on its near side (DIBR hole filling fills
// from the background side for the same reason).

layout(local_size_x = 16, local_size_y = 16) in;

layout(push_constant) uniform Push
{
    uint W;
    uint H;
    uint colorKind;
    uint stage;
} pc;

void main()
{
    ivec2 p = ivec2(gl_GlobalInvocationID.xy);
    if (p.x >= int(pc.W) || p.y >= int(pc.H))
    {
        return;
    }

    if (pc.stage == 0u)
    {
        if ((p.x & 31) == 0)
        {
            fs[fpWithheldOffset + uint(p.y) * fpWordsPerRow + uint(p.x) / 32u] = 0u;
        }

        if ((p.x % DEPTH_BLOCK) == 0 && (p.y % DEPTH_BLOCK) == 0)
        {
            fs[fpBlocksOffset + uint(p.y / DEPTH_BLOCK) * fpBlocksX + uint(p.x / DEPTH_BLOCK)] = NO_BORDER;
        }

        return;
    }

    if (pc.stage == 2u)
    {
        if ((p.x % DEPTH_BLOCK) == 0 && (p.y % DEPTH_BLOCK) == 0)
        {
            ivec2 b = p / DEPTH_BLOCK;
            uint far = NO_BORDER;
            for (int y = max(b.y - DEPTH_BLOCK_RADIUS, 0); y <= min(b.y + DEPTH_BLOCK_RADIUS, int(fpBlocksY) - 1); y++)
            {
                for (int x = max(b.x - DEPTH_BLOCK_RADIUS, 0); x <= min(b.x + DEPTH_BLOCK_RADIUS, int(fpBlocksX) - 1); x++)
                {
                    far = min(far, fs[fpBlocksOffset + uint(y) * fpBlocksX + uint(x)]);
                }
            }

            fs[fpBlocksOffset + fpBlocksX * fpBlocksY + uint(b.y) * fpBlocksX + uint(b.x)] = far;
        }

        return;
    }

    if (frame_hole(p, pc.colorKind))
    {
        return;
    }

    if (pc.stage == 1u)
    {
        bool border = false;
        for (int i = 0; i < 4; i++)
        {
            ivec2 q = p + ivec2(i == 0 ? -1 : i == 1 ? 1 : 0, i == 2 ? -1 : i == 3 ? 1 : 0);
            border = border || (q.x >= 0 && q.y >= 0 && q.x < int(pc.W) && q.y < int(pc.H) && frame_hole(q, pc.colorKind));
        }

        if (border)
        {
            ivec2 b = p / DEPTH_BLOCK;
            atomicMin(fs[fpBlocksOffset + uint(b.y) * fpBlocksX + uint(b.x)], floatBitsToUint(frame_disparity(p)));
        }

        return;
    }

    float far = frame_far_side(p);
    if (far >= 0.0 && frame_disparity(p) > far * (1.0 + fpDepthTolerance) + 1e-7)
    {
        atomicOr(fs[fpWithheldOffset + uint(p.y) * fpWordsPerRow + uint(p.x) / 32u], 1u << (uint(p.x) & 31u));
    }
}
