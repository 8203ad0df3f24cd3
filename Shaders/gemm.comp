#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
#include "gelu.glsl"

// Y = [R +] act(X * W^T [+ bias]) for every linear layer of the model (patch embedding, qkv, proj,
// fc1, fc2, decoder embedding and prediction). Compiled twice: W in fp32, and with -DWEIGHTS_FP16
// W in fp16 halves packed two per word (bias stays fp32 either way).
//
// Tiling: a workgroup owns a 64x64 tile of Y and walks K in steps of 16. Each step the 256 threads
// stage a 64x16 slab of X and of W in shared memory (4 values each), so every value fetched from the
// buffers is reused 64 times from shared memory instead of being re-read by each thread. Each thread
// accumulates a 4x4 block of outputs at rows ty + 16i and columns tx + 16j: neighbouring threads
// then touch neighbouring columns, which keeps shared reads conflict-free and Y writes contiguous.
// Every load and store is bounds-checked, so M, N and K need not be multiples of anything; the
// zero padding of partial slabs contributes nothing to the sums.

#define TILE 64u
#define KSTEP 16u
#define THREADS 16u
#define PER_THREAD 4u

const uint FLAG_BIAS = 1u;
const uint FLAG_GELU = 2u;
const uint FLAG_RESIDUAL = 4u;

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

// Stored k-major so the inner loop reads one k-row of each slab.
shared float xs[KSTEP][TILE];
shared float ws[KSTEP][TILE];

float load_w(uint n, uint k)
{
#ifdef WEIGHTS_FP16
    return weight_half(pc.offW, n * pc.K + k);
#else
    return wf[pc.offW + n * pc.K + k];
#endif
}

void main()
{
    uint tx = gl_LocalInvocationID.x;
    uint ty = gl_LocalInvocationID.y;
    uint tid = ty * THREADS + tx;
    uint m0 = gl_WorkGroupID.y * TILE;
    uint n0 = gl_WorkGroupID.x * TILE;

    float acc[PER_THREAD][PER_THREAD];
    for (uint i = 0u; i < PER_THREAD; i++)
    {
        for (uint j = 0u; j < PER_THREAD; j++)
        {
            acc[i][j] = 0.0;
        }
    }

    for (uint k0 = 0u; k0 < pc.K; k0 += KSTEP)
    {
        // Consecutive threads take consecutive k of one row: contiguous reads of X and W.
        for (uint e = 0u; e < PER_THREAD; e++)
        {
            uint l = tid + e * THREADS * THREADS;
            uint r = l / KSTEP;
            uint kk = l % KSTEP;
            uint k = k0 + kk;

            float xv = 0.0;
            if (m0 + r < pc.M && k < pc.K)
            {
                xv = act[pc.offX + (m0 + r) * pc.K + k];
            }
            xs[kk][r] = xv;

            float wv = 0.0;
            if (n0 + r < pc.N && k < pc.K)
            {
                wv = load_w(n0 + r, k);
            }
            ws[kk][r] = wv;
        }
        barrier();

        for (uint kk = 0u; kk < KSTEP; kk++)
        {
            float a[PER_THREAD];
            float w[PER_THREAD];
            for (uint i = 0u; i < PER_THREAD; i++)
            {
                a[i] = xs[kk][ty + i * THREADS];
                w[i] = ws[kk][tx + i * THREADS];
            }
            for (uint i = 0u; i < PER_THREAD; i++)
            {
                for (uint j = 0u; j < PER_THREAD; j++)
                {
                    acc[i][j] = fma(a[i], w[j], acc[i][j]);
                }
            }
        }

        // The next step overwrites the slabs other threads may still be reading.
        barrier();
    }

    for (uint i = 0u; i < PER_THREAD; i++)
    {
        uint m = m0 + ty + i * THREADS;
        for (uint j = 0u; j < PER_THREAD; j++)
        {
            uint n = n0 + tx + j * THREADS;
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
            act[pc.offY + m * pc.N + n] = v;
        }
    }
}
