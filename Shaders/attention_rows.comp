#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
#include "common.glsl"

// Multi-head self-attention for CPU Vulkan drivers (Mesa's lavapipe): the contract of attention.comp,
// but each invocation computes whole output rows on its own, with no shared memory and no barrier (both
// expensive on llvmpipe, see gemm_rb.comp), reading q, k and v through the arena's texel view.
//
// Invocation = QROWS consecutive query rows of one head of one tile. It walks the valid keys once with an
// online softmax: a running maximum mx and sum l per row; when a key raises the maximum, the sum and the
// output accumulator are rescaled by exp(old - new) before the key's weight exp(s - new) is added, so exp
// never overflows and no score is stored. q and the output accumulator live in registers as vec4s. Each
// k and v texel fetched serves all QROWS rows, which is what makes this faster than one row per
// invocation (texel fetches, not multiply-adds, dominate on llvmpipe).
//
// Compiled per head-size class: MAX_HEAD_DIM = 16, 32 or 64 (attention_rows_hd16/32/64). The arrays have
// MAX_HEAD_DIM / 4 vec4s; head sizes below it mask off the tail. llvmpipe executes masked code anyway, so
// the runtime picks the smallest class that holds head_dim.
//
// Requirements, checked by the runtime (KernelSet.AttentionRowsFits), which uses attention.comp
// otherwise: head_dim = D / H a multiple of 4 and at most 64; offQKV and offOut multiples of 4.
//
// Dispatch: grid (ceil(H * qBlocks / GROUP), 1, B) with qBlocks = ceil(T / QROWS), GROUP invocations per
// workgroup. Workgroup z is the tile; invocation x of that tile takes head x / qBlocks and query rows
// QROWS * (x % qBlocks) .. + QROWS - 1, so the lanes of one AVX register share keys and values.

// KernelSet (AttentionQueryRows, RowGroup) sizes the grid with the same numbers. 4 rows per invocation
// measured best on llvmpipe (1: 1.4x slower; 8: more registers spilled than fetches saved).
#define GROUP 64u
#define QROWS 4u
#define HEAD_VEC4 (MAX_HEAD_DIM / 4u)

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

// vec4 view of the arena at the binding common.glsl declares, for the stores (aliasing views are legal).
layout(std430, set = 0, binding = 2) writeonly buffer ArenaV4 { vec4 act4[]; };

void main()
{
    uint b = gl_WorkGroupID.z;
    uint x = gl_WorkGroupID.x * GROUP + gl_LocalInvocationID.x;
    uint qBlocks = (pc.T + QROWS - 1u) / QROWS;
    if (x >= pc.H * qBlocks)
    {
        return;
    }

    uint h = x / qBlocks;
    uint i0 = (x % qBlocks) * QROWS;
    uint hd4 = pc.D / pc.H / 4u;
    uint d4 = pc.D / 4u;
    uint stride4 = 3u * d4;
    uint n = pc.useCount != 0u ? min(1u + idx[pc.offCount + b], pc.T) : pc.T;

    // Texels of row 0 of this tile's q, k and v for head h; row i adds i * stride4.
    uint qt = pc.offQKV / 4u + b * pc.T * stride4 + h * hd4;
    uint kt = qt + d4;
    uint vt = qt + 2u * d4;

    // q is pre-scaled, so a score is a plain dot product. Rows past T read row T - 1 (valid memory, never
    // stored); the vec4s past head_dim are zero, so they add nothing to the scores.
    vec4 q[QROWS * HEAD_VEC4];
    vec4 o[QROWS * HEAD_VEC4];
    float mx[QROWS];
    float l[QROWS];
    [[unroll]] for (uint r = 0u; r < QROWS; r++)
    {
        uint row = min(i0 + r, pc.T - 1u);
        [[unroll]] for (uint e = 0u; e < HEAD_VEC4; e++)
        {
            q[r * HEAD_VEC4 + e] = e < hd4 ? texelFetch(atex, int(qt + row * stride4 + e)) * pc.scale : vec4(0.0);
            o[r * HEAD_VEC4 + e] = vec4(0.0);
        }
        mx[r] = -3.402823466e38;
        l[r] = 0.0;
    }

    // Invocations whose rows are all padding (i0 >= n) skip the keys and write zeros.
    uint keys = i0 < n ? n : 0u;
    for (uint j = 0u; j < keys; j++)
    {
        float s[QROWS];
        [[unroll]] for (uint r = 0u; r < QROWS; r++)
        {
            s[r] = 0.0;
        }
        // Past head_dim (e >= hd4) the fetches repeat the last texel of the head, so they stay inside the
        // arena; q is zero there and those accumulators are never stored.
        [[unroll]] for (uint e = 0u; e < HEAD_VEC4; e++)
        {
            vec4 k = texelFetch(atex, int(kt + j * stride4 + min(e, hd4 - 1u)));
            [[unroll]] for (uint r = 0u; r < QROWS; r++)
            {
                s[r] += dot(q[r * HEAD_VEC4 + e], k);
            }
        }

        float corr[QROWS];
        float p[QROWS];
        [[unroll]] for (uint r = 0u; r < QROWS; r++)
        {
            float m = max(mx[r], s[r]);
            corr[r] = exp(mx[r] - m);
            p[r] = exp(s[r] - m);
            l[r] = fma(l[r], corr[r], p[r]);
            mx[r] = m;
        }

        [[unroll]] for (uint e = 0u; e < HEAD_VEC4; e++)
        {
            vec4 v = texelFetch(atex, int(vt + j * stride4 + min(e, hd4 - 1u)));
            [[unroll]] for (uint r = 0u; r < QROWS; r++)
            {
                o[r * HEAD_VEC4 + e] = fma(o[r * HEAD_VEC4 + e], vec4(corr[r]), p[r] * v);
            }
        }
    }

    [[unroll]] for (uint r = 0u; r < QROWS; r++)
    {
        uint i = i0 + r;
        // Padding rows (i >= n) are written as zero whatever their accumulators hold.
        bool valid = i < n;
        float inv = valid ? 1.0 / l[r] : 0.0;
        uint ot = (pc.offOut + (b * pc.T + i) * pc.D) / 4u + h * hd4;
        [[unroll]] for (uint e = 0u; e < HEAD_VEC4; e++)
        {
            if (i < pc.T && e < hd4)
            {
                act4[ot + e] = valid ? o[r * HEAD_VEC4 + e] * inv : vec4(0.0);
            }
        }
    }
}
