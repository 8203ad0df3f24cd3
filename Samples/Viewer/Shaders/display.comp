#version 450
// The viewer's one drawing pass: composes the window image from the frame images (letterboxed, nearest
// texel) in the selected view, then draws the brush ring, the tile grid and the text overlay on top.
// Runs after the runtime's inpaint pass; the result is blitted to the swapchain image.
// Overlay buffer (uint words; offsets match Views/OverlayLayout.cs):
//   [0, 192)            font: 2 words per ASCII glyph 32..127, rows 0-3 then rows 4-6, 5 bits per row, MSB left
//   [192, 192+2048)     tile flags of the latest completed frame (row-major grid, nonzero = processed)
//   [2240, 2240+10240)  text cells (row-major, textGrid.x per row): bits 0-6 ASCII, 8-9 colour, 12 panel
layout(local_size_x = 16, local_size_y = 16) in;

layout(set = 0, binding = 0) uniform sampler2D original;
layout(set = 0, binding = 1) uniform sampler2D holeMask;
layout(set = 0, binding = 2, rgba8) uniform readonly image2D filled;
layout(set = 0, binding = 3, rgba8) uniform readonly image2D recon;
layout(set = 0, binding = 4, rgba8) uniform writeonly image2D display;
layout(std430, set = 0, binding = 5) readonly buffer Overlay { uint words[]; };

layout(push_constant) uniform Push
{
    ivec2 displaySize;
    ivec2 frameSize;
    vec2 frameOrigin;   // window pixel of the frame's top-left corner
    float frameScale;   // window pixels per frame pixel
    uint mode;          // 0 composite, 1 input + mask, 2 reconstruction, 3 error, 4 tile grid
    ivec2 tileGrid;     // tiles per row / column (0 when no stats yet)
    int tileStride;
    int tileSize;
    int tileOverlap;
    int patchSize;
    ivec2 textGrid;     // cells per row / column
    int textScale;      // screen pixels per font pixel
    uint flags;         // bit 0: draw the brush ring
    vec2 brushCenter;   // frame pixels
    float brushRadius;  // frame pixels
    float errorGain;
} pc;

const uint TILE_OFFSET = 192u;
const uint TEXT_OFFSET = 2240u;
const vec3 HOLE = vec3(1.0, 0.0, 1.0);
const vec3 PALETTE[4] = vec3[4](vec3(1.0), vec3(1.0, 0.85, 0.3), vec3(0.45, 1.0, 0.5), vec3(1.0, 0.4, 0.4));

vec3 heat(float t)
{
    t = clamp(t, 0.0, 1.0);
    return clamp(vec3(3.0 * t, 3.0 * t - 1.0, 3.0 * t - 2.0), 0.0, 1.0);
}

bool tileActive(int gx, int gy)
{
    if (gx < 0 || gy < 0 || gx >= pc.tileGrid.x || gy >= pc.tileGrid.y)
    {
        return false;
    }
    uint index = uint(gy * pc.tileGrid.x + gx);
    return index < 2048u && words[TILE_OFFSET + index] != 0u;
}

vec3 tileView(ivec2 ip, vec3 fill, bool hole)
{
    vec3 c = hole ? mix(fill, HOLE, 0.5) : fill * 0.6;
    if (pc.tileStride <= 0)
    {
        return c;
    }
    if (ip.x % pc.tileStride == 0 || ip.y % pc.tileStride == 0)
    {
        c = mix(c, vec3(0.75), 0.35);   // the grid of tile cells
    }
    int half_ = pc.tileOverlap / 2;
    ivec2 g = (ip + half_) / pc.tileStride;
    // A pixel lies in at most two tiles per axis (overlap <= half a tile): this cell's and the previous one.
    for (int dy = -1; dy <= 0; dy++)
    {
        for (int dx = -1; dx <= 0; dx++)
        {
            ivec2 t = g + ivec2(dx, dy);
            ivec2 o = t * pc.tileStride - half_;
            ivec2 local = ip - o;
            if (any(lessThan(local, ivec2(0))) || any(greaterThanEqual(local, ivec2(pc.tileSize))) || !tileActive(t.x, t.y))
            {
                continue;
            }
            c = mix(c, vec3(0.2, 1.0, 0.35), 0.2);
            if (local.x == 0 || local.y == 0 || local.x == pc.tileSize - 1 || local.y == pc.tileSize - 1)
            {
                c = vec3(0.3, 1.0, 0.4);
            }
            else if (pc.patchSize > 0 && (local.x % pc.patchSize == 0 || local.y % pc.patchSize == 0))
            {
                c = mix(c, vec3(0.3, 1.0, 0.4), 0.25);
            }
        }
    }
    return c;
}

vec3 frameView(vec2 f)
{
    ivec2 ip = ivec2(f);
    vec3 orig = texelFetch(original, ip, 0).rgb;
    bool hole = texelFetch(holeMask, ip, 0).r >= 0.5;
    vec3 fill = imageLoad(filled, ip).rgb;
    switch (pc.mode)
    {
        case 1u: return hole ? mix(orig, HOLE, 0.65) : orig;
        case 2u: return imageLoad(recon, ip).rgb;
        case 3u: return hole ? heat(dot(abs(fill - orig), vec3(1.0 / 3.0)) * pc.errorGain) : orig * 0.25;
        case 4u: return tileView(ip, fill, hole);
        default: return fill;
    }
}

void main()
{
    ivec2 p = ivec2(gl_GlobalInvocationID.xy);
    if (any(greaterThanEqual(p, pc.displaySize)))
    {
        return;
    }

    vec3 c = vec3(0.07);
    vec2 f = (vec2(p) + 0.5 - pc.frameOrigin) / pc.frameScale;
    if (all(greaterThanEqual(f, vec2(0.0))) && all(lessThan(f, vec2(pc.frameSize))))
    {
        c = frameView(f);
    }

    if ((pc.flags & 1u) != 0u)
    {
        // A two-tone ring one window pixel wide each side, visible on light and dark images.
        float d = (length(f - pc.brushCenter) - pc.brushRadius) * pc.frameScale;
        if (abs(d) < 1.0)
        {
            c = d < 0.0 ? vec3(0.0) : vec3(1.0);
        }
    }

    if (pc.textScale > 0)
    {
        ivec2 cellSize = ivec2(6, 9) * pc.textScale;
        ivec2 cell = p / cellSize;
        if (cell.x < pc.textGrid.x && cell.y < pc.textGrid.y)
        {
            uint word = words[TEXT_OFFSET + uint(cell.y * pc.textGrid.x + cell.x)];
            if ((word & 0x1000u) != 0u)
            {
                c *= 0.3;
            }
            uint ch = word & 0x7Fu;
            ivec2 g = (p - cell * cellSize) / pc.textScale - ivec2(1, 1);
            if (ch > 32u && g.x >= 0 && g.x < 5 && g.y >= 0 && g.y < 7)
            {
                uint w = words[(ch - 32u) * 2u + (g.y < 4 ? 0u : 1u)];
                uint row = (w >> (5u * uint(g.y < 4 ? g.y : g.y - 4))) & 31u;
                if (((row >> uint(4 - g.x)) & 1u) != 0u)
                {
                    c = PALETTE[(word >> 8) & 3u];
                }
            }
        }
    }

    imageStore(display, p, vec4(c, 1.0));
}
