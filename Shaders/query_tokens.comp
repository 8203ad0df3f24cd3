#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

// The masked-query decoder's query rows: X[Q] = mask_token + pos[1 + query[b][j]] for the pass's packed query
// rows Q (tile b, query j from the row table). Invocations past the pass's query row count do nothing.

layout(local_size_x = ELEMENT_GROUP_SIZE) in;

layout(push_constant) uniform Push
{
    uint Dd;
    uint L;
    uint offX;
    uint offPos;
    uint offMaskToken;
    uint offRowTile;
    uint offRows;
    uint offQuery;
} pc;

void main()
{
    uint i = linear_invocation();
    uint row = i / pc.Dd;
    if (row >= idx[pc.offRows])
    {
        return;
    }

    uint d = i % pc.Dd;
    uint tile = idx[pc.offRowTile + row];
    uint b = tile / 4096u, j = tile % 4096u;
    uint patchIndex = idx[pc.offQuery + b * pc.L + j];
    act[pc.offX + i] = wf[pc.offMaskToken + d] + wf[pc.offPos + (1u + patchIndex) * pc.Dd + d];
}
