using System.Globalization;
using MaeRealtime.Editor.Cli;
using MaeRealtime.Runtime.Frames;

namespace MaeRealtime.Editor.Sequences;

/// <summary>
/// A sequence folder (docs/SEQUENCES.md), as the HostRenderer sample writes one: <c>sequence.json</c>, then per frame
/// <c>color/NNNN.png</c>, <c>mask/NNNN.png</c> and, as the manifest and folders say, <c>truth/NNNN.png</c>,
/// <c>depth/NNNN.pfm</c> and <c>motion/NNNN.pfm</c>. Every file the manifest promises is looked for up front, so a
/// folder with a gap fails before any work, naming the first missing file; frames are then read one at a time.
/// </summary>
internal sealed class FolderSequence : ISequenceSource
{
    private readonly SequenceManifest _manifest;

    /// <summary>Opens the folder <paramref name="directory"/>: reads its manifest and checks its files are all there.</summary>
    public FolderSequence(string directory)
    {
        Directory = directory;
        _manifest = SequenceManifest.Read(directory);
        HasTruth = System.IO.Directory.Exists(Path.Combine(directory, "truth"));
        foreach (var (folder, extension, needed) in new[] { ("color", ".png", true), ("mask", ".png", true), ("truth", ".png", HasTruth), ("depth", ".pfm", HasDepth), ("motion", ".pfm", HasMotion) })
        {
            if (!needed)
            {
                continue;
            }

            for (int t = 0; t < FrameCount; t++)
            {
                string path = FilePath(folder, t, extension);
                if (!File.Exists(path))
                {
                    string why = folder switch
                    {
                        "truth" => "the folder has truth/, so every frame needs one",
                        "depth" => $"{SequenceManifest.FileName} says \"depth\": \"{SequenceConventions.Name(_manifest.Depth)}\"",
                        "motion" => $"{SequenceManifest.FileName} says \"motion\": \"{SequenceConventions.Name(_manifest.Motion)}\"",
                        _ => $"{SequenceManifest.FileName} says {FrameCount} frames",
                    };
                    throw new CliException($"Sequence folder '{directory}': frame {t} has no {folder} file '{path}' ({why}).");
                }
            }
        }
    }

    /// <summary>The folder.</summary>
    public string Directory { get; }

    /// <summary>The manifest's description (may be empty).</summary>
    public string Description => _manifest.Description;

    /// <inheritdoc />
    public string Kind => "folder";

    /// <inheritdoc />
    public string Name => Directory;

    /// <inheritdoc />
    public int Width => _manifest.Width;

    /// <inheritdoc />
    public int Height => _manifest.Height;

    /// <inheritdoc />
    public int FrameCount => _manifest.Frames;

    /// <inheritdoc />
    public bool HasDepth => _manifest.Depth != SequenceDepth.None;

    /// <inheritdoc />
    public bool HasMotion => _manifest.Motion != SequenceMotion.None;

    /// <inheritdoc />
    public bool HasTruth { get; }

    /// <summary>The path of frame <paramref name="t"/>'s file in <paramref name="folder"/> ("color", "mask", ...): four digits at least, from 0000.</summary>
    public string FilePath(string folder, int t, string extension) =>
        Path.Combine(Directory, folder, t.ToString("D4", CultureInfo.InvariantCulture) + extension);

    /// <inheritdoc />
    public IEnumerable<SequenceFrame> Frames()
    {
        var conventions = SequenceConventions.Flags(_manifest.Depth, _manifest.Motion);
        for (int t = 0; t < FrameCount; t++)
        {
            byte[] color = SequenceGuideFiles.LoadRgba(FilePath("color", t, ".png"), "colour", Width, Height);
            byte[] mask = SequenceGuideFiles.LoadMask(FilePath("mask", t, ".png"), Width, Height);
            byte[]? truth = HasTruth ? SequenceGuideFiles.LoadRgba(FilePath("truth", t, ".png"), "truth", Width, Height) : null;
            float[]? depth = HasDepth ? SequenceGuideFiles.LoadDepth(FilePath("depth", t, ".pfm"), Width, Height) : null;
            float[]? motion = HasMotion ? SequenceGuideFiles.LoadMotion(FilePath("motion", t, ".pfm"), Width, Height) : null;
            yield return new SequenceFrame(color, mask, truth, depth, motion, conventions | (t == 0 ? FrameFlags.CameraCut : FrameFlags.None));
        }
    }
}
