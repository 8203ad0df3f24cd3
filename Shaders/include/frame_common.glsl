// Shared declarations of the frame kernels (frame_*.comp): set 1 holds one frame's images and state.
//   binding 0  frameColor   the host's colour image (sampled; 8-bit formats read raw through a UNORM view)
//   binding 1  frameMask    the host's hole mask (sampled; red >= 0.5 is a hole)
//   binding 2  frameOutput  the host's output image (storage), declared only where FRAME_WRITES_IMAGES is set
//   binding 3  frameRecon   the optional reconstruction image (storage), likewise
//   binding 4  fs           frame state, uint: tile counter, tile list, tile map, indirect table and commands
//   binding 5  accum        vec4 per pixel: (fill * weight, weight) summed over the tiles covering it
//   binding 6  frameDepth   the host's optional depth (sampled; a 1x1 zero image when none, see HAS_DEPTH)
//   binding 7  frameMotion  the host's optional motion vectors in pixels (likewise, HAS_MOTION)
//   binding 8  hist         the runtime's history, two halves of pixels (read half, write half), uvec4 each:
//                           packHalf2x16(r, g), packHalf2x16(b, confidence), inverse depth (float bits), packHalf2x16(motion)
//   binding 9  frame params this frame's flags and the offsets of the depth maps (written by Record)
// Colour kinds: 0 = 8-bit, whose stored bytes already are the model's sRGB-encoded [0, 1] range;
// 1 = linear HDR (fp16), encoded as sRGB(x / (1 + x)) and decoded by the exact inverse (docs/INTEGRATION.md).
#ifndef MAE_FRAME_COMMON_GLSL
#define MAE_FRAME_COMMON_GLSL

layout(set = 1, binding = 0) uniform sampler2D frameColor;
layout(set = 1, binding = 1) uniform sampler2D frameMask;
#ifdef FRAME_WRITES_IMAGES
#ifdef OUTPUT_RGBA16F
layout(set = 1, binding = 2, rgba16f) uniform writeonly image2D frameOutput;
layout(set = 1, binding = 3, rgba16f) uniform writeonly image2D frameRecon;
#else
layout(set = 1, binding = 2, rgba8) uniform writeonly image2D frameOutput;
layout(set = 1, binding = 3, rgba8) uniform writeonly image2D frameRecon;
#endif
#endif
layout(std430, set = 1, binding = 4) buffer FrameState { uint fs[]; };
layout(std430, set = 1, binding = 5) buffer Accumulation { vec4 accum[]; };
layout(set = 1, binding = 6) uniform sampler2D frameDepth;
layout(set = 1, binding = 7) uniform sampler2D frameMotion;
layout(std430, set = 1, binding = 8) buffer History { uvec4 hist[]; };
// Mirrors Runtime/Frames/FrameParams.cs.
layout(std430, set = 1, binding = 9) readonly buffer FrameParams
{
    uint fpFlags;
    uint fpReadHalf;        // the half written by the previous frame; this frame writes the other
    uint fpPixelsPerHalf;
    float fpHistoryFrames;  // the most a pixel's history counts for (a known pixel counts this much)
    float fpDepthTolerance; // relative: nearer than the far side by more than this is the occluder
    uint fpWithheldOffset;  // fs word offset of the withheld bits (one word per 32 pixels of a row)
    uint fpWordsPerRow;
    uint fpBlocksOffset;    // fs word offset of the far-side maps (per block, then dilated: blocksX * blocksY words each)
    uint fpBlocksX;
    uint fpBlocksY;
};

const uint FP_HAS_DEPTH = 1u;
const uint FP_HAS_MOTION = 2u;
const uint FP_HISTORY = 4u;
const uint FP_HISTORY_VALID = 8u;
const uint FP_REVERSED_DEPTH = 16u;
const uint FP_LINEAR_DEPTH = 32u;
const uint FP_MOTION_TO_CURRENT = 64u;

// Side of the blocks the far-side map is kept in, and how many blocks around a pixel it looks.
const int DEPTH_BLOCK = 8;
const int DEPTH_BLOCK_RADIUS = 2;
const uint NO_BORDER = 0xFFFFFFFFu;

const uint COLOR_8BIT = 0u;
const uint COLOR_HDR = 1u;

// Largest HDR value a fill decodes to: keeps y / (1 - y) finite.
const float HDR_MAX_ENCODED = 1023.0 / 1024.0;

bool frame_nonfinite(vec4 c)
{
    return any(isnan(c)) || any(isinf(c));
}

// A pixel is a hole where the mask says so, or where the colour is NaN or infinite (HDR input only),
// so a non-finite input value is filled and never reaches the output.
bool frame_hole(ivec2 p, uint colorKind)
{
    if (texelFetch(frameMask, p, 0).r >= 0.5)
    {
        return true;
    }

    return colorKind == COLOR_HDR && frame_nonfinite(texelFetch(frameColor, p, 0));
}

