using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace MaeRealtime.Training.Model;

/// <summary>
/// timm's multi-head self-attention with a fused qkv projection (rows: q block, k block, v block, each split
/// into heads of head_dim consecutive rows), scale head_dim^-0.5 applied to q·k, softmax, then proj.
/// </summary>
public sealed class Attention : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "qkv")]
    private readonly Linear _qkv;

    [ComponentName(Name = "proj")]
    private readonly Linear _proj;

    private readonly long _heads;
    private readonly Scalar _scale; // kept alive with the module: see KeptScalars

    /// <summary>Creates attention over <paramref name="dim"/> channels split into <paramref name="heads"/> heads.</summary>
    public Attention(long dim, long heads)
        : base(nameof(Attention))
    {
        if (heads <= 0 || dim % heads != 0)
        {
            throw new ArgumentException($"Attention heads: expected a divisor of dim {dim}, found {heads}.", nameof(heads));
        }

        _heads = heads;
        _scale = Math.Pow(dim / heads, -0.5).ToScalar();
        _qkv = nn.Linear(dim, 3 * dim, hasBias: true);
        _proj = nn.Linear(dim, dim, hasBias: true);
        RegisterComponents();
    }

    /// <summary>x: [B, T, C] -> [B, T, C].</summary>
    public override Tensor forward(Tensor x) => Forward(x, null, 0);

    /// <summary>
    /// Attention of the rows from <paramref name="firstQuery"/> on over all rows of <paramref name="x"/> [B, T, C]
    /// -> [B, T - firstQuery, C]. <paramref name="keyBias"/> [B, 1, 1, T] (or null) is added to the scores before
    /// the softmax: 0 on real keys, -inf on padding, so a padded row gets exactly zero weight and a sample's
    /// valid rows equal its unpadded forward.
    /// </summary>
    public Tensor Forward(Tensor x, Tensor? keyBias, long firstQuery)
    {
        using var scope = NewDisposeScope();
        long b = x.shape[0], t = x.shape[1], c = x.shape[2];
        long hd = c / _heads;

        var qkv = _qkv.forward(x)                    // [B, T, 3C]
            .reshape(b, t, 3, _heads, hd)            // [B, T, 3, H, hd]
            .permute(2, 0, 3, 1, 4);                 // [3, B, H, T, hd]
        var q = qkv[0];                              // [B, H, T, hd]
        var k = qkv[1];
        var v = qkv[2];
        if (firstQuery > 0)
        {
            q = q.narrow(2, firstQuery, t - firstQuery);           // [B, H, Tq, hd]  only the query rows ask
        }

        long tq = q.shape[2];
        var attn = q.matmul(k.transpose(-2, -1)).mul(_scale); // [B, H, Tq, T]
        if (keyBias is not null)
        {
            attn = KeptScalars.Add(attn, keyBias);   // [B, H, Tq, T]  -inf on padded keys
        }

        attn = attn.softmax(-1);
        var y = attn.matmul(v)                       // [B, H, Tq, hd]
            .transpose(1, 2)                         // [B, Tq, H, hd]
            .reshape(b, tq, c);                      // [B, Tq, C], heads concatenated
        return _proj.forward(y).MoveToOuterDisposeScope();
    }
}
