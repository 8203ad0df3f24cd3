#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
#include "frame_common.glsl"

// Writes every indirect dispatch of the frame from the number of tiles the planning pass found: pass k
// of the model takes b = clamp(count - k * C, 0, C) tiles, and its d-th dispatch's workgroup counts were
// captured on the CPU for each b at start-up (the table, [D][C + 1] commands). A pass with no tiles
// gets zero workgroups everywhere: the cost of a frame follows its hole area. The resolve pass gets
// (resolveX, resolveY, count).

layout(local_size_x = 64) in;

layout(push_constant) uniform Push
{
    uint passes;
    uint D;
    uint C;
    uint offCounter;
    uint offTable;
    uint offIndirect;
    uint offResolve;
    uint resolveX;
    uint resolveY;
} pc;

void main()
{
    uint count = fs[pc.offCounter];
    for (uint i = gl_LocalInvocationID.x; i < pc.passes * pc.D; i += 64u)
    {
        uint k = i / pc.D, d = i % pc.D;
        uint b = uint(clamp(int(count) - int(k * pc.C), 0, int(pc.C)));
        uint from = pc.offTable + (d * (pc.C + 1u) + b) * 3u;
        uint to = pc.offIndirect + i * 3u;
        fs[to] = fs[from];
        fs[to + 1u] = fs[from + 1u];
        fs[to + 2u] = fs[from + 2u];
    }

    if (gl_LocalInvocationID.x == 0u)
    {
        fs[pc.offResolve] = count == 0u ? 0u : pc.resolveX;
        fs[pc.offResolve + 1u] = pc.resolveY;
        fs[pc.offResolve + 2u] = max(count, 1u);
    }
}
