#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
#include "attention_rows.glsl"

// Flash-style attention for GPUs (the tiled family): one workgroup per block of QBLOCK query rows of one head of
// one tile, grid (ceil(capRows / QBLOCK), H, B). Every invocation owns one query row, its q and output accumulator
// in registers; the workgroup streams the tile's keys (segment A, then B) through shared memory KBLOCK at a time,
// so K and V are read from memory once per block of queries instead of once per query row, and each row keeps an
// online softmax (running maximum and sum, the accumulator rescaled when the maximum grows), so no score is stored.
// Head sizes up to MAX_HD; KernelSet uses attention.comp beyond that. q, k, v and the output are transient
// tensors (fp16 in the -DACT_FP16 build; shared memory and the sums stay fp32).

#define QBLOCK 64u
#define KBLOCK 32u
#define MAX_HD 64u

layout(local_size_x = 64) in;

shared float ks[KBLOCK * MAX_HD];
shared float vs[KBLOCK * MAX_HD];

// Element offset of key j's k (value: its v) for head h, keys of segment A first.
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
    uint t = gl_LocalInvocationID.x;
    uint h = gl_WorkGroupID.y;
    uint b = gl_WorkGroupID.z;
    uvec2 qr = tile_rows(pc.qSel, b);
    uint first = gl_WorkGroupID.x * QBLOCK;
    // Uniform across the workgroup, so this return precedes every barrier.
    if (first >= qr.y)
    {
        return;
    }

    uvec2 a = tile_rows(pc.aSel, b);
    uvec2 bs = tile_rows(pc.bSel, b);
    uint n = a.y + bs.y;
    uint i = first + t;
    bool valid = i < qr.y;

    float q[MAX_HD];
    float o[MAX_HD];
    uint qAt = pc.offQ + (qr.x + min(i, qr.y - 1u)) * pc.qStride + h * pc.hd;
    for (uint e = 0u; e < MAX_HD; e++)
    {
        q[e] = e < pc.hd ? load_transient(qAt + e) * pc.scale : 0.0;
        o[e] = 0.0;
    }

    float mx = -3.402823466e38;
    float l = 0.0;
    for (uint j0 = 0u; j0 < n; j0 += KBLOCK)
    {
        uint count = min(KBLOCK, n - j0);
        for (uint x = t; x < count * pc.hd; x += QBLOCK)
        {
            uint j = x / pc.hd, e = x % pc.hd;
            ks[j * MAX_HD + e] = load_transient(key_at(a, bs, j0 + j, h, false) + e);
            vs[j * MAX_HD + e] = load_transient(key_at(a, bs, j0 + j, h, true) + e);
        }

        barrier();
        for (uint j = 0u; j < count; j++)
        {
            float s = 0.0;
            for (uint e = 0u; e < pc.hd; e++)
            {
                s = fma(q[e], ks[j * MAX_HD + e], s);
            }

            float m = max(mx, s);
            float corr = exp(mx - m);
            float p = exp(s - m);
            l = fma(l, corr, p);
            mx = m;
            for (uint e = 0u; e < pc.hd; e++)
            {
                o[e] = fma(o[e], corr, p * vs[j * MAX_HD + e]);
            }
        }

        barrier();
    }

    if (valid)
    {
        float inv = 1.0 / l;
        uint outAt = pc.offOut + (qr.x + i) * pc.outStride + h * pc.hd;
        for (uint e = 0u; e < pc.hd; e++)
        {
            store_transient(outAt + e, o[e] * inv);
        }
    }
}
