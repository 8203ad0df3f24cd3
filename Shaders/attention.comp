#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
#include "attention_rows.glsl"

// Multi-head attention for one query row of one head of one tile: workgroup (i, h, b), i below capRows; rows
// past the tile's query count return at once. Fused: the row of scores over the tile's keys (segment A, then
// B) lives in shared memory, so neither the score matrix nor the probabilities reach the arena. The softmax
// subtracts the row maximum first, so exp cannot overflow whatever the scale of q . k, and divides by the sum
// once at the end. At most 2048 keys per tile. q, k, v and the output are transient tensors (fp16 in the
// -DACT_FP16 build).

#define THREADS 64u
#define MAX_TOKENS 2048u

layout(local_size_x = 64) in;

shared float scores[MAX_TOKENS];
shared float partial[THREADS];

float workgroup_max(float value)
{
    uint t = gl_LocalInvocationID.x;
    partial[t] = value;
    barrier();
    for (uint stride = THREADS / 2u; stride > 0u; stride >>= 1u)
    {
        if (t < stride)
        {
            partial[t] = max(partial[t], partial[t + stride]);
        }
        barrier();
    }

    float result = partial[0];
    barrier();
    return result;
}

float workgroup_sum(float value)
{
    uint t = gl_LocalInvocationID.x;
    partial[t] = value;
    barrier();
    for (uint stride = THREADS / 2u; stride > 0u; stride >>= 1u)
    {
        if (t < stride)
        {
            partial[t] += partial[t + stride];
        }
        barrier();
    }

    float result = partial[0];
    barrier();
    return result;
}

// Element offset of key j's k (or v: column `vcol` instead of `kcol`) for head h of tile b.
uint key_at(uvec2 a, uvec2 bs, uint j, uint h, bool value)
{
    if (j < a.y)
    {
        return pc.offA + (a.x + j) * pc.aStride + (value ? pc.aV : pc.aK) + h * pc.hd;
    }

    return pc.offB + (bs.x + j - a.y) * pc.bStride + (value ? pc.bV : pc.bK) + h * pc.hd;
}

void main()
{
    uint i = gl_WorkGroupID.x;
    uint h = gl_WorkGroupID.y;
    uint b = gl_WorkGroupID.z;
    uint t = gl_LocalInvocationID.x;

    uvec2 qr = tile_rows(pc.qSel, b);
    // i and the counts are uniform across the workgroup, so this early return precedes every barrier.
    if (i >= qr.y)
    {
        return;
    }

    uvec2 a = tile_rows(pc.aSel, b);
    uvec2 bs = tile_rows(pc.bSel, b);
    // The runtime never exceeds MAX_TOKENS; the clamp only keeps a bad dispatch inside the shared array.
    uint n = min(a.y + bs.y, MAX_TOKENS);
    uint q = pc.offQ + (qr.x + i) * pc.qStride + h * pc.hd;
    uint outBase = pc.offOut + (qr.x + i) * pc.outStride + h * pc.hd;

    float localMax = -3.402823466e38;
    for (uint j = t; j < n; j += THREADS)
    {
        uint k = key_at(a, bs, j, h, false);
        float dot = 0.0;
        for (uint e = 0u; e < pc.hd; e++)
        {
            dot = fma(load_transient(q + e), load_transient(k + e), dot);
        }
        float s = pc.scale * dot;
        scores[j] = s;
        localMax = max(localMax, s);
    }
    float rowMax = workgroup_max(localMax);

    float localSum = 0.0;
    for (uint j = t; j < n; j += THREADS)
    {
        float w = exp(scores[j] - rowMax);
        scores[j] = w;
        localSum += w;
    }
    // workgroup_sum's barriers also publish every thread's scores[] writes before the V pass.
    float rowSum = workgroup_sum(localSum);
    float inv = 1.0 / rowSum;

    for (uint e = t; e < pc.hd; e += THREADS)
    {
        float o = 0.0;
        for (uint j = 0u; j < n; j++)
        {
            o = fma(scores[j], load_transient(key_at(a, bs, j, h, true) + e), o);
        }
        store_transient(outBase + e, o * inv);
    }
}
