#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

// Builds the encoder's token rows [B, T, D]: the cls token, then each visible patch embedding plus
// the position embedding of the patch it came from (ids_keep maps row -> patch). Padded rows are
// zeroed so LayerNorm and the GEMMs see finite values in them.

layout(local_size_x = ELEMENT_GROUP_SIZE) in;

layout(push_constant) uniform Push
{
    uint B;
    uint Lk;
    uint D;
    uint offE;
    uint offX;
    uint offPos;
    uint offCls;
    uint offIdsKeep;
    uint offCount;
} pc;

void main()
{
    uint i = linear_invocation();
    uint T = 1u + pc.Lk;
    if (i >= pc.B * T * pc.D)
    {
        return;
    }

    uint d = i % pc.D;
    uint row = i / pc.D;
    uint t = row % T;
    uint b = row / T;

    float value;
    if (t == 0u)
    {
        value = wf[pc.offCls + d] + wf[pc.offPos + d];
    }
    else
    {
        uint r = t - 1u;
        value = 0.0;
        if (r < idx[pc.offCount + b])
        {
            uint patchIndex = idx[pc.offIdsKeep + b * pc.Lk + r];
            value = act[pc.offE + (b * pc.Lk + r) * pc.D + d] + wf[pc.offPos + (1u + patchIndex) * pc.D + d];
        }
    }

    act[pc.offX + i] = value;
}
