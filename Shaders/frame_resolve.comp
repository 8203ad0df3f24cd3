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

// Blends the new fill of hole pixel p with the previous output reprojected along the motion vector (bilinear over
// the valid texels of the previous frame's half; invalid: never written, outside the frame, with depth nearer than
// the far side of the holes around p, or with motion moving differently from what p shows now: that colour was the
// occluder), weighted by how many frames the history
// stands for; writes the result and its confidence into this frame's half. A pixel seen in the previous frame
// comes in with full confidence, so holes over a static background keep what was seen and do not shimmer.
vec3 temporal_blend(ivec2 p, uint pixel, vec3 fill)
{
    float far = frame_far_side(p);
    float confidence = 1.0;
    if ((fpFlags & FP_HISTORY_VALID) != 0u)
    {
        vec2 motion = frame_motion(p);
        vec2 q = vec2(p) + ((fpFlags & FP_MOTION_TO_CURRENT) != 0u ? -motion : motion);
        // NaN motion fails these comparisons: no history.
        if (q.x >= 0.0 && q.y >= 0.0 && q.x <= float(pc.W - 1u) && q.y <= float(pc.H - 1u))
        {
            ivec2 q0 = ivec2(floor(q));
            vec2 f = q - vec2(q0);
            vec3 sum = vec3(0.0);
            float weight = 0.0, confidenceSum = 0.0;
            for (int i = 0; i < 4; i++)
            {
                ivec2 c = min(q0 + ivec2(i & 1, i >> 1), ivec2(int(pc.W) - 1, int(pc.H) - 1));
                float w = ((i & 1) != 0 ? f.x : 1.0 - f.x) * ((i >> 1) != 0 ? f.y : 1.0 - f.y);
                uvec4 h = hist[fpReadHalf * fpPixelsPerHalf + uint(c.y) * pc.W + uint(c.x)];
                vec2 rg = unpackHalf2x16(h.x), bc = unpackHalf2x16(h.y);
                bool occluder = (far >= 0.0 && uintBitsToFloat(h.z) > far * (1.0 + fpDepthTolerance) + 1e-7)
                    || ((fpFlags & FP_HAS_MOTION) != 0u && frame_motion_differs(unpackHalf2x16(h.w), motion));
                if (w > 0.0 && bc.y > 0.0 && !occluder)
                {
                    sum += w * vec3(rg, bc.x);
                    confidenceSum += w * bc.y;
                    weight += w;
                }
            }

            // Most of the footprint must be valid history; a sliver of it is more likely an edge of the occluder.
            if (weight >= 0.5)
            {
                float previous = confidenceSum / weight;
                fill = (sum / weight * previous + fill) / (previous + 1.0);
                confidence = min(previous + 1.0, fpHistoryFrames);
            }
        }
    }

    // A fill moves with what the hole hides: the motion given at the hole (docs/INTEGRATION.md section 17).
    hist[(1u - fpReadHalf) * fpPixelsPerHalf + pixel] = uvec4(packHalf2x16(fill.rg), packHalf2x16(vec2(fill.b, confidence)), floatBitsToUint(max(far, 0.0)), packHalf2x16(frame_motion(p)));
    return fill;
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

    if ((fpFlags & FP_HISTORY) != 0u)
    {
        fill = temporal_blend(p, pixel, fill);
    }

    float alpha = isnan(input_.a) || isinf(input_.a) ? 1.0 : input_.a;
    imageStore(frameOutput, p, vec4(frame_decode(fill, pc.colorKind), alpha));
}
