#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

// Builds the decoder's full token sequence [B, Td, Dd] in patch order: ids_restore says, for each
// patch, which encoder row holds it; patches the encoder never saw (restored row >= count) get the
// learned mask token. Every patch then gets its decoder position embedding.

layout(local_size_x = ELEMENT_GROUP_SIZE) in;

layout(push_constant) uniform Push
{
    uint B;
    uint T;
    uint L;
    uint Dd;
    uint offEd;
    uint offXd;
    uint offMaskToken;
    uint offPos;
    uint offIdsRestore;
    uint offCount;
} pc;

void main()
{
    uint i = linear_invocation();
    uint Td = 1u + pc.L;
    if (i >= pc.B * Td * pc.Dd)
    {
        return;
    }

    uint d = i % pc.Dd;
    uint row = i / pc.Dd;
    uint t = row % Td;
    uint b = row / Td;

    float token;
    if (t == 0u)
    {
        token = act[pc.offEd + b * pc.T * pc.Dd + d];
    }
    else
    {
        uint r = idx[pc.offIdsRestore + b * pc.L + (t - 1u)];
        token = r < idx[pc.offCount + b]
            ? act[pc.offEd + (b * pc.T + 1u + r) * pc.Dd + d]
            : wf[pc.offMaskToken + d];
    }

    act[pc.offXd + i] = token + wf[pc.offPos + t * pc.Dd + d];
}
