using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace MaeRealtime.Training.Model;

/// <summary>timm's <c>Mlp</c>: fc1, exact (erf) GELU, fc2. Dropout is zero in MAE, so it is left out.</summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    // Field names map to the reference's state-dict keys (mlp.fc1.*, mlp.fc2.*).
    [ComponentName(Name = "fc1")]
    private readonly Linear _fc1;

    [ComponentName(Name = "fc2")]
    private readonly Linear _fc2;

    /// <summary>Creates the two linear layers <paramref name="dim"/> -> <paramref name="hidden"/> -> <paramref name="dim"/>.</summary>
    public Mlp(long dim, long hidden)
        : base(nameof(Mlp))
    {
        _fc1 = nn.Linear(dim, hidden, hasBias: true);
        _fc2 = nn.Linear(hidden, dim, hasBias: true);
        RegisterComponents();
    }

    /// <summary>x: [B, T, dim] -> [B, T, dim].</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = _fc1.forward(x);                    // [B, T, hidden]
        h = nn.functional.gelu(h);                  // exact erf GELU, as nn.GELU() in the reference
        return _fc2.forward(h).MoveToOuterDisposeScope(); // [B, T, dim]
    }
}
