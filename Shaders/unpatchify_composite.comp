#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

// Turns the decoder's per-patch predictions back into pixels: the raw reconstruction (de-normalized,
// not clipped, for diagnostics and the golden test) and the composite, in which only hole pixels take
// the prediction. Known pixels are copied from the input unchanged, never round-tripped through the
// model, so the composite is bit-exact outside the hole.

layout(local_size_x = ELEMENT_GROUP_SIZE) in;

layout(push_constant) uniform Push
{
    uint B;
    uint S;
    uint p;
    uint G;
    uint offPred;
    uint offImage;
    uint offMask;
    uint offRecon;
    uint offOut;
    float mean0;
    float mean1;
    float mean2;
    float std0;
    float std1;
    float std2;
} pc;

void main()
{
    uint i = linear_invocation();
    if (i >= pc.B * pc.S * pc.S)
    {
        return;
    }

    uint x = i % pc.S;
    uint y = (i / pc.S) % pc.S;
    uint b = i / (pc.S * pc.S);
    uint pv = pc.p * pc.p * 3u;
    uint Td = 1u + pc.G * pc.G;
    uint token = 1u + (y / pc.p) * pc.G + x / pc.p;
    uint pred = pc.offPred + (b * Td + token) * pv + ((y % pc.p) * pc.p + x % pc.p) * 3u;
    bool hole = act[pc.offMask + i] >= 0.5;

    vec3 mean = vec3(pc.mean0, pc.mean1, pc.mean2);
    vec3 stdv = vec3(pc.std0, pc.std1, pc.std2);
    for (uint c = 0u; c < 3u; c++)
    {
        float recon = act[pred + c] * stdv[c] + mean[c];
        act[pc.offRecon + i * 3u + c] = recon;
        act[pc.offOut + i * 3u + c] = hole ? clamp(recon, 0.0, 1.0) : act[pc.offImage + i * 3u + c];
    }
}