// Inverse depth ("disparity") of a known pixel, larger = nearer, in every depth convention: 1 - d for standard
// device depth and d for reversed-Z are proportional to 1/z for the usual (far >> near) projections, 1/d for linear
// depth; ratios of it compare distances without knowing the projection. Non-finite or negative depth reads as 0 (far).
float frame_disparity(ivec2 p)
{
    float d = texelFetch(frameDepth, p, 0).r;
    float w = (fpFlags & FP_LINEAR_DEPTH) != 0u ? 1.0 / d : (fpFlags & FP_REVERSED_DEPTH) != 0u ? d : 1.0 - d;
    return isnan(w) || isinf(w) || w < 0.0 ? 0.0 : w;
}

// The far side of the holes around p: the smallest inverse depth among the known pixels bordering a hole within
// DEPTH_BLOCK_RADIUS blocks of p's block (the dilated map frame_depth.comp builds after the per-block one), or -1
// where no hole border is near (or the frame has no depth).
float frame_far_side(ivec2 p)
{
    if ((fpFlags & FP_HAS_DEPTH) == 0u)
    {
        return -1.0;
    }

    ivec2 b = p / DEPTH_BLOCK;
    uint far = fs[fpBlocksOffset + fpBlocksX * fpBlocksY + uint(b.y) * fpBlocksX + uint(b.x)];
    return far == NO_BORDER ? -1.0 : uintBitsToFloat(far);
}

// This frame's motion vector at p in pixels, as given (0 without a motion image; non-finite reads as NaN on purpose:
// every comparison with it fails, so no history is taken).
vec2 frame_motion(ivec2 p)
{
    return (fpFlags & FP_HAS_MOTION) != 0u ? texelFetch(frameMotion, p, 0).rg : vec2(0.0);
}

// Motion rejection (the velocity test of temporal anti-aliasing): history whose surface moved differently from what
// is at p now is something else (an occluder that has since moved away). Within a pixel plus a tenth of the motion.
bool frame_motion_differs(vec2 then, vec2 now)
{
    return !(length(then - now) <= 1.0 + 0.1 * length(now));
}

// Whether known pixel p is withheld from the model: with depth, a known pixel nearer than the far side of a nearby
// hole (the occluder that revealed it) is no context for the hole (frame_depth.comp sets these bits).
bool frame_withheld(ivec2 p)
{
    if ((fpFlags & FP_HAS_DEPTH) == 0u)
    {
        return false;
    }

    uint word = fs[fpWithheldOffset + uint(p.y) * fpWordsPerRow + uint(p.x) / 32u];
    return ((word >> (uint(p.x) & 31u)) & 1u) != 0u;
}

// What the model treats as missing: holes, and with depth the withheld occluder pixels (planning, tile input).
bool frame_masked(ivec2 p, uint colorKind)
{
    return frame_hole(p, colorKind) || frame_withheld(p);
}

// Tiles may reach past the frame's edges; those pixels repeat the nearest edge pixel (hole or not).
ivec2 frame_clamp(ivec2 p, uint width, uint height)
{
    return clamp(p, ivec2(0), ivec2(int(width) - 1, int(height) - 1));
}

vec3 srgb_encode(vec3 linear)
{
    vec3 lo = linear * 12.92;
    vec3 hi = 1.055 * pow(linear, vec3(1.0 / 2.4)) - 0.055;
    return mix(hi, lo, lessThanEqual(linear, vec3(0.0031308)));
}

vec3 srgb_decode(vec3 encoded)
{
    vec3 lo = encoded / 12.92;
    vec3 hi = pow((encoded + 0.055) / 1.055, vec3(2.4));
    return mix(hi, lo, lessThanEqual(encoded, vec3(0.04045)));
}

// A stored colour to the model's range; non-finite channels (holes) become 0.
vec3 frame_encode(vec4 c, uint colorKind)
{
    vec3 rgb = c.rgb;
    rgb = mix(rgb, vec3(0.0), bvec3(isnan(rgb.r) || isinf(rgb.r), isnan(rgb.g) || isinf(rgb.g), isnan(rgb.b) || isinf(rgb.b)));
    if (colorKind == COLOR_HDR)
    {
        vec3 x = max(rgb, vec3(0.0));
        return srgb_encode(x / (1.0 + x));
    }

    return clamp(rgb, 0.0, 1.0);
}

// The model's range back to the stored colour.
vec3 frame_decode(vec3 v, uint colorKind)
{
    vec3 e = clamp(v, 0.0, 1.0);
    if (colorKind == COLOR_HDR)
    {
        vec3 y = min(srgb_decode(e), vec3(HDR_MAX_ENCODED));
        return y / (1.0 - y);
    }

    return e;
}

// Blend weight of tile position u (0 .. S-1) along one axis: rises from the tile border over the overlap so
// two overlapping tiles' weights sum to one across it; 1 in the tile's interior.
float frame_ramp(uint u, uint tileSize, uint overlap)
{
    if (overlap == 0u)
    {
        return 1.0;
    }

    float d = float(min(u, tileSize - 1u - u));
    return min(1.0, (d + 0.5) / float(overlap));
}

#endif
