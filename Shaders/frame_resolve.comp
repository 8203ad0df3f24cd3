#version 450
#extension GL_GOOGLE_include_directive : require
#define FRAME_WRITES_IMAGES
#include "common.glsl"
#include "frame_common.glsl"

// Writes the filled holes, one invocation per pixel of the cell each processed tile owns (stride x stride, or
// the whole frame along an axis a single tile covers)
// (every hole pixel lies in the cell of a tile that holds it, so every hole is written once): the blended
// fill, optionally feathered into the input's own hole content near the hole border, decoded back to the
// output's format. With a reconstruction image, writes the blended raw reconstruction of the cell too.

layout(local_size_x = 16, local_size_y = 16) in;

layout(push_constant) uniform Push
{
    uint W;
    uint H;
    uint T;
    uint cellW;
    uint cellH;
    uint nx;
    uint colorKind;
    uint feather;
    uint hasRecon;
    uint offTileList;
    uint offReconAccum;
} pc;

// Distance from p to the nearest known pixel within the feather radius (radius + 1 when none is).
float known_distance(ivec2 p)
{
    int r = int(pc.feather);
    float best = float(r + 1);
    for (int dy = -r; dy <= r; dy++)
    {
        for (int dx = -r; dx <= r; dx++)
        {
            ivec2 q = p + ivec2(dx, dy);
            if (q.x < 0 || q.y < 0 || q.x >= int(pc.W) || q.y >= int(pc.H))
            {
                continue;
            }

            float d = length(vec2(dx, dy));
            if (d < best && !frame_hole(q, pc.colorKind))
            {
                best = d;
            }
        }
    }

    return best;
}

void main()
{
    uvec2 u = gl_GlobalInvocationID.xy;
    if (u.x >= pc.cellW || u.y >= pc.cellH)
    {
        return;
    }

    uint grid = fs[pc.offTileList + gl_WorkGroupID.z];
    ivec2 p = ivec2((grid % pc.nx) * pc.T + u.x, (grid / pc.nx) * pc.T + u.y);
    if (p.x >= int(pc.W) || p.y >= int(pc.H))
    {
        return;
    }

    uint pixel = uint(p.y) * pc.W + uint(p.x);
    if (pc.hasRecon != 0u)
    {
        vec4 r = accum[pc.offReconAccum + pixel];
        imageStore(frameRecon, p, vec4(frame_decode(r.rgb / max(r.w, 1e-20), pc.colorKind), 1.0));
    }

    if (!frame_hole(p, pc.colorKind))
    {
        return;
    }

    vec4 a = accum[pixel];
    vec3 fill = a.rgb / max(a.w, 1e-20);
    vec4 input_ = texelFetch(frameColor, p, 0);
    if (pc.feather > 0u && !frame_nonfinite(input_))
    {
        float t = clamp(known_distance(p) / float(pc.feather + 1u), 0.0, 1.0);
        fill = mix(frame_encode(input_, pc.colorKind), fill, t);
    }

    float alpha = isnan(input_.a) || isinf(input_.a) ? 1.0 : input_.a;
    imageStore(frameOutput, p, vec4(frame_decode(fill, pc.colorKind), alpha));
}
