using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace MaeRealtime.Training.Model;

/// <summary>timm's <c>PatchEmbed</c>: a p x p convolution with stride p, one output token per patch.</summary>
public sealed class PatchEmbed : nn.Module<Tensor, Tensor>
{
    // The reference's key is patch_embed.proj.{weight,bias}; the weight is [D, 3, p, p] (c, ky, kx).
    [ComponentName(Name = "proj")]
    private readonly Conv2d _proj;

    /// <summary>Creates the convolution 3 -> <paramref name="embedDim"/> channels, kernel = stride = <paramref name="patchSize"/>.</summary>
    public PatchEmbed(int patchSize, long embedDim)
        : base(nameof(PatchEmbed))
    {
        _proj = nn.Conv2d(3, embedDim, kernel_size: patchSize, stride: patchSize);
        RegisterComponents();
    }

    /// <summary>The convolution weight [D, 3, p, p].</summary>
    public Tensor Weight => _proj.weight!;

    /// <summary>imgs: [N, 3, H, W] -> tokens [N, L, D], L = (H/p)*(W/p) in row-major patch order.</summary>
    public override Tensor forward(Tensor imgs)
    {
        using var scope = NewDisposeScope();
        var x = _proj.forward(imgs);                  // [N, D, H/p, W/p]
        return x.flatten(2)                           // [N, D, L]
            .transpose(1, 2)                          // [N, L, D]
            .MoveToOuterDisposeScope();
    }
}
