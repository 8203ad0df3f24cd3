using MaeRealtime.Editor.Frames;
using MaeRealtime.Editor.Imaging;
using MaeRealtime.Runtime.Frames;

namespace MaeRealtime.Editor.Sequences;

/// <summary>
/// Writes a sequence as a sequence folder (docs/SEQUENCES.md), the format <see cref="FolderSequence"/> reads: frames
/// first, each file atomically, the manifest last, so a folder whose <c>sequence.json</c> exists is complete.
/// </summary>
internal static class SequenceFolderWriter
{
    /// <summary>Writes every frame of <paramref name="source"/> to <paramref name="directory"/>; <paramref name="depth"/> says the depth convention of its depth (when it has depth).</summary>
    public static void Write(ISequenceSource source, string directory, SequenceDepth depth = SequenceDepth.Standard, string description = "")
    {
        ArgumentNullException.ThrowIfNull(source);
        var motion = SequenceMotion.None;
        int t = 0;
        foreach (var frame in source.Frames())
        {
            string name = t.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
            Png(frame.Color, source.Width, source.Height, Path.Combine(directory, "color", name + ".png"));
            new HoleMask(source.Width, source.Height, frame.Mask.Select(m => m >= HoleMask.Threshold).ToArray()).SaveAsPng(Path.Combine(directory, "mask", name + ".png"));
            if (source.HasTruth && frame.Truth is not null)
            {
                Png(frame.Truth, source.Width, source.Height, Path.Combine(directory, "truth", name + ".png"));
            }

            if (source.HasDepth && frame.Depth is not null)
            {
                PfmFile.Write(Path.Combine(directory, "depth", name + ".pfm"), new PfmImage(source.Width, source.Height, 1, frame.Depth));
            }

            if (source.HasMotion)
            {
                motion = (frame.Flags & FrameFlags.MotionTowardsCurrent) != 0 ? SequenceMotion.ToCurrent : SequenceMotion.ToPrevious;
                var vectors = frame.Motion ?? new float[source.Width * source.Height * 2];
                PfmFile.Write(Path.Combine(directory, "motion", name + ".pfm"), PfmImage.FromMotion(source.Width, source.Height, vectors));
            }

            t++;
        }

        new SequenceManifest(source.Width, source.Height, t, source.HasDepth ? depth : SequenceDepth.None, motion, description).Write(directory);
    }

    private static void Png(byte[] rgba, int width, int height, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        FrameRgba.ToImage(rgba, width, height).SaveAsPng(path);
    }
}
