#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
#include "frame_common.glsl"

// Copies the pixels of this pass's tiles from the frame into the model's input ([tiles, S, S, 3] in the
// model's range, plus the [tiles, S, S] hole mask), one invocation per tile pixel; workgroup z = the
// tile's place in this pass. Pixels past the frame's edges repeat the edge (as the planning pass assumed).

layout(local_size_x = 16, local_size_y = 16) in;

layout(push_constant) uniform Push
{
    uint W;
    uint H;
    uint S;
    uint T;
    uint O;
    int offX;
    int offY;
    uint nx;
    uint colorKind;
    uint passBase;
    uint offTileList;
    uint offImage;
    uint offMask;
} pc;

void main()
{
    uvec2 u = gl_GlobalInvocationID.xy;
    if (u.x >= pc.S || u.y >= pc.S)
    {
        return;
    }

    uint b = gl_WorkGroupID.z;
    uint grid = fs[pc.offTileList + pc.passBase + b];
    ivec2 origin = ivec2(int((grid % pc.nx) * pc.T) + pc.offX, int((grid / pc.nx) * pc.T) + pc.offY);
    ivec2 p = frame_clamp(origin + ivec2(u), pc.W, pc.H);
    bool hole = frame_masked(p, pc.colorKind);
    vec3 rgb = hole ? vec3(0.0) : frame_encode(texelFetch(frameColor, p, 0), pc.colorKind);
    uint pixel = (b * pc.S + u.y) * pc.S + u.x;
    act[pc.offImage + pixel * 3u] = rgb.r;
    act[pc.offImage + pixel * 3u + 1u] = rgb.g;
    act[pc.offImage + pixel * 3u + 2u] = rgb.b;
    act[pc.offMask + pixel] = hole ? 1.0 : 0.0;
}
