#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

// LayerNorm of one row per workgroup, as torch computes it: biased variance, eps inside the root.
// Two passes over the row (mean, then the mean of (x - mean)^2) rather than E[x^2] - E[x]^2, which
// cancels catastrophically when |mean| >> std - the residual stream of a transformer is exactly that.
// Y may alias X: the last pass reads and writes each element from the same thread. The -DACT_FP16 build
// (layernorm_act16) reads X in fp32 (the residual stream) and writes Y as fp16 (offY in halves).

#define THREADS 128u

layout(local_size_x = 128) in;

layout(push_constant) uniform Push
{
    uint M;
    uint D;
    uint offX;
    uint offY;
    uint offGamma;
    uint offBeta;
    float eps;
} pc;

shared float partial[THREADS];

// Sum of every thread's value; all threads get the result.
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

    float total = partial[0];
    // Keeps a following call from overwriting partial[0] before everyone has read it.
    barrier();
    return total;
}

void main()
{
    uint row = linear_workgroup();
    // Uniform across the workgroup, so returning before the barriers is safe.
    if (row >= pc.M)
    {
        return;
    }

    uint t = gl_LocalInvocationID.x;
    uint base = pc.offX + row * pc.D;

    float s = 0.0;
    for (uint d = t; d < pc.D; d += THREADS)
    {
        s += act[base + d];
    }
    float mean = workgroup_sum(s) / float(pc.D);

    float q = 0.0;
    for (uint d = t; d < pc.D; d += THREADS)
    {
        float c = act[base + d] - mean;
        q += c * c;
    }
    float rstd = 1.0 / sqrt(workgroup_sum(q) / float(pc.D) + pc.eps);

    uint outBase = pc.offY + row * pc.D;
    for (uint d = t; d < pc.D; d += THREADS)
    {
        store_transient(outBase + d, (act[base + d] - mean) * rstd * wf[pc.offGamma + d] + wf[pc.offBeta + d]);
    }
}
