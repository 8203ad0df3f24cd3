namespace MaeRealtime.Editor.Soak;

/// <summary>What <c>mae soak</c> runs: how many frames, how often the host re-creates its images and the inpainter.</summary>
/// <param name="Frames">Frames recorded and submitted in all.</param>
/// <param name="RecreateImagesEvery">The host destroys and re-creates its images every this many frames.</param>
/// <param name="InpainterCycles">How many inpainters are created and disposed over the run (one at a time, evenly spaced).</param>
/// <param name="Width">Frame width.</param>
/// <param name="Height">Frame height.</param>
/// <param name="FramesInFlight">Frames pending on the GPU at once (one set of images, command buffer and fence each).</param>
/// <param name="MaxRssGrowthMiB">Resident-memory growth from start to end above which the run fails.</param>
/// <param name="MaxManagedGrowthMiB">Managed-heap growth (after full collections) above which the run fails.</param>
public sealed record SoakOptions(
    int Frames = 10_000,
    int RecreateImagesEvery = 500,
    int InpainterCycles = 100,
    int Width = 128,
    int Height = 96,
    int FramesInFlight = 2,
    double MaxRssGrowthMiB = 64,
    double MaxManagedGrowthMiB = 4)
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the first value out of range.</summary>
    public void Validate()
    {
        if (Frames < 1)
        {
            throw new ArgumentException($"--frames {Frames}: expected at least 1.");
        }

        if (RecreateImagesEvery < 1)
        {
            throw new ArgumentException($"--recreate-every {RecreateImagesEvery}: expected at least 1 frame.");
        }

        if (InpainterCycles < 1 || InpainterCycles > Frames)
        {
            throw new ArgumentException($"--cycles {InpainterCycles}: expected 1 .. the number of frames ({Frames}).");
        }

        if (Width < 1 || Height < 1)
        {
            throw new ArgumentException($"Frame size {Width}x{Height}: expected at least 1x1.");
        }

        if (FramesInFlight is < 1 or > 8)
        {
            throw new ArgumentException($"Frames in flight {FramesInFlight}: expected 1..8.");
        }

        if (MaxRssGrowthMiB < 0 || MaxManagedGrowthMiB < 0)
        {
            throw new ArgumentException($"Growth bounds {MaxRssGrowthMiB} / {MaxManagedGrowthMiB} MiB: expected at least 0.");
        }
    }
}
