#version 450
#extension GL_GOOGLE_include_directive : require
#define FRAME_WRITES_IMAGES
#include "common.glsl"
#include "frame_common.glsl"

// First pass of a frame, one invocation per pixel: copies every known pixel from the input to the output
// unchanged (bit-exact: same texel, same format class) and clears the accumulators of the pixels later
// passes will blend into (the holes; with a reconstruction image, every pixel). With history, writes the known
// pixels into this frame's half of it (frame_resolve writes the holes).

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
        vec4 color = texelFetch(frameColor, ip, 0);
        imageStore(frameOutput, ip, color);
        if ((fpFlags & FP_HISTORY) != 0u)
        {
            // A pixel seen this frame is the best history there is: full confidence, with its inverse depth and its
            // motion so a later frame can tell an occluder's colour from the background's (frame_resolve's tests).
            vec3 e = frame_encode(color, pc.colorKind);
            float w = (fpFlags & FP_HAS_DEPTH) != 0u ? frame_disparity(ip) : 0.0;
            hist[(1u - fpReadHalf) * fpPixelsPerHalf + pixel] = uvec4(packHalf2x16(e.rg), packHalf2x16(vec2(e.b, fpHistoryFrames)), floatBitsToUint(w), packHalf2x16(frame_motion(ip)));
        }
    }

    if (pc.hasRecon != 0u)
    {
        accum[pc.offReconAccum + pixel] = vec4(0.0);
    }
}
