#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
#include "common.glsl"
#include "gelu.glsl"

// Register-blocked GEMM for CPU Vulkan drivers (Mesa's lavapipe): the contract of gemm.comp,
// Y = [R +] act(X * W^T [+ bias]), compiled twice (fp32 W, and fp16 W with -DWEIGHTS_FP16).
//
// Why a second GEMM: llvmpipe runs 8 invocations as the lanes of one AVX register. A multiply-add costs
// one instruction for all 8 lanes, but a storage-buffer or shared-memory read is a scalar loop over the
// lanes (measured on Mesa 22.3: ~8 ns per lane and element, as much as 20 multiply-adds), and barriers
// suspend and resume every group of lanes. gemm.comp's 64x64 tiles pay both. Here there is no shared
// memory and no barrier; X, W, bias and R are read through the texel views of common.glsl (a texel fetch
// compiles to vector loads: ~1.4 ns per lane for 4 floats) and each invocation keeps an RM x RN block of
// Y in registers, so every X texel feeds RN * 4 multiply-adds and every W texel RM * 4. The accumulators
// spill past the 16 AVX registers; a spill is a plain load/store, cheap next to any buffer read.
// Y is written with vec4 storage-buffer stores (stores, unlike reads, are cheap there).
//
// Requirements, checked by the runtime (KernelSet.GemmRbFits), which uses gemm.comp otherwise: K and N
// multiples of 4; offX, offW (halves for fp16), offY, and offBias / offR when used, multiples of 4.
// Rows past M and columns past N read the last valid row and are dropped at the store, so the K loop has
// no bounds checks. On real GPUs the tiled gemm.comp is faster; the runtime picks this one on CPUs.
//
// Dispatch: one invocation per RM x RN block, GROUP invocations per workgroup, ceil(M/RM) * ceil(N/RN)
// invocations in all, possibly folded into a 2D grid. Block id = rowBlock + rowBlocks * colBlock, so the
// 8 lanes of an AVX register read the same W rows and neighbouring X rows.

// Block and workgroup shape; KernelSet (GemmRbRows, GemmRbCols, RowGroup) sizes the grid with the same
// numbers. 8 x 16 measured best on llvmpipe among 4..16 x 4..32 (larger blocks mean fewer texel fetches
// per multiply-add; larger ones stop paying as the spilled accumulators grow).
#define GROUP 64u
#define RM 8u
#define RN 16u

const uint FLAG_BIAS = 1u;
const uint FLAG_GELU = 2u;
const uint FLAG_RESIDUAL = 4u;

layout(local_size_x = 64) in;

layout(push_constant) uniform Push
{
    uint M;
    uint N;
    uint K;
    uint offX;
    uint offW;
    uint offBias;
    uint offY;
    uint offR;
    uint flags;
} pc;

// vec4 view of the arena at the binding common.glsl declares, for the stores (aliasing views are legal).
layout(std430, set = 0, binding = 2) writeonly buffer ArenaV4 { vec4 act4[]; };

// a + x . w as four chained fmas.
float fma4(vec4 x, vec4 w, float a)
{
    a = fma(x.x, w.x, a);
    a = fma(x.y, w.y, a);
    a = fma(x.z, w.z, a);
    return fma(x.w, w.w, a);
}

// Four consecutive weights of W starting at texel t (fp32: one RGBA32F texel; fp16: one RG32UI texel of 4 halves).
vec4 weights4(uint t)
{
#ifdef WEIGHTS_FP16
    uvec2 h = texelFetch(whtex, int(t)).xy;
    return vec4(unpackHalf2x16(h.x), unpackHalf2x16(h.y));
#else
    return texelFetch(wtex, int(t));
#endif
}

void main()
{
    uint id = linear_invocation_of(GROUP);
    uint rowBlocks = (pc.M + RM - 1u) / RM;
    uint colBlocks = (pc.N + RN - 1u) / RN;
    if (id >= rowBlocks * colBlocks)
    {
        return;
    }

    // Row-major over blocks: a block's position depends on N only, never on M, so a dispatch sized for
    // fewer rows than M (the frame pipeline's indirect passes) still covers exactly the first rows.
    uint m0 = (id / colBlocks) * RM;
    uint n0 = (id % colBlocks) * RN;
    uint k4 = pc.K / 4u;

    // First texel of each X row and W row of the block, rows clamped into the matrices.
    uint xt[RM];
    uint wt[RN];
    [[unroll]] for (uint r = 0u; r < RM; r++)
    {
        xt[r] = pc.offX / 4u + min(m0 + r, pc.M - 1u) * k4;
    }
    [[unroll]] for (uint c = 0u; c < RN; c++)
    {
        wt[c] = pc.offW / 4u + min(n0 + c, pc.N - 1u) * k4;
    }

    float acc[RM * RN];
    [[unroll]] for (uint i = 0u; i < RM * RN; i++)
    {
        acc[i] = 0.0;
    }

    for (uint s = 0u; s < k4; s++)
    {
        vec4 x[RM];
        [[unroll]] for (uint r = 0u; r < RM; r++)
        {
            x[r] = texelFetch(atex, int(xt[r] + s));
        }
        [[unroll]] for (uint c = 0u; c < RN; c++)
        {
            vec4 w = weights4(wt[c] + s);
            [[unroll]] for (uint r = 0u; r < RM; r++)
            {
                acc[r * RN + c] = fma4(x[r], w, acc[r * RN + c]);
            }
        }
    }

    // Epilogue, 4 columns at a time: N is a multiple of 4, so a group of 4 is wholly inside or outside.
    [[unroll]] for (uint c = 0u; c < RN; c += 4u)
    {
        uint n = n0 + c;
        vec4 bias = vec4(0.0);
        if ((pc.flags & FLAG_BIAS) != 0u)
        {
            bias = texelFetch(wtex, int(pc.offBias / 4u + min(n, pc.N - 4u) / 4u));
        }
        [[unroll]] for (uint r = 0u; r < RM; r++)
        {
            uint m = m0 + r;
            if (m < pc.M && n < pc.N)
            {
                uint a = r * RN + c;
                vec4 v = vec4(acc[a], acc[a + 1u], acc[a + 2u], acc[a + 3u]) + bias;
                if ((pc.flags & FLAG_GELU) != 0u)
                {
                    v = vec4(gelu(v.x), gelu(v.y), gelu(v.z), gelu(v.w));
                }
                // R may alias Y: this invocation reads R[m, n..n+3] before writing Y there, and no other
                // invocation touches those elements.
                if ((pc.flags & FLAG_RESIDUAL) != 0u)
                {
                    v += texelFetch(atex, int((pc.offR + m * pc.N + n) / 4u));
                }
                act4[(pc.offY + m * pc.N + n) / 4u] = v;
            }
        }
    }
}
