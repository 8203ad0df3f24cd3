#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

// Patchify + normalize the visible patches of each tile: the encoder's input rows [B, Lk, PV]. Hole
// pixels of visible patches (MaskPolicy.MostlyHole) enter as pixel value 0, whatever colour the tile holds
// there, as the trainer feeds them.
// Rows past a tile's visible count are zeroed so that padded rows hold defined values (they are never
// attended to, but they still flow through the GEMMs).

layout(local_size_x = ELEMENT_GROUP_SIZE) in;

layout(push_constant) uniform Push
{
    uint B;
    uint Lk;
    uint S;
    uint p;
    uint G;
    uint offImage;
    uint offMask;
    uint offOut;
    uint offIdsKeep;
    uint offCount;
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
    uint pv = pc.p * pc.p * 3u;
    if (i >= pc.B * pc.Lk * pv)
    {
        return;
    }

    uint v = i % pv;
    uint row = i / pv;
    uint r = row % pc.Lk;
    uint b = row / pc.Lk;

    float value = 0.0;
    if (r < idx[pc.offCount + b])
    {
        uint patchIndex = idx[pc.offIdsKeep + b * pc.Lk + r];
        uint c = v % 3u;
        uint k = v / 3u;
        uint y = (patchIndex / pc.G) * pc.p + k / pc.p;
        uint x = (patchIndex % pc.G) * pc.p + k % pc.p;
        float mean = c == 0u ? pc.mean0 : (c == 1u ? pc.mean1 : pc.mean2);
        float stdv = c == 0u ? pc.std0 : (c == 1u ? pc.std1 : pc.std2);
        uint pixel = (b * pc.S + y) * pc.S + x;
        float v = act[pc.offMask + pixel] >= 0.5 ? 0.0 : act[pc.offImage + pixel * 3u + c];
        value = (v - mean) / stdv;
    }

    act[pc.offOut + i] = value;
}
