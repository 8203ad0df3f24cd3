#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
#include "frame_common.glsl"

// One workgroup per grid tile (inactive tiles return at once): writes its slot's lists from the plan's flag
// words, in ascending patch order as PatchPlan defines them: context[r] = the patch of encoder row 1 + r,
// query[j] = the patch of query row j, rank[i] = 0x80000000 | j for a masked patch, 1 + r for a context patch,
// 0 for a patch the pass does not see; and the pass's row tables, which map each packed row of the pass to
// (tile in pass) * 4096 + row within the tile, so per-row kernels find their tile without searching.

#define GROUP 64u
layout(local_size_x = 64) in;

layout(push_constant) uniform Push
{
    uint L;
    uint C;
    uint offFlags;
    uint offTileMap;
    uint offTileInfo;
    uint offContext;
    uint offQuery;
    uint offRank;
    uint offEncRowTile;
    uint offQueryRowTile;
    uint encCap;
    uint queryCap;
} pc;

shared uint partialContext[GROUP];
shared uint partialMasked[GROUP];

void main()
{
    uint lid = gl_LocalInvocationID.x;
    uint grid = gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x;
    uint slot = fs[pc.offTileMap + grid];
    if (slot == ~0u)
    {
        return;
    }

    // Each invocation ranks a contiguous run of patches: counts per run, then a prefix over runs.
    uint run = (pc.L + GROUP - 1u) / GROUP;
    uint first = min(lid * run, pc.L), last = min(first + run, pc.L);
    uint context = 0u, masked = 0u;
    for (uint i = first; i < last; i++)
    {
        uint f = fs[pc.offFlags + grid * pc.L + i];
        masked += f & 1u;
        context += (f >> 1u) & 1u;
    }

    partialContext[lid] = context;
    partialMasked[lid] = masked;
    barrier();
    if (lid == 0u)
    {
        uint c = 0u, m = 0u;
        for (uint i = 0u; i < GROUP; i++)
        {
            uint dc = partialContext[i], dm = partialMasked[i];
            partialContext[i] = c;
            partialMasked[i] = m;
            c += dc;
            m += dm;
        }
    }

    barrier();
    uint r = partialContext[lid], j = partialMasked[lid];
    uint lists = slot * pc.L;
    for (uint i = first; i < last; i++)
    {
        uint f = fs[pc.offFlags + grid * pc.L + i];
        uint rank = 0u;
        if ((f & 1u) != 0u)
        {
            idx[pc.offQuery + lists + j] = i;
            rank = 0x80000000u | j;
            j++;
        }
        else if ((f & 2u) != 0u)
        {
            idx[pc.offContext + lists + r] = i;
            rank = 1u + r;
            r++;
        }

        idx[pc.offRank + lists + i] = rank;
    }

    uint pass = slot / pc.C, b = slot % pc.C;
    uint encBase = idx[pc.offTileInfo + slot * 4u], encCount = idx[pc.offTileInfo + slot * 4u + 1u];
    uint qBase = idx[pc.offTileInfo + slot * 4u + 2u], qCount = idx[pc.offTileInfo + slot * 4u + 3u];
    for (uint row = lid; row < encCount; row += GROUP)
    {
        idx[pc.offEncRowTile + pass * pc.encCap + encBase + row] = b * 4096u + row;
    }

    for (uint row = lid; row < qCount; row += GROUP)
    {
        idx[pc.offQueryRowTile + pass * pc.queryCap + qBase + row] = b * 4096u + row;
    }
}
