namespace MaeRealtime.Editor.Import;

/// <summary>The kinds of source file <see cref="CheckpointImporter"/> converts, told apart by their first bytes.</summary>
public enum CheckpointFormat
{
    /// <summary>A PyTorch zip checkpoint (<c>torch.save</c> since PyTorch 1.6): <c>{'model': state_dict, ...}</c> or a bare state dict.</summary>
    PyTorchZip,

    /// <summary>A safetensors file with the reference's state-dict keys (F32, F16 or BF16 tensors).</summary>
    Safetensors,

    /// <summary>A checkpoint of this project's trainer (<c>.maeckpt</c>), which records the whole config.</summary>
    TrainerCheckpoint,
}
