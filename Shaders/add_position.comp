#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

// Token rows from embedded rows, for the pass's packed encoder rows R (tile b, row r from the row table):
// X[R] = E[R] + pos[1 + context[b][r - 1]] for r > 0; row 0 is the cls token: cls + pos[0] for the encoder
// (clsFromE = 0) or E[R] + pos[0] for the masked-query decoder's key rows (clsFromE = 1: the embedded encoder
// output of the cls row). Invocations past the pass's row count do nothing.

layout(local_size_x = ELEMENT_GROUP_SIZE) in;

layout(push_constant) uniform Push
{
    uint D;
    uint L;
    uint offE;
    uint offX;
    uint offPos;
    uint offCls;
    uint offRowTile;
    uint offRows;
    uint offContext;
    uint clsFromE;
} pc;

void main()
{
    uint i = linear_invocation();
    uint row = i / pc.D;
    if (row >= idx[pc.offRows])
    {
        return;
    }

    uint d = i % pc.D;
    uint tile = idx[pc.offRowTile + row];
    uint b = tile / 4096u, r = tile % 4096u;
    float value;
    if (r == 0u)
    {
        value = (pc.clsFromE != 0u ? act[pc.offE + i] : wf[pc.offCls + d]) + wf[pc.offPos + d];
    }
    else
    {
        uint patchIndex = idx[pc.offContext + b * pc.L + r - 1u];
        value = act[pc.offE + i] + wf[pc.offPos + (1u + patchIndex) * pc.D + d];
    }

    act[pc.offX + i] = value;
}
