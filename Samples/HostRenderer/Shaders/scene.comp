#version 450
// The host's own scene pass (not part of MaeRealtime): a small 3-D-ish engine stand-in. A textured background
// plane, far away, seen by a camera that pans; textured occluders (discs and boxes, each at its own distance,
// each spinning) moving in front of it on their own paths. Per pixel it writes what an engine's renderer and a
// frame generator's reprojection leave:
//   truth   the full render of this frame (the ground truth);
//   depth   reversed-Z device depth of an infinite-far perspective (near / z: 1 at the near plane, 0 at infinity);
//   motion  in pixels, where this pixel's surface was in the previous frame minus where it is now (the runtime's
//           default convention); the camera pan for the background, the occluder's own motion on an occluder;
//   mask    the disocclusion holes: pixels that show the background now but whose surface was hidden by an
//           occluder in one of the last `reveal` frames (revealed since), 1 there, 0 elsewhere;
//   color   the truth with stale data in the holes: the occluder that hid the pixel (the ghost a reprojection
//           smears there) or the hole colour.
// At hole pixels depth and motion are the background's (what the hole hides).
// MASK_FORMAT (a glslc define): r8 for an R8_UNORM mask, rgba8 for an R8G8B8A8_UNORM one. NO_MOTION: the
// variant for devices without shaderStorageImageExtendedFormats (no rg16f storage image): motion is not written.

layout(local_size_x = 8, local_size_y = 8, local_size_z = 1) in;

layout(set = 0, binding = 0, rgba8) uniform writeonly image2D sceneColor;
layout(set = 0, binding = 1, MASK_FORMAT) uniform writeonly image2D holeMask;
layout(set = 0, binding = 2, rgba8) uniform writeonly image2D sceneTruth;
layout(set = 0, binding = 3, r32f) uniform writeonly image2D sceneDepth;
#ifndef NO_MOTION
layout(set = 0, binding = 4, rg16f) uniform writeonly image2D sceneMotion;
#endif

layout(push_constant) uniform Scene
{
    ivec2 size;      // frame size in pixels
    vec2 pan;        // camera pan in pixels per frame: the background moves by -pan a frame on screen
    float frame;     // frame number
    float fps;       // frames per second (the occluders' paths are in seconds)
    uint occluders;  // number of moving occluders
    uint reveal;     // frames a revealed pixel stays a hole (1: revealed since the previous frame)
    vec4 holeColor;  // what hole pixels hold with stale = 1
    uint stale;      // 0: the occluder's ghost in the holes, 1: the hole colour
} scene;

const float TAU = 6.28318531;
const float NEAR = 0.1;
const float BACKGROUND_Z = 20.0;

// The background texture, in world pixels (screen position + camera offset): static, so it moves exactly with the camera.
vec3 background(vec2 w)
{
    vec2 uv = w / vec2(scene.size);
    vec3 base = 0.45 + 0.25 * cos(TAU * (0.35 * uv.x + 0.2 * uv.y + vec3(0.55, 0.65, 0.8)));
    base = vec3(0.35, 0.55, 0.75) * 0.6 + base * 0.5; // cool blues and teals
    float stripes = 0.5 + 0.5 * sin((w.x + 0.6 * w.y) * 0.21);
    base = mix(base, base * vec3(0.8, 0.95, 1.15), 0.4 * stripes);
    ivec2 cell = ivec2(floor(w / 24.0));
    base *= ((cell.x + cell.y) & 1) == 0 ? 1.0 : 0.8;
    return clamp(base, 0.0, 1.0);
}

vec2 rotate(vec2 v, float a)
{
    float c = cos(a), s = sin(a);
    return vec2(c * v.x - s * v.y, s * v.x + c * v.y);
}

vec2 centreOf(uint i, float t)
{
    float fi = float(i);
    // Lissajous paths that keep each centre inside the frame (about 3-6 px a frame at 320x192 and 30 fps).
    return vec2(scene.size) * (0.5 + vec2(0.36 * sin(t * (1.3 + 0.21 * fi) + 1.7 * fi),
                                          0.32 * cos(t * (1.7 + 0.17 * fi) + 2.3 * fi)));
}

