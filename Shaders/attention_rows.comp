#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
#include "common.glsl"
#include "attention_rows.glsl"

// Multi-head attention for CPU Vulkan drivers (Mesa's lavapipe): the contract of attention.comp, but each
// invocation computes whole output rows on its own, with no shared memory and no barrier (both expensive on
// llvmpipe, see gemm_rb.comp), reading q, k and v through the arena's texel view.
//
// Invocation = QROWS consecutive query rows of one head of one tile. It streams the tile's keys once (segment
// A, then B) with an online softmax: a running maximum mx and sum l per row; when a key raises the maximum, the
// sum and the output accumulator are rescaled by exp(old - new) before the key's weight exp(s - new) is added,
// so exp never overflows and no score is stored. q and the output accumulator live in registers as vec4s. Each
// k and v texel fetched serves all QROWS rows (flash-style: K and V are read once per block of queries).
//
// Compiled per head-size class: MAX_HEAD_DIM = 16, 32 or 64 (attention_rows_hd16/32/64). The arrays have
// MAX_HEAD_DIM / 4 vec4s; head sizes below it mask off the tail. Requirements, checked by the runtime
// (KernelSet.AttentionRowsFits), which uses attention.comp otherwise: hd a multiple of 4 and at most 64; every
// offset, stride and column a multiple of 4.
//
// Dispatch: grid (ceil(H * qBlocks / GROUP), 1, tiles) with qBlocks = ceil(capRows / QROWS). Workgroup z is the
// tile; invocation x takes head x / qBlocks and query rows QROWS * (x % qBlocks) .. + QROWS - 1.

// KernelSet (AttentionQueryRows, RowGroup) sizes the grid with the same numbers. 4 rows per invocation
// measured best on llvmpipe (1: 1.4x slower; 8: more registers spilled than fetches saved).
#define GROUP 64u
#define QROWS 4u
#define HEAD_VEC4 (MAX_HEAD_DIM / 4u)

layout(local_size_x = 64) in;

// vec4 view of the arena at the binding common.glsl declares, for the stores (aliasing views are legal).
layout(std430, set = 0, binding = 2) writeonly buffer ArenaV4 { vec4 act4[]; };

vec4 q[QROWS * HEAD_VEC4];
vec4 o[QROWS * HEAD_VEC4];
float mx[QROWS];
float l[QROWS];

// Adds keys 0 .. n - 1 of one segment (texel of key 0's k and v for this head, texels per row).
void stream_keys(uint kt, uint vt, uint stride4, uint n, uint hd4)
{
    for (uint j = 0u; j < n; j++)
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
}

void main()
{
    uint b = gl_WorkGroupID.z;
    uint x = gl_WorkGroupID.x * GROUP + gl_LocalInvocationID.x;
    uint qBlocks = (pc.capRows + QROWS - 1u) / QROWS;
    uvec2 qr = tile_rows(pc.qSel, b);
    if (x >= pc.H * qBlocks)
    {
        return;
    }

    uint h = x / qBlocks;
    uint i0 = (x % qBlocks) * QROWS;
    if (i0 >= qr.y)
    {
        return;
    }

    uint hd4 = pc.hd / 4u;
    uvec2 a = tile_rows(pc.aSel, b);
    uvec2 bs = tile_rows(pc.bSel, b);

    // q is pre-scaled, so a score is a plain dot product. Rows past the tile's count read its last row (valid
    // memory, never stored); the vec4s past head_dim are zero, so they add nothing to the scores.
    [[unroll]] for (uint r = 0u; r < QROWS; r++)
    {
        uint row = qr.x + min(i0 + r, qr.y - 1u);
        uint qt = (pc.offQ + row * pc.qStride) / 4u + h * hd4;
        [[unroll]] for (uint e = 0u; e < HEAD_VEC4; e++)
        {
            q[r * HEAD_VEC4 + e] = e < hd4 ? texelFetch(atex, int(qt + e)) * pc.scale : vec4(0.0);
            o[r * HEAD_VEC4 + e] = vec4(0.0);
        }
        mx[r] = -3.402823466e38;
        l[r] = 0.0;
    }

    uint aRow = (pc.offA + a.x * pc.aStride) / 4u + h * hd4;
    stream_keys(aRow + pc.aK / 4u, aRow + pc.aV / 4u, pc.aStride / 4u, a.y, hd4);
    uint bRow = (pc.offB + bs.x * pc.bStride) / 4u + h * hd4;
    stream_keys(bRow + pc.bK / 4u, bRow + pc.bV / 4u, pc.bStride / 4u, bs.y, hd4);

    [[unroll]] for (uint r = 0u; r < QROWS; r++)
    {
        uint i = i0 + r;
        float inv = 1.0 / l[r];
        uint ot = (pc.offOut + (qr.x + i) * pc.outStride) / 4u + h * hd4;
        [[unroll]] for (uint e = 0u; e < HEAD_VEC4; e++)
        {
            if (i < qr.y && e < hd4)
            {
                act4[ot + e] = o[r * HEAD_VEC4 + e] * inv;
            }
        }
    }
}
