namespace MaeRealtime.Editor.Fuzz;

/// <summary>The input formats <c>mae fuzz</c> mutates, each fed to the code that reads it.</summary>
public enum FuzzKind
{
    /// <summary>Weight files (.maew): <c>WeightFile.Load</c> and <c>mae inspect</c>.</summary>
    Weights,

    /// <summary>safetensors checkpoints: <c>CheckpointImporter.Convert</c>.</summary>
    Safetensors,

    /// <summary>PyTorch zip checkpoints (.pth): <c>CheckpointImporter.Convert</c>.</summary>
    Pth,

    /// <summary>PNG and JPEG images: <c>RgbImage.Load</c> and <c>HoleMask.Load</c>.</summary>
    Image,
}
