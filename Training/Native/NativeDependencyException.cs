namespace MaeRealtime.Training.Native;

/// <summary>
/// A native library a managed package wraps (OpenCV's libOpenCvSharpExtern.so, libtorch) could not be loaded,
/// almost always because a system library it links is not installed. The message names the library and the
/// Debian/Ubuntu packages that provide its dependencies, so a missing package is never reported as an internal error.
/// </summary>
public sealed class NativeDependencyException : Exception
{
    /// <summary>Creates the exception for <paramref name="library"/> ("the native library X"), whose dependencies <paramref name="packages"/> provide.</summary>
    public NativeDependencyException(string library, string packages, Exception inner)
        : base($"{library} could not be loaded ({Innermost(inner).Message.TrimEnd('.')}). "
            + $"Install the packages it needs with: sudo apt-get install -y --no-install-recommends {packages} (or run ./mae setup as root).", inner)
    {
        Library = library;
        Packages = packages;
    }

    /// <summary>Every native package the project needs (tools/bootstrap.sh), for a failure no layer could attribute.</summary>
    public const string AllPackages = "libvulkan1 mesa-vulkan-drivers libglfw3 libgtk-3-0 libatomic1";

    /// <summary>The library that failed to load.</summary>
    public string Library { get; }

    /// <summary>The Debian/Ubuntu packages that provide what it links.</summary>
    public string Packages { get; }

    /// <summary>Whether <paramref name="ex"/> is how .NET reports a native library or one of its dependencies missing.</summary>
    public static bool IsLoadFailure(Exception ex) =>
        ex is DllNotFoundException or BadImageFormatException
        || (ex is TypeInitializationException { InnerException: { } inner } && IsLoadFailure(inner));

    private static Exception Innermost(Exception ex) => ex.InnerException is { } inner ? Innermost(inner) : ex;
}
