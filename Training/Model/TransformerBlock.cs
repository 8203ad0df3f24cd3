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
    public override Tensor forward(Tensor x) => Forward(x, null);

    /// <summary>x: [B, T, C] -> [B, T, C] with an additive key bias [B, 1, 1, T] (0 real, -inf padding) or null.</summary>
    public Tensor Forward(Tensor x, Tensor? keyBias)
    {
        using var scope = NewDisposeScope();
        x = KeptScalars.Add(x, _attn.Forward(_norm1.forward(x), keyBias, 0));   // never `x + y`: see KeptScalars
        x = KeptScalars.Add(x, _mlp.forward(_norm2.forward(x)));
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The masked-queries decoder block: only the query rows <paramref name="queries"/> [B, Q, C] are updated; the
    /// fixed rows <paramref name="keys"/> [B, K, C] join them as keys and values (through this block's norm1 and
    /// qkv, like any row), one softmax over K + Q keys with <paramref name="keyBias"/> [B, 1, 1, K+Q] added.
    /// Returns the new queries [B, Q, C].
    /// </summary>
    public Tensor ForwardQueries(Tensor keys, Tensor queries, Tensor? keyBias)
    {
        using var scope = NewDisposeScope();
        var all = cat(new[] { keys, queries }, 1);                                  // [B, K+Q, C]
        var x = KeptScalars.Add(queries, _attn.Forward(_norm1.forward(all), keyBias, keys.shape[1])); // [B, Q, C]
        x = KeptScalars.Add(x, _mlp.forward(_norm2.forward(x)));                    // [B, Q, C]
        return x.MoveToOuterDisposeScope();
    }
}
