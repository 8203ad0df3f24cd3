#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

// LayerNorm for CPU Vulkan drivers (Mesa's lavapipe): the contract of layernorm.comp, but one invocation
// per row instead of one workgroup, so there is no shared-memory reduction and no barrier (both expensive
// on llvmpipe, see gemm_rb.comp), and X, gamma and beta are read as vec4 texels. Still two passes over the
// row (mean, then the mean of (x - mean)^2) for the reason layernorm.comp gives, then a third that writes.
// Y may alias X: each element is read before it is written, by the same invocation.
//
// Requirements, checked by the runtime (KernelSet.LayerNormRowsFits), which uses layernorm.comp otherwise:
// D and every offset multiples of 4.
//
// Dispatch: one invocation per row, GROUP per workgroup, ceil(M / GROUP) workgroups, possibly folded into
// a 2D grid.

#define GROUP 64u

layout(local_size_x = 64) in;

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

// vec4 view of the arena at the binding common.glsl declares, for the stores (aliasing views are legal).
layout(std430, set = 0, binding = 2) writeonly buffer ArenaV4 { vec4 act4[]; };

void main()
{
    uint row = linear_invocation_of(GROUP);
    if (row >= pc.M)
    {
        return;
    }

    uint d4 = pc.D / 4u;
    uint xt = (pc.offX + row * pc.D) / 4u;

    vec4 sum = vec4(0.0);
    for (uint d = 0u; d < d4; d++)
    {
        sum += texelFetch(atex, int(xt + d));
    }
    float mean = (sum.x + sum.y + sum.z + sum.w) / float(pc.D);

    vec4 sq = vec4(0.0);
    for (uint d = 0u; d < d4; d++)
    {
        vec4 c = texelFetch(atex, int(xt + d)) - mean;
        sq = fma(c, c, sq);
    }
    float rstd = 1.0 / sqrt((sq.x + sq.y + sq.z + sq.w) / float(pc.D) + pc.eps);

    uint yt = (pc.offY + row * pc.D) / 4u;
    uint gt = pc.offGamma / 4u;
    uint bt = pc.offBeta / 4u;
    for (uint d = 0u; d < d4; d++)
    {
        act4[yt + d] = (texelFetch(atex, int(xt + d)) - mean) * rstd * texelFetch(wtex, int(gt + d)) + texelFetch(wtex, int(bt + d));
    }
}
