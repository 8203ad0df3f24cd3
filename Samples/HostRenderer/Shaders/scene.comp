#version 450
// The host's own scene pass (not part of MaeRealtime): an animated procedural background (sliding gradient,
// scrolling diagonal stripes, a drifting checkerboard) with moving occluders (discs and rotating boxes).
// An occluder's footprint stands in for a disocclusion hole after reprojection: its pixels get the hole
// colour in the colour image and 1 in the hole mask; every other pixel gets the background and 0.
// MASK_FORMAT (a glslc define): r8 for an R8_UNORM mask, rgba8 for an R8G8B8A8_UNORM one.

layout(local_size_x = 8, local_size_y = 8, local_size_z = 1) in;

layout(set = 0, binding = 0, rgba8) uniform writeonly image2D sceneColor;
layout(set = 0, binding = 1, MASK_FORMAT) uniform writeonly image2D holeMask;

layout(push_constant) uniform Scene
{
    ivec2 size;      // frame size in pixels
    float time;      // seconds
    uint occluders;  // number of moving occluders
    vec4 holeColor;  // what hole pixels hold in the colour image (stale data a reprojection leaves)
} scene;

const float TAU = 6.28318531;

vec3 background(vec2 p, float t)
{
    vec2 uv = p / vec2(scene.size);
    // Sliding gradient: a slow hue drift across the frame.
    vec3 base = 0.55 + 0.35 * cos(TAU * (0.45 * uv.x + 0.25 * uv.y + 0.06 * t + vec3(0.0, 0.33, 0.67)));
    // Scrolling diagonal stripes.
    float stripes = 0.5 + 0.5 * sin((p.x + 0.6 * p.y) * 0.21 - 3.0 * t);
    base = mix(base, base * vec3(0.75, 0.85, 1.1), 0.35 * stripes);
    // A drifting checkerboard of 24-pixel cells.
    ivec2 cell = ivec2(floor((p + t * vec2(18.0, 7.0)) / 24.0));
    base *= ((cell.x + cell.y) & 1) == 0 ? 1.0 : 0.82;
    return clamp(base, 0.0, 1.0);
}

bool occluded(vec2 p, float t)
{
    float unit = float(min(scene.size.x, scene.size.y));
    for (uint i = 0u; i < scene.occluders; i++)
    {
        float fi = float(i);
        // Lissajous paths that keep each centre inside the frame.
        vec2 centre = vec2(scene.size) * (0.5 + vec2(0.36 * sin(t * (1.3 + 0.21 * fi) + 1.7 * fi),
                                                     0.32 * cos(t * (1.7 + 0.17 * fi) + 2.3 * fi)));
        float radius = unit * (0.06 + 0.025 * float(i % 3u));
        vec2 d = p - centre;
        if ((i & 1u) == 0u)
        {
            if (dot(d, d) < radius * radius)
            {
                return true;
            }
        }
        else
        {
            float a = 0.8 * t + fi;
            vec2 r = mat2(cos(a), sin(a), -sin(a), cos(a)) * d;
            if (abs(r.x) < 1.3 * radius && abs(r.y) < 0.6 * radius)
            {
                return true;
            }
        }
    }

    return false;
}

void main()
{
    ivec2 pixel = ivec2(gl_GlobalInvocationID.xy);
    if (any(greaterThanEqual(pixel, scene.size)))
    {
        return;
    }

    vec2 p = vec2(pixel) + 0.5;
    bool hole = occluded(p, scene.time);
    imageStore(sceneColor, pixel, hole ? scene.holeColor : vec4(background(p, scene.time), 1.0));
    float m = hole ? 1.0 : 0.0;
    imageStore(holeMask, pixel, vec4(m, m, m, 1.0));
}
