namespace MaeRealtime.Runtime.Frames;

/// <summary>
/// Pixel formats of the colour images the frame pass reads and writes, and how each maps to the model's range
/// (sRGB-encoded values in [0, 1], the encoding of the photos it was trained on).
/// </summary>
public enum FrameColorFormat
{
    /// <summary>
    /// <c>VK_FORMAT_R8G8B8A8_UNORM</c> holding display-referred (sRGB-encoded) values, as a swapchain or an 8-bit
    /// texture does: read as they are. Known pixels are copied bit-exactly.
    /// </summary>
    Rgba8Unorm,

    /// <summary>
    /// <c>VK_FORMAT_R8G8B8A8_SRGB</c>. The pass reads and writes it through <c>R8G8B8A8_UNORM</c> views (the stored
    /// bytes are already the model's encoding), so the image must be created with
    /// <c>VK_IMAGE_CREATE_MUTABLE_FORMAT_BIT</c>. Known pixels are copied bit-exactly.
    /// </summary>
    Rgba8Srgb,

    /// <summary>
    /// <c>VK_FORMAT_R16G16B16A16_SFLOAT</c> holding scene-referred linear HDR values. Encoded for the model as
    /// sRGB(x / (1 + x)) (Reinhard, then the sRGB transfer function; negative values clamp to 0) and decoded back
    /// by the exact inverse, capped at 1023. NaN or infinite pixels are treated as holes. Known pixels are copied
    /// bit-exactly.
    /// </summary>
    Rgba16Float,
}
