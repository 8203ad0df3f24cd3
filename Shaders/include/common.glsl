// Shared declarations for every MaeRealtime compute kernel.
//
// One descriptor set layout serves all kernels, so a forward pass binds a single set:
//   binding 0  Weights    the weight file's data section (fp32 view)
//   binding 1  WeightsU   the same buffer viewed as uint, for fp16 matrices packed two per word
//   binding 2  Arena      fp32 activations, inputs and outputs of the forward pass
//   binding 3  Indices    uint per-tile data: visible counts, ids_keep, ids_restore
// Every offset in a push-constant block is in elements of the buffer it indexes.
#ifndef MAE_COMMON_GLSL
#define MAE_COMMON_GLSL

layout(std430, set = 0, binding = 0) readonly buffer Weights { float wf[]; };
layout(std430, set = 0, binding = 1) readonly buffer WeightsU { uint wu[]; };
layout(std430, set = 0, binding = 2) buffer Arena { float act[]; };
layout(std430, set = 0, binding = 3) buffer Indices { uint idx[]; };

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

// fp16 matrix element i of a tensor whose element offset (in halves) is base.
float weight_half(uint base, uint i)
{
    uint h = base + i;
    vec2 pair = unpackHalf2x16(wu[h >> 1]);
    return (h & 1u) == 0u ? pair.x : pair.y;
}

#endif
