#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
#include "gelu.glsl"

// Y = [R +] act(X * W^T [+ bias]) for every linear layer of the model (patch embedding, qkv, proj,
// fc1, fc2, decoder embedding and prediction). Compiled twice: W in fp32, and with -DWEIGHTS_FP16
// W in fp16 halves packed two per word (bias stays fp32 either way). The -DACT_FP16 builds (gemm_act16,
// gemm_f16_act16) also take X and/or Y as fp16 activations (flags FLAG_X_HALF / FLAG_Y_HALF, offsets in halves);
// the sums stay fp32. A residual R is fp32, as Y must then be (the residual stream).
//
// Tiling: a workgroup owns a 64x64 tile of Y and walks K in steps of 16. Each step the 256 threads
// stage a 16x64 slab of X and of W in shared memory (4 values each), so every value fetched from the
// buffers is reused 64 times from shared memory instead of being re-read by each thread. Thread
// (tx, ty) accumulates the 4x4 block at rows 4ty..4ty+3 and columns 4tx..4tx+3 of the tile; the slabs
// are stored as vec4s of 4 consecutive rows (columns), so each k costs a thread two vec4 shared reads
// for 16 multiply-adds. That ratio matters most on Mesa's lavapipe, where every shared or buffer read
// is a per-invocation scalar loop: vec4 reads cut the GEMM time there by a third against scalar ones.
// Every load and store is bounds-checked, so M, N and K need not be multiples of anything; the zero
// padding of partial slabs contributes nothing to the sums.

#define TILE 64u
#define KSTEP 16u
#define THREADS 16u

const uint FLAG_BIAS = 1u;
const uint FLAG_GELU = 2u;
const uint FLAG_RESIDUAL = 4u;
const uint FLAG_X_HALF = 8u;
const uint FLAG_Y_HALF = 16u;

layout(local_size_x = 16, local_size_y = 16) in;

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

// xs[k][q] holds X rows 4q..4q+3 of the tile at slab column k; ws[k][q] the same for W rows (= Y columns).
shared vec4 xs[KSTEP][TILE / 4u];
shared vec4 ws[KSTEP][TILE / 4u];

float load_w(uint n, uint k)
{
#ifdef WEIGHTS_FP16
    return weight_half(pc.offW, n * pc.K + k);
#else
    return wf[pc.offW + n * pc.K + k];
#endif
}

float load_x(uint i)
{
#ifdef ACT_FP16
    if ((pc.flags & FLAG_X_HALF) != 0u)
    {
        return float(acth[i]);
    }
#endif
    return act[i];
}

void store_y(uint i, float v)
{
#ifdef ACT_FP16
    if ((pc.flags & FLAG_Y_HALF) != 0u)
    {
        acth[i] = float16_t(v);
        return;
    }
#endif
    act[i] = v;
}

void main()
{
    uint tx = gl_LocalInvocationID.x;
    uint ty = gl_LocalInvocationID.y;
    uint m0 = gl_WorkGroupID.y * TILE;
    uint n0 = gl_WorkGroupID.x * TILE;

    // Staging role: consecutive threads take consecutive k of the same 4 rows, so the buffer reads
    // of a warp cover whole 64-byte runs of X and W rows.
    uint tid = ty * THREADS + tx;
    uint sk = tid % KSTEP;
    uint sq = tid / KSTEP;

    // acc[i][j] = Y[m0 + 4ty + i, n0 + 4tx + j]
    vec4 acc[4] = vec4[4](vec4(0.0), vec4(0.0), vec4(0.0), vec4(0.0));

    for (uint k0 = 0u; k0 < pc.K; k0 += KSTEP)
    {
        uint k = k0 + sk;
        vec4 xv = vec4(0.0);
        vec4 wv = vec4(0.0);
        for (uint c = 0u; c < 4u; c++)
        {
            uint m = m0 + 4u * sq + c;
            if (m < pc.M && k < pc.K)
            {
                xv[c] = load_x(pc.offX + m * pc.K + k);
            }

            uint n = n0 + 4u * sq + c;
            if (n < pc.N && k < pc.K)
            {
                wv[c] = load_w(n, k);
            }
        }
        xs[sk][sq] = xv;
        ws[sk][sq] = wv;
        barrier();

        for (uint kk = 0u; kk < KSTEP; kk++)
        {
            vec4 a = xs[kk][ty];
            vec4 w = ws[kk][tx];
            acc[0] = fma(vec4(a.x), w, acc[0]);
            acc[1] = fma(vec4(a.y), w, acc[1]);
            acc[2] = fma(vec4(a.z), w, acc[2]);
            acc[3] = fma(vec4(a.w), w, acc[3]);
        }

        // The next step overwrites the slabs other threads may still be reading.
        barrier();
    }

    for (uint i = 0u; i < 4u; i++)
    {
        uint m = m0 + 4u * ty + i;
        for (uint j = 0u; j < 4u; j++)
        {
            uint n = n0 + 4u * tx + j;
            if (m >= pc.M || n >= pc.N)
            {
                continue;
            }

            float v = acc[i][j];
            if ((pc.flags & FLAG_BIAS) != 0u)
            {
                v += wf[pc.offBias + n];
            }
            if ((pc.flags & FLAG_GELU) != 0u)
            {
                v = gelu(v);
            }
            // R may alias Y: this thread reads R[m,n] before writing Y[m,n] and nobody else touches it.
            if ((pc.flags & FLAG_RESIDUAL) != 0u)
            {
                v += act[pc.offR + m * pc.N + n];
            }
            store_y(pc.offY + m * pc.N + n, v);
        }
    }
}
