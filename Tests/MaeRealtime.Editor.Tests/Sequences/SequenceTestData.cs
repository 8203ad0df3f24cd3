using MaeRealtime.Editor.Sequences;

namespace MaeRealtime.Editor.Tests.Sequences;

/// <summary>Photos and sources the sequence tests share.</summary>
internal static class SequenceTestData
{
    /// <summary>A photo of random noise: no two windows of it look alike, so a wrong shift cannot match by chance.</summary>
    public static SequencePhoto NoisePhoto(int width, int height, int seed)
    {
        var rng = new Random(seed);
        var rgba = new byte[width * height * 4];
        rng.NextBytes(rgba);
        for (int i = 3; i < rgba.Length; i += 4)
        {
            rgba[i] = 255;
        }

        return SequencePhoto.FromPixels($"noise-{seed}", width, height, rgba);
    }
}
