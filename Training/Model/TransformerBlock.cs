using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace MaeRealtime.Training.Model;

/// <summary>
/// timm's pre-norm ViT <c>Block</c> as MAE instantiates it (qkv_bias, no drop path, LayerScale off):
/// x + attn(norm1(x)), then + mlp(norm2(x)).
/// </summary>
public sealed class TransformerBlock : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "norm1")]
    private readonly LayerNorm _norm1;

    [ComponentName(Name = "attn")]
    private readonly Attention _attn;

    [ComponentName(Name = "norm2")]
    private readonly LayerNorm _norm2;

    [ComponentName(Name = "mlp")]
    private readonly Mlp _mlp;

    /// <summary>Creates a block of width <paramref name="dim"/>.</summary>
    public TransformerBlock(long dim, long heads, long mlpHidden, double eps)
        : base(nameof(TransformerBlock))
    {
        _norm1 = nn.LayerNorm(dim, eps);
        _attn = new Attention(dim, heads);
        _norm2 = nn.LayerNorm(dim, eps);
        _mlp = new Mlp(dim, mlpHidden);
        RegisterComponents();
    }

    /// <summary>x: [B, T, C] -> [B, T, C].</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        x = KeptScalars.Add(x, _attn.forward(_norm1.forward(x)));   // never `x + y`: see KeptScalars
        x = KeptScalars.Add(x, _mlp.forward(_norm2.forward(x)));
        return x.MoveToOuterDisposeScope();
    }
}
