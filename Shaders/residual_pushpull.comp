#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

// Hole fill "ResidualPushPull": the decoder also predicts the known pixels of every patch that holds a
// hole pixel (masked, or visible under MaskPolicy.MostlyHole), and its error there (original -
// prediction) is mostly a smooth colour offset. Spreading that residual into the hole with a push-pull
// pyramid and adding it to the prediction removes the colour steps at hole edges.
// "ResidualPushPullBlend" (pc.blend = 1) then runs the pyramid a second time on the tile's known pixels
// themselves and averages that interpolation with the corrected prediction, half and half: the two
// estimates err differently (the model's detail is noisy, the interpolation is smooth), so their mean
// beats the corrected prediction on every mask family measured (docs/MODEL_CARD.md).
// One workgroup per tile; the pyramid lives in the arena (level 1 of a 128-pixel tile alone is 64 KiB, more
// than the shared memory a device must offer), accessed through a `coherent` view and separated by
// memoryBarrierBuffer + barrier, which together make one invocation's writes visible to the others of the
// workgroup (a plain storage buffer view does not guarantee that); so the whole fill is one dispatch.
//
// Level 0 is implicit (computed from recon, image, mask). Level k >= 1 has size ceil(S / 2^k) and
// holds vec4(rgb average, weight) with weight = min(1, sum of child weights).

layout(local_size_x = 256) in;

layout(push_constant) uniform Push
{
    uint S;
    uint p;
    uint G;
    uint offImage;
    uint offMask;
    uint offRecon;
    uint offOut;
    uint offPyramid;     // per tile: PyramidStride floats
    uint pyramidStride;
    uint blend;          // 1: average with a push-pull interpolation of the known pixels (ResidualPushPullBlend)
} pc;

// The pyramid's view of the arena: coherent, see above.
layout(std430, set = 0, binding = 2) coherent buffer PyramidArena { float pyr[]; };

// Per patch of this workgroup's tile: 1 when it holds a hole pixel. The runtime keeps L + 1 <= 2048.
#define MAX_PATCHES 2048u
shared uint touched[MAX_PATCHES];

uint level_size(uint level)
{
    return (pc.S + (1u << level) - 1u) >> level;
}

uint level_base(uint tile, uint level)
{
    uint base = pc.offPyramid + tile * pc.pyramidStride;
    for (uint k = 1u; k < level; k++)
    {
        uint n = level_size(k);
        base += n * n * 4u;
    }
    return base;
}

// What level 0 holds: the residual on the known pixels of touched patches, or the colour of every known pixel.
const uint SPREAD_RESIDUAL = 0u;
const uint SPREAD_COLOUR = 1u;
uint spreadMode = SPREAD_RESIDUAL;

// Level-0 sample of pixel (x, y) of tile b: value and weight.
vec4 base_sample(uint b, uint x, uint y)
{
    uint pix = (b * pc.S + y) * pc.S + x;
    uint patchIndex = (y / pc.p) * pc.G + x / pc.p;
    bool known = act[pc.offMask + pix] < 0.5;
    bool sampled = spreadMode == SPREAD_COLOUR ? known : known && touched[patchIndex] != 0u;
    if (!sampled)
    {
        return vec4(0.0);
    }
    vec3 colour = vec3(act[pc.offImage + pix * 3u], act[pc.offImage + pix * 3u + 1u], act[pc.offImage + pix * 3u + 2u]);
    if (spreadMode == SPREAD_COLOUR)
    {
        return vec4(colour, 1.0);
    }
    vec3 prediction = vec3(act[pc.offRecon + pix * 3u], act[pc.offRecon + pix * 3u + 1u], act[pc.offRecon + pix * 3u + 2u]);
    return vec4(colour - prediction, 1.0);
}

vec4 load_level(uint b, uint level, uint x, uint y)
{
    if (level == 0u)
    {
        return base_sample(b, x, y);
    }
    uint n = level_size(level);
    uint at = level_base(b, level) + (y * n + x) * 4u;
    return vec4(pyr[at], pyr[at + 1u], pyr[at + 2u], pyr[at + 3u]);
}

void store_level(uint b, uint level, uint x, uint y, vec4 v)
{
    uint n = level_size(level);
    uint at = level_base(b, level) + (y * n + x) * 4u;
    pyr[at] = v.x;
    pyr[at + 1u] = v.y;
    pyr[at + 2u] = v.z;
    pyr[at + 3u] = v.w;
}

