#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

// Turns the decoder's per-patch predictions back into pixels: the raw reconstruction (de-normalized, not
// clipped) and the composite, in which only hole pixels take the prediction. Known pixels are copied from the
// input unchanged, never round-tripped through the model, so the composite is bit-exact outside the hole.
// The full decoder predicts every patch (tile b's patch i at row b * (1 + L) + 1 + i); the masked-query decoder
// only its queries (query j of tile b at row qBase[b] + j), and a patch without a prediction reconstructs as
// the input itself.

layout(local_size_x = ELEMENT_GROUP_SIZE) in;

layout(push_constant) uniform Push
{
    uint S;
    uint p;
    uint G;
    uint fullDecoder;
    uint offPred;
    uint offImage;
    uint offMask;
    uint offRecon;
    uint offOut;
    uint offTileInfo;
    uint offRank;
    uint offTiles;
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
    uint b = i / (pc.S * pc.S);
    if (b >= idx[pc.offTiles])
    {
        return;
    }

    uint x = i % pc.S;
    uint y = (i / pc.S) % pc.S;
    uint pv = pc.p * pc.p * 3u;
    uint L = pc.G * pc.G;
    uint patchIndex = (y / pc.p) * pc.G + x / pc.p;
    uint rank = idx[pc.offRank + b * L + patchIndex];
    bool predicted = pc.fullDecoder != 0u || rank >= 0x80000000u;
    uint row = pc.fullDecoder != 0u ? b * (1u + L) + 1u + patchIndex : idx[pc.offTileInfo + b * 4u + 2u] + (rank & 0x7fffffffu);
    uint pred = pc.offPred + row * pv + ((y % pc.p) * pc.p + x % pc.p) * 3u;
    bool hole = act[pc.offMask + i] >= 0.5;
    vec3 mean = vec3(pc.mean0, pc.mean1, pc.mean2);
    vec3 stdv = vec3(pc.std0, pc.std1, pc.std2);
    for (uint c = 0u; c < 3u; c++)
    {
        float image = act[pc.offImage + i * 3u + c];
        float recon = predicted ? act[pred + c] * stdv[c] + mean[c] : image;
        act[pc.offRecon + i * 3u + c] = recon;
        act[pc.offOut + i * 3u + c] = hole ? clamp(recon, 0.0, 1.0) : image;
    }
}
