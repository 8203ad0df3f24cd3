#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

// Multi-head self-attention for one query row of one head of one tile: workgroup (i, h, b).
// Fused: the row of scores lives in shared memory, so neither the [T, T] score matrix nor the
// probabilities ever reach the arena. The softmax subtracts the row maximum first, so exp cannot
// overflow whatever the scale of q . k, and divides by the sum once at the end.
//
// Encoder rows past 1 + count[b] are padding: with useCount they are excluded as keys, so a tile's
// result does not depend on how many visible patches the other tiles of the batch have.

#define THREADS 64u
#define MAX_TOKENS 2048u

layout(local_size_x = 64) in;

layout(push_constant) uniform Push
{
    uint T;
    uint D;
    uint H;
    uint offQKV;
    uint offOut;
    uint offCount;
    uint useCount;
    float scale;
} pc;

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

void main()
{
    uint i = gl_WorkGroupID.x;
    uint h = gl_WorkGroupID.y;
    uint b = gl_WorkGroupID.z;
    uint t = gl_LocalInvocationID.x;
    uint hd = pc.D / pc.H;
    uint stride = 3u * pc.D;

    // The runtime never exceeds MAX_TOKENS; the clamp only keeps a bad dispatch inside the shared array.
    uint n = pc.useCount != 0u ? 1u + idx[pc.offCount + b] : pc.T;
    n = min(min(n, pc.T), MAX_TOKENS);

    uint outBase = pc.offOut + (b * pc.T + i) * pc.D + h * hd;
    // i and n are uniform across the workgroup, so this early return precedes every barrier.
    if (i >= n)
    {
        for (uint e = t; e < hd; e += THREADS)
        {
            act[outBase + e] = 0.0;
        }
        return;
    }

    uint rowBase = pc.offQKV + b * pc.T * stride;
    uint q = rowBase + i * stride + h * hd;
    uint k = rowBase + pc.D + h * hd;
    uint v = rowBase + 2u * pc.D + h * hd;

    float localMax = -3.402823466e38;
    for (uint j = t; j < n; j += THREADS)
    {
        float dot = 0.0;
        for (uint e = 0u; e < hd; e++)
        {
            dot = fma(act[q + e], act[k + j * stride + e], dot);
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

    for (uint e = t; e < hd; e += THREADS)
    {
        float o = 0.0;
        for (uint j = 0u; j < n; j++)
        {
            o = fma(scores[j], act[v + j * stride + e], o);
        }
        act[outBase + e] = o * inv;
    }
}
