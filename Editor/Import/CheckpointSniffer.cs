using MaeRealtime.Runtime.Model;

namespace MaeRealtime.Editor.Import;

/// <summary>
/// Tells the source formats apart by their first bytes rather than by extension (a <c>.pth</c> may be either PyTorch
/// serialization, and <c>.bin</c> / <c>.ckpt</c> are used for everything), and names what it found when it is not one.
/// </summary>
internal static class CheckpointSniffer
{
    private static ReadOnlySpan<byte> ZipMagic => "PK\x03\x04"u8;

    private static ReadOnlySpan<byte> TrainerMagic => "MAECKPT\0"u8;

    /// <summary>The format of <paramref name="path"/>.</summary>
    /// <exception cref="ImportException">Missing, a folder, empty, a legacy .pth, a weight file already, or unknown.</exception>
    public static CheckpointFormat Detect(string path)
    {
        if (Directory.Exists(path))
        {
            throw new ImportException(path, "is a folder without a training checkpoint (checkpoint.maeckpt); expected a checkpoint file (.pth, .safetensors or .maeckpt) or a run folder.");
        }

        byte[] head = new byte[16];
        long length;
        int count;
        try
        {
            using var stream = File.OpenRead(path);
            length = stream.Length;
            count = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ImportException(path, ex is FileNotFoundException or DirectoryNotFoundException ? "file not found." : $"cannot be read: {ex.Message}", inner: ex);
        }

        var span = head.AsSpan(0, count);
        if (count == 0)
        {
            throw new ImportException(path, "the file is empty.");
        }

        if (span.StartsWith(ZipMagic))
        {
            return CheckpointFormat.PyTorchZip;
        }

        if (span.StartsWith(TrainerMagic))
        {
            return CheckpointFormat.TrainerCheckpoint;
        }

        if (span.StartsWith(WeightFileFormat.Magic))
        {
            throw new ImportException(path, "is already a MaeRealtime weight file; use it as it is (./mae inspect shows what it holds).");
        }

        if (SafetensorsFile.LooksLikeSafetensors(span, length))
        {
            return CheckpointFormat.Safetensors;
        }

        if (span[0] == 0x80)
        {
            // A pickle protocol opcode first: torch.save before PyTorch 1.6 (or _use_new_zipfile_serialization=False).
            throw new ImportException(path, "is a legacy (non-zip) PyTorch file, which TorchSharp.PyBridge cannot read. Re-save it in Python with "
                + "torch.save(torch.load(PATH, map_location='cpu'), NEW_PATH, _use_new_zipfile_serialization=True) and convert NEW_PATH.");
        }

        throw new ImportException(path, "unknown format: expected a PyTorch zip checkpoint (.pth), a safetensors file or a MaeRealtime training checkpoint (.maeckpt).");
    }
}
