namespace MaeRealtime.Editor.Tests.Import;

/// <summary>
/// The independent golden vector in shared/fixtures/mae-golden (see its README): shared/ sits next to the repository
/// root (or above it in a CI clone), so it is found by walking up from the test binaries.
/// </summary>
internal static class GoldenFiles
{
    private const string RelativeDirectory = "shared/fixtures/mae-golden";

    public static string File(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, RelativeDirectory);
            if (Directory.Exists(candidate))
            {
                return Path.Combine(candidate, name);
            }
        }

        throw new DirectoryNotFoundException($"Golden fixture '{RelativeDirectory}' not found above {AppContext.BaseDirectory}.");
    }

    /// <summary>expected_recon.f32: float32 little-endian, [y, x, c], pixel units.</summary>
    public static float[] ExpectedReconstruction()
    {
        byte[] bytes = System.IO.File.ReadAllBytes(File("expected_recon.f32"));
        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes).ToArray();
    }
}
