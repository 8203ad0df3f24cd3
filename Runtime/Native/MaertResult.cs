namespace MaeRealtime.Native;

/// <summary>The <c>maert_result</c> codes of include/maert.h (same values).</summary>
public enum MaertResult
{
    /// <summary><c>MAERT_SUCCESS</c>.</summary>
    Success = 0,

    /// <summary><c>MAERT_NOT_READY</c>: no recorded frame has completed yet.</summary>
    NotReady = 1,

    /// <summary><c>MAERT_ERROR_INVALID_ARGUMENT</c>.</summary>
    InvalidArgument = -1,

    /// <summary><c>MAERT_ERROR_INVALID_HANDLE</c>.</summary>
    InvalidHandle = -2,

    /// <summary><c>MAERT_ERROR_UNSUPPORTED_FORMAT</c> (formats and layouts).</summary>
    UnsupportedFormat = -3,

    /// <summary><c>MAERT_ERROR_WEIGHT_FILE</c>.</summary>
    WeightFile = -4,

    /// <summary><c>MAERT_ERROR_DEVICE_UNSUITABLE</c>.</summary>
    DeviceUnsuitable = -5,

    /// <summary><c>MAERT_ERROR_VULKAN</c>.</summary>
    Vulkan = -6,

    /// <summary><c>MAERT_ERROR_OUT_OF_MEMORY</c>.</summary>
    OutOfMemory = -7,

    /// <summary><c>MAERT_ERROR_VERSION_MISMATCH</c>.</summary>
    VersionMismatch = -8,

    /// <summary><c>MAERT_ERROR_INTERNAL</c>.</summary>
    Internal = -9,
}
