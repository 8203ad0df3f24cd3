#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
#include "frame_common.glsl"

// Writes every indirect dispatch of the frame from the plan's per-pass extents. Each dispatch d of the model
// pass is sized by one extent (kinds[d]: 0 = the pass's tiles, 1 = its encoder rows, 2 = its query rows); its
// workgroup counts for every level of that extent (tiles: the count itself; rows: rounded up to `quantum`) were
// captured on the CPU at start-up by running the same recording code (the table, [D][levels] commands). An
// empty pass gets zero workgroups everywhere, so the cost of a frame follows its holes token by token. The
// resolve pass gets (resolveX, resolveY, tiles).

layout(local_size_x = 64) in;

layout(push_constant) uniform Push
{
    uint passes;
    uint D;
    uint levels;
    uint quantum;
    uint offTable;
    uint offIndirect;
    uint offResolve;
    uint resolveX;
    uint resolveY;
    uint offCounter;
    uint offPassInfo;
} pc;

void main()
{
    for (uint i = gl_LocalInvocationID.x; i < pc.passes * pc.D; i += 64u)
    {
        uint k = i / pc.D, d = i % pc.D;
        uint kind = fs[pc.offTable + d];
        uint extent = idx[pc.offPassInfo + k * 8u + kind];
        uint level = kind == 0u ? extent : (extent + pc.quantum - 1u) / pc.quantum;
        level = min(level, pc.levels - 1u);
        uint from = pc.offTable + pc.D + (d * pc.levels + level) * 3u;
        uint to = pc.offIndirect + i * 3u;
        fs[to] = fs[from];
        fs[to + 1u] = fs[from + 1u];
        fs[to + 2u] = fs[from + 2u];
    }

    if (gl_LocalInvocationID.x == 0u)
    {
        uint count = fs[pc.offCounter];
        fs[pc.offResolve] = count == 0u ? 0u : pc.resolveX;
        fs[pc.offResolve + 1u] = pc.resolveY;
        fs[pc.offResolve + 2u] = max(count, 1u);
    }
}