float angleOf(uint i, float t) { return (0.8 + 0.15 * float(i)) * t + float(i); }

float radiusOf(uint i) { return float(min(scene.size.x, scene.size.y)) * (0.06 + 0.025 * float(i % 3u)); }

// Linear distance of occluder i: occluder 0 is nearest.
float depthOf(uint i) { return 2.0 + 0.75 * float(i); }

// Whether occluder i covers screen point p at time t; its local (object-space) coordinates of p.
bool covers(uint i, vec2 p, float t, out vec2 local)
{
    local = rotate(p - centreOf(i, t), -angleOf(i, t));
    float radius = radiusOf(i);
    if ((i & 1u) == 0u)
    {
        return dot(local, local) < radius * radius;
    }

    return abs(local.x) < 1.3 * radius && abs(local.y) < 0.6 * radius;
}

// The nearest occluder covering p at time t (-1: the background shows), with p in its local coordinates.
int nearest(vec2 p, float t, out vec2 local)
{
    local = vec2(0.0);
    for (uint i = 0u; i < scene.occluders; i++) // in order of distance
    {
        vec2 l;
        if (covers(i, p, t, l))
        {
            local = l;
            return int(i);
        }
    }

    return -1;
}

// An occluder's texture, in its local coordinates: warm, saturated rings and spokes, unlike the background.
vec3 occluderColor(uint i, vec2 local)
{
    float fi = float(i);
    vec3 hue = 0.5 + 0.45 * cos(TAU * (0.08 * fi + vec3(0.0, 0.18, 0.42)));
    hue = mix(hue, vec3(1.0, 0.55, 0.15), 0.45);
    float rings = 0.5 + 0.5 * cos(length(local) * 0.9);
    float spokes = 0.5 + 0.5 * cos(6.0 * atan(local.y, local.x + 1e-6));
    vec3 c = hue * (0.55 + 0.45 * rings);
    c = mix(c, vec3(0.15, 0.05, 0.1), 0.35 * spokes);
    return clamp(c, 0.0, 1.0);
}

void main()
{
    ivec2 pixel = ivec2(gl_GlobalInvocationID.xy);
    if (any(greaterThanEqual(pixel, scene.size)))
    {
        return;
    }

    vec2 p = vec2(pixel) + 0.5;
    float t = scene.frame / scene.fps;
    vec2 local;
    int hit = nearest(p, t, local);
    vec3 truth;
    float z;
    vec2 motion;
    if (hit >= 0)
    {
        uint i = uint(hit);
        truth = occluderColor(i, local);
        z = depthOf(i);
        float previous = (scene.frame - 1.0) / scene.fps;
        motion = centreOf(i, previous) + rotate(local, angleOf(i, previous)) - p;
    }
    else
    {
        truth = background(p + scene.pan * scene.frame);
        z = BACKGROUND_Z;
        motion = scene.pan; // a background point at p now was at p + pan a frame ago
    }

    // A background pixel is a hole when an occluder hid its surface in one of the last `reveal` frames.
    bool hole = false;
    vec3 stale = truth;
    if (hit < 0)
    {
        for (uint k = 1u; k <= scene.reveal && !hole; k++)
        {
            vec2 was = p + scene.pan * float(k);
            vec2 l;
            int hider = nearest(was, (scene.frame - float(k)) / scene.fps, l);
            if (hider >= 0)
            {
                hole = true;
                stale = scene.stale == 0u ? occluderColor(uint(hider), l) : scene.holeColor.rgb;
            }
        }
    }

    imageStore(sceneTruth, pixel, vec4(truth, 1.0));
    imageStore(sceneColor, pixel, vec4(hole ? stale : truth, 1.0));
    float m = hole ? 1.0 : 0.0;
    imageStore(holeMask, pixel, vec4(m, m, m, 1.0));
    imageStore(sceneDepth, pixel, vec4(NEAR / z, 0.0, 0.0, 0.0));
#ifndef NO_MOTION
    imageStore(sceneMotion, pixel, vec4(motion, 0.0, 0.0));
#endif
}
