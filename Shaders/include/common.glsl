// Shared declarations for every MaeRealtime compute kernel.
//
// One descriptor set layout serves all kernels, so a forward pass binds a single set:
//   binding 0  Weights    the weight file's data section (fp32 view)
//   binding 1  WeightsU   the same buffer viewed as uint, for fp16 matrices packed two per word
//   binding 2  Arena      fp32 activations, inputs and outputs of the forward pass; with ACT_FP16 also viewed
//                         as fp16 (acth[]): the transient tensors of the transformer blocks (see below)
//   binding 3  Indices    uint per-tile data: visible counts, ids_keep, ids_restore
//   binding 4  wtex       the weights again, as a read-only RGBA32F texel buffer: texel t = floats 4t .. 4t+3
//   binding 5  whtex      the weights again, as an RG32UI texel buffer: texel t = halves 4t .. 4t+3
//   binding 6  atex       the arena again, as an RGBA32F texel buffer: texel t = floats 4t .. 4t+3
// Every offset in a push-constant block is in elements of the buffer it indexes.
//
// The texel views are for the CPU kernel family (gemm_rb, attention_rows, layernorm_rows): on Mesa's
// lavapipe a storage-buffer read is a scalar loop over the SIMD lanes, tens of cycles per element, while a
// texel fetch compiles to plain vector loads, about 20 times cheaper. They are read-only, cover whole
// 16-byte (8-byte) texels, and kernels reading through them need 4-element-aligned offsets and row lengths.
#ifndef MAE_COMMON_GLSL
#define MAE_COMMON_GLSL

layout(std430, set = 0, binding = 0) readonly buffer Weights { float wf[]; };
layout(std430, set = 0, binding = 1) readonly buffer WeightsU { uint wu[]; };
layout(std430, set = 0, binding = 2) buffer Arena { float act[]; };
layout(std430, set = 0, binding = 3) buffer Indices { uint idx[]; };
layout(set = 0, binding = 4) uniform samplerBuffer wtex;
layout(set = 0, binding = 5) uniform usamplerBuffer whtex;
layout(set = 0, binding = 6) uniform samplerBuffer atex;

// fp16 activations (the *_act16 variants, for devices with storageBuffer16BitAccess): the tensors a transformer
// block writes and reads once - the LayerNorm output, q/k/v, the attention output, the MLP hidden layer and the
// masked-query decoder's k/v - are stored as halves in the same arena (offsets into acth[] count halves), and every
// sum is still accumulated in fp32. The residual streams, the patches, the prediction and the images stay fp32:
// they are what a half would round on every block. Halving the transient tensors halves most of a block's traffic.
#ifdef ACT_FP16
#extension GL_EXT_shader_16bit_storage : require
layout(std430, set = 0, binding = 2) buffer ArenaH { float16_t acth[]; };
#endif

// Element i of a transient tensor (offsets in its own elements): fp16 in the ACT_FP16 builds, fp32 otherwise.
float load_transient(uint i)
{
#ifdef ACT_FP16
    return float(acth[i]);
#else
    return act[i];
#endif
}

void store_transient(uint i, float v)
{
#ifdef ACT_FP16
    acth[i] = float16_t(v);
#else
    act[i] = v;
#endif
}

// Element kernels run ELEMENT_GROUP_SIZE invocations per workgroup and may be dispatched as a 2D grid
// of workgroups when the count exceeds 65535 groups; this flattens it. The size is a macro, not
// gl_WorkGroupSize: this header is included before the kernel's local_size declaration, where
// gl_WorkGroupSize would still read (1, 1, 1).
#define ELEMENT_GROUP_SIZE 256
uint linear_invocation()
{
    return (gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x) * uint(ELEMENT_GROUP_SIZE) + gl_LocalInvocationID.x;
}

// Row kernels run one workgroup per row, again possibly as a 2D grid.
uint linear_workgroup()
{
    return gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x;
}

// Kernels with their own 1D workgroup size (the CPU-friendly variants: one invocation per output block
// or per query row), again possibly dispatched as a 2D grid of workgroups.
uint linear_invocation_of(uint groupSize)
{
    return linear_workgroup() * groupSize + gl_LocalInvocationID.x;
}

// fp16 matrix element i of a tensor whose element offset (in halves) is base.
float weight_half(uint base, uint i)
{
    uint h = base + i;
    vec2 pair = unpackHalf2x16(wu[h >> 1]);
    return (h & 1u) == 0u ? pair.x : pair.y;
}

#endif
