#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
#include "frame_common.glsl"

// Adds this pass's tile results into the frame's accumulators, weighted by a ramp that falls towards each
// tile's border so overlapping tiles cross-fade (no seams). Only tiles of one grid parity (px, py) run per
// dispatch: with a stride of at least half a tile, same-parity tiles never overlap, so no two invocations
// of a dispatch add to one pixel and no float atomics are needed.

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
    uint passBase;
    uint px;
    uint py;
    uint offTileList;
    uint offOutput;
    uint offRecon;
    uint offMask;
    uint hasRecon;
    uint offReconAccum;
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
    uint gx = grid % pc.nx, gy = grid / pc.nx;
    if ((gx & 1u) != pc.px || (gy & 1u) != pc.py)
    {
        return;
    }

    ivec2 p = ivec2(int(gx * pc.T) + pc.offX, int(gy * pc.T) + pc.offY) + ivec2(u);
    if (p.x < 0 || p.y < 0 || p.x >= int(pc.W) || p.y >= int(pc.H))
    {
        return;
    }

    float w = frame_ramp(u.x, pc.S, pc.O) * frame_ramp(u.y, pc.S, pc.O);
    uint tilePixel = (b * pc.S + u.y) * pc.S + u.x;
    uint pixel = uint(p.y) * pc.W + uint(p.x);
    if (act[pc.offMask + tilePixel] >= 0.5)
    {
        vec3 fill = vec3(act[pc.offOutput + tilePixel * 3u], act[pc.offOutput + tilePixel * 3u + 1u], act[pc.offOutput + tilePixel * 3u + 2u]);
        accum[pixel] += vec4(fill * w, w);
    }

    if (pc.hasRecon != 0u)
    {
        vec3 recon = vec3(act[pc.offRecon + tilePixel * 3u], act[pc.offRecon + tilePixel * 3u + 1u], act[pc.offRecon + tilePixel * 3u + 2u]);
        accum[pc.offReconAccum + pixel] += vec4(recon * w, w);
    }
}
