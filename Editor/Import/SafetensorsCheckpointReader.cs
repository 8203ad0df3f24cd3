namespace MaeRealtime.Editor.Import;

/// <summary>Reads a safetensors file with the reference's keys into a <see cref="SourceCheckpoint"/>.</summary>
internal static class SafetensorsCheckpointReader
{
    /// <summary>Reads the header of <paramref name="path"/>; tensor data is decoded when the weight file is assembled.</summary>
    public static SourceCheckpoint Read(string path)
    {
        var file = SafetensorsFile.Open(path);
        if (file.Entries.Count == 0)
        {
            throw new ImportException(path, "the safetensors file holds no tensors.");
        }

        var tensors = file.Entries.ToDictionary(
            e => e.Name,
            e => new SourceTensor(e.Name, e.Shape, e.DType, () => file.ReadFloats(e)),
            StringComparer.Ordinal);

        // Exporters that know the training recipe may record it in the free-form metadata.
        bool? normPix = null;
        string? origin = null;
        if (file.Metadata.TryGetValue("norm_pix_loss", out string? text) && bool.TryParse(text, out bool value))
        {
            normPix = value;
            origin = $"__metadata__ norm_pix_loss={text} in the safetensors header";
        }

        return new SourceCheckpoint(path, CheckpointFormat.Safetensors, tensors) { NormPixLoss = normPix, NormPixLossOrigin = origin };
    }
}
