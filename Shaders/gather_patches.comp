#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

// Patchify + normalize the patches each encoder row sees: out[R, PV] for the pass's packed encoder rows R.
// The row table gives R's tile b and its row r within the tile; row 0 is the cls token (zeros here: its
// embedding is replaced by add_position), row r > 0 holds patch context[b][r - 1]. Hole pixels of visible
// patches (MaskPolicy.MostlyHole) enter as pixel value 0, whatever colour the tile holds there, as the trainer
// feeds them. Invocations past the pass's row count (an indirect grid is rounded up) do nothing.

layout(local_size_x = ELEMENT_GROUP_SIZE) in;

layout(push_constant) uniform Push
{
    uint S;
    uint p;
    uint G;
    uint L;
    uint offImage;
    uint offMask;
    uint offOut;
    uint offRowTile;
    uint offRows;
    uint offContext;
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
    uint row = i / pv;
    if (row >= idx[pc.offRows])
    {
        return;
    }

    uint v = i % pv;
    uint tile = idx[pc.offRowTile + row];
    uint b = tile / 4096u, r = tile % 4096u;
    float value = 0.0;
    if (r != 0u)
    {
        uint patchIndex = idx[pc.offContext + b * pc.L + r - 1u];
        uint c = v % 3u;
        uint k = v / 3u;
        uint y = (patchIndex / pc.G) * pc.p + k / pc.p;
        uint x = (patchIndex % pc.G) * pc.p + k % pc.p;
        float mean = c == 0u ? pc.mean0 : (c == 1u ? pc.mean1 : pc.mean2);
        float stdv = c == 0u ? pc.std0 : (c == 1u ? pc.std1 : pc.std2);
        uint pixel = (b * pc.S + y) * pc.S + x;
        float px = act[pc.offMask + pixel] >= 0.5 ? 0.0 : act[pc.offImage + pixel * 3u + c];
        value = (px - mean) / stdv;
    }

    act[pc.offOut + i] = value;
}
