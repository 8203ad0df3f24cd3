// Shared declarations of the frame kernels (frame_*.comp): set 1 holds one frame's images and state.
//   binding 0  frameColor   the host's colour image (sampled; 8-bit formats read raw through a UNORM view)
//   binding 1  frameMask    the host's hole mask (sampled; red >= 0.5 is a hole)
//   binding 2  frameOutput  the host's output image (storage), declared only where FRAME_WRITES_IMAGES is set
//   binding 3  frameRecon   the optional reconstruction image (storage), likewise
//   binding 4  fs           frame state, uint: tile counter, tile list, tile map, indirect table and commands
//   binding 5  accum        vec4 per pixel: (fill * weight, weight) summed over the tiles covering it
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