// Bilinear sample of a coarser level at the position of fine pixel (x, y), edge-clamped.
vec3 upsample(uint b, uint coarseLevel, uint x, uint y)
{
    uint n = level_size(coarseLevel);
    vec2 pos = (vec2(x, y) + 0.5) * 0.5 - 0.5;
    vec2 f = fract(pos);
    ivec2 i0 = ivec2(floor(pos));
    ivec2 lo = clamp(i0, ivec2(0), ivec2(int(n) - 1));
    ivec2 hi = clamp(i0 + 1, ivec2(0), ivec2(int(n) - 1));
    vec3 a = load_level(b, coarseLevel, uint(lo.x), uint(lo.y)).rgb;
    vec3 c = load_level(b, coarseLevel, uint(hi.x), uint(lo.y)).rgb;
    vec3 d = load_level(b, coarseLevel, uint(lo.x), uint(hi.y)).rgb;
    vec3 e = load_level(b, coarseLevel, uint(hi.x), uint(hi.y)).rgb;
    return mix(mix(a, c, f.x), mix(d, e, f.x), f.y);
}

void sync()
{
    memoryBarrierBuffer();
    barrier();
}

// Builds levels 1..levels of level 0's values (pull), then fills every texel's missing weight from the
// coarser level (push); afterwards level 1, upsampled, is the spread value at any pixel.
void spread(uint b, uint lid, uint levels)
{
    // Pull: weighted averages of 2x2 children, up to a single texel.
    for (uint level = 1u; level <= levels; level++)
    {
        uint n = level_size(level), fine = level_size(level - 1u);
        for (uint t = lid; t < n * n; t += 256u)
        {
            uint x = t % n, y = t / n;
            vec3 sum = vec3(0.0);
            float w = 0.0;
            for (uint dy = 0u; dy < 2u; dy++)
            {
                for (uint dx = 0u; dx < 2u; dx++)
                {
                    uint cx = 2u * x + dx, cy = 2u * y + dy;
                    if (cx < fine && cy < fine)
                    {
                        vec4 child = load_level(b, level - 1u, cx, cy);
                        sum += child.rgb * child.w;
                        w += child.w;
                    }
                }
            }
            store_level(b, level, x, y, vec4(w > 0.0 ? sum / w : vec3(0.0), min(w, 1.0)));
        }
        sync();
    }

    // Push: from coarse to fine, blend each texel toward the upsampled coarser level by its missing weight.
    for (uint level = levels - 1u; level >= 1u && level < levels; level--)
    {
        uint n = level_size(level);
        for (uint t = lid; t < n * n; t += 256u)
        {
            uint x = t % n, y = t / n;
            vec4 v = load_level(b, level, x, y);
            vec3 filled = mix(upsample(b, level + 1u, x, y), v.rgb, v.w);
            // Only the colour changes; the pull weight stays, which is fine because level + 1 is final.
            store_level(b, level, x, y, vec4(filled, 1.0));
        }
        sync();
    }
}

void main()
{
    uint b = gl_WorkGroupID.x;
    uint lid = gl_LocalInvocationID.x;
    uint levels = 0u;
    while (level_size(levels) > 1u)
    {
        levels++;
    }

    for (uint t = lid; t < pc.G * pc.G; t += 256u)
    {
        touched[t] = 0u;
    }

    barrier();
    for (uint t = lid; t < pc.S * pc.S; t += 256u)
    {
        uint x = t % pc.S, y = t / pc.S;
        if (act[pc.offMask + (b * pc.S + y) * pc.S + x] >= 0.5)
        {
            touched[(y / pc.p) * pc.G + x / pc.p] = 1u;
        }
    }

    barrier();

    spreadMode = SPREAD_RESIDUAL;
    spread(b, lid, levels);

    // Finest level: hole pixels take prediction + spread residual.
    for (uint t = lid; t < pc.S * pc.S; t += 256u)
    {
        uint x = t % pc.S, y = t / pc.S;
        uint pix = (b * pc.S + y) * pc.S + x;
        if (act[pc.offMask + pix] < 0.5)
        {
            continue;
        }
        vec3 residual = levels == 0u ? vec3(0.0) : upsample(b, 1u, x, y);
        for (uint c = 0u; c < 3u; c++)
        {
            act[pc.offOut + pix * 3u + c] = clamp(act[pc.offRecon + pix * 3u + c] + residual[c], 0.0, 1.0);
        }
    }

    if (pc.blend == 0u || levels == 0u)
    {
        return;
    }

    // Second pyramid over the same scratch: the known colours themselves, then the half-and-half mean.
    sync();
    spreadMode = SPREAD_COLOUR;
    spread(b, lid, levels);
    for (uint t = lid; t < pc.S * pc.S; t += 256u)
    {
        uint x = t % pc.S, y = t / pc.S;
        uint pix = (b * pc.S + y) * pc.S + x;
        if (act[pc.offMask + pix] < 0.5)
        {
            continue;
        }
        vec3 interpolated = upsample(b, 1u, x, y);
        for (uint c = 0u; c < 3u; c++)
        {
            uint at = pc.offOut + pix * 3u + c;
            act[at] = clamp(0.5 * (act[at] + interpolated[c]), 0.0, 1.0);
        }
    }
}
