#version 450
#extension GL_GOOGLE_include_directive : require
#define FRAME_WRITES_IMAGES
#include "common.glsl"
#include "frame_common.glsl"

// First pass of a frame, one invocation per pixel: copies every known pixel from the input to the output
// unchanged (bit-exact: same texel, same format class) and clears the accumulators of the pixels later
// passes will blend into (the holes; with a reconstruction image, every pixel).

layout(local_size_x = 16, local_size_y = 16) in;

layout(push_constant) uniform Push
{
    uint W;
    uint H;
    uint colorKind;
    uint hasRecon;
    uint offReconAccum;
} pc;

void main()
{
    uvec2 p = gl_GlobalInvocationID.xy;
    if (p.x >= pc.W || p.y >= pc.H)
    {
        return;
    }

    ivec2 ip = ivec2(p);
    uint pixel = p.y * pc.W + p.x;
    if (frame_hole(ip, pc.colorKind))
    {
        accum[pixel] = vec4(0.0);
    }
    else
    {
        imageStore(frameOutput, ip, texelFetch(frameColor, ip, 0));
    }

    if (pc.hasRecon != 0u)
    {
        accum[pc.offReconAccum + pixel] = vec4(0.0);
    }
}
