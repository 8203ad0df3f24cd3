#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
#include "frame_common.glsl"

// One workgroup: turns the plan's per-grid-tile row counts into the frame's tile list, in grid order (so a
// frame's plan, and the order in which overlapping fills are summed, never depends on scheduling). Active tiles
// (any hole pixel: 1 + context encoder rows) get slots 0, 1, ...; the model runs them C at a time, pass k taking
// slots k*C .. k*C + C - 1, whose encoder rows and query rows are packed one tile after another. Writes per slot
// its grid index (tile list), per grid tile its slot or ~0 (tile map), per slot the tile's pass-local row
// ranges [encBase, encCount, qBase, qCount], per pass [tiles, encRows, qRows, encStart, qStart, 0, 0, 0], and the
// tile counter. Invocations exchange words through coherent views of the buffers, fenced by memoryBarrierBuffer.

#define GROUP 64u
layout(local_size_x = 64) in;

layout(push_constant) uniform Push
{
    uint gridCount;
    uint C;
    uint passes;
    uint offGridRows;
    uint offTileList;
    uint offTileMap;
    uint offCounter;
    uint offTileInfo;
    uint offPassInfo;
} pc;

layout(std430, set = 0, binding = 3) coherent buffer CoherentIndices { uint idxc[]; };
layout(std430, set = 1, binding = 4) coherent buffer CoherentFrameState { uint fsc[]; };

shared uint partial[3u * GROUP];
shared uint total;

void main()
{
    uint lid = gl_LocalInvocationID.x;
    uint run = (pc.gridCount + GROUP - 1u) / GROUP;
    uint first = min(lid * run, pc.gridCount), last = min(first + run, pc.gridCount);
    uint activeTiles = 0u, enc = 0u, q = 0u;
    for (uint g = first; g < last; g++)
    {
        uint e = fsc[pc.offGridRows + g * 2u];
        activeTiles += e != 0u ? 1u : 0u;
        enc += e;
        q += fsc[pc.offGridRows + g * 2u + 1u];
    }

    partial[lid] = activeTiles;
    partial[GROUP + lid] = enc;
    partial[2u * GROUP + lid] = q;
    barrier();
    if (lid == 0u)
    {
        uint a = 0u, e = 0u, r = 0u;
        for (uint i = 0u; i < GROUP; i++)
        {
            uint da = partial[i], de = partial[GROUP + i], dq = partial[2u * GROUP + i];
            partial[i] = a;
            partial[GROUP + i] = e;
            partial[2u * GROUP + i] = r;
            a += da;
            e += de;
            r += dq;
        }

        total = a;
        fsc[pc.offCounter] = a;
    }

    barrier();
    uint slot = partial[lid], encAt = partial[GROUP + lid], qAt = partial[2u * GROUP + lid];
    for (uint g = first; g < last; g++)
    {
        uint e = fsc[pc.offGridRows + g * 2u];
        if (e == 0u)
        {
            fsc[pc.offTileMap + g] = ~0u;
            continue;
        }

        uint m = fsc[pc.offGridRows + g * 2u + 1u];
        fsc[pc.offTileList + slot] = g;
        fsc[pc.offTileMap + g] = slot;
        idxc[pc.offTileInfo + slot * 4u] = encAt;
        idxc[pc.offTileInfo + slot * 4u + 1u] = e;
        idxc[pc.offTileInfo + slot * 4u + 2u] = qAt;
        idxc[pc.offTileInfo + slot * 4u + 3u] = m;
        slot++;
        encAt += e;
        qAt += m;
    }

    memoryBarrierBuffer();
    barrier();
    uint count = total;
    for (uint k = lid; k < pc.passes; k += GROUP)
    {
        uint at = pc.offPassInfo + k * 8u;
        uint s0 = k * pc.C;
        uint tiles = s0 < count ? min(count - s0, pc.C) : 0u;
        uint encStart = 0u, qStart = 0u, encRows = 0u, qRows = 0u;
        if (tiles != 0u)
        {
            uint s1 = s0 + tiles - 1u;
            encStart = idxc[pc.offTileInfo + s0 * 4u];
            qStart = idxc[pc.offTileInfo + s0 * 4u + 2u];
            encRows = idxc[pc.offTileInfo + s1 * 4u] + idxc[pc.offTileInfo + s1 * 4u + 1u] - encStart;
            qRows = idxc[pc.offTileInfo + s1 * 4u + 2u] + idxc[pc.offTileInfo + s1 * 4u + 3u] - qStart;
        }

        idxc[at] = tiles;
        idxc[at + 1u] = encRows;
        idxc[at + 2u] = qRows;
        idxc[at + 3u] = encStart;
        idxc[at + 4u] = qStart;
    }

    memoryBarrierBuffer();
    barrier();
    for (uint s = lid; s < count; s += GROUP)
    {
        uint at = pc.offPassInfo + (s / pc.C) * 8u;
        idxc[pc.offTileInfo + s * 4u] -= idxc[at + 3u];
        idxc[pc.offTileInfo + s * 4u + 2u] -= idxc[at + 4u];
    }
}
