using MaeRealtime.Training.Model;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MaeRealtime.Training.Trainer;

/// <summary>
/// AdamW with PyTorch's update (torch.optim.AdamW, single-tensor path, as the reference runs it on CPU):
/// p *= 1 - lr*wd; m = lerp(m, g, 1 - b1); v = b2*v + (1 - b2)*g^2; p -= lr/(1 - b1^t) * m / (sqrt(v)/sqrt(1 - b2^t) + eps).
/// Written here rather than using TorchSharp's optimizer because that one converts doubles to temporary Scalars
/// on every parameter of every step, which is exactly what crashed long runs (see <see cref="KeptScalars"/>): every
/// Scalar below is a field or a <c>using</c> local that outlives the native call. Its state (both moments and the
/// step count of each parameter) is plain named tensors, so checkpoints can store and restore it exactly.
/// </summary>
public sealed class MaeAdamW : IDisposable
{
    private readonly Entry[] _entries;
    private readonly Tensor _oneMinusBeta1; // lerp_'s weight: a 0-dim tensor because TorchSharp has no Scalar-weight lerp_
    private readonly Scalar _beta2;
    private readonly Scalar _oneMinusBeta2;
    private readonly Scalar _eps;

    /// <summary>Creates the optimizer with zero moments.</summary>
    public MaeAdamW(IReadOnlyList<AdamWGroup> groups, double beta1 = 0.9, double beta2 = 0.95, double eps = 1e-8)
    {
        ArgumentNullException.ThrowIfNull(groups);
        Groups = groups;
        Beta1 = beta1;
        Beta2 = beta2;
        Eps = eps;
        _entries = groups.SelectMany(g => g.Parameters.Select(p => new Entry(p.Name, p.Parameter, g))).ToArray();
        var names = _entries.Select(e => e.Name).ToArray();
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Length)
        {
            throw new ArgumentException("A parameter is listed in more than one group.", nameof(groups));
        }

        var device = _entries.Length > 0 ? _entries[0].Parameter.device : CPU;
        _oneMinusBeta1 = tensor((float)(1 - beta1), ScalarType.Float32, device);
        _beta2 = beta2.ToScalar();
        _oneMinusBeta2 = (1 - beta2).ToScalar();
        _eps = eps.ToScalar();
    }

    /// <summary>The parameter groups.</summary>
    public IReadOnlyList<AdamWGroup> Groups { get; }

    /// <summary>First-moment decay.</summary>
    public double Beta1 { get; }

    /// <summary>Second-moment decay.</summary>
    public double Beta2 { get; }

    /// <summary>The denominator's epsilon.</summary>
    public double Eps { get; }

    /// <summary>Sets the learning rate of every group.</summary>
    public void SetLearningRate(double lr)
    {
        foreach (var g in Groups)
        {
            g.LearningRate = lr;
        }
    }

    /// <summary>Drops every gradient (PyTorch's zero_grad(set_to_none=True)).</summary>
    public void ZeroGrad()
    {
        foreach (var e in _entries)
        {
            e.Parameter.grad = null;
        }
    }

    /// <summary>One update of every parameter that has a gradient.</summary>
    public void Step()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        foreach (var e in _entries)
        {
            using var grad = e.Parameter.grad;
            if (grad is null)
            {
                continue; // as PyTorch: no gradient, no update, no step count
            }

            e.Step++;
            double lr = e.Group.LearningRate, wd = e.Group.WeightDecay;
            using (var decay = (1 - (lr * wd)).ToScalar())
            {
                e.Parameter.mul_(decay);
            }

            e.ExpAvg.lerp_(grad, _oneMinusBeta1);
            e.ExpAvgSq.mul_(_beta2).addcmul_(grad, grad, _oneMinusBeta2);

            double biasCorrection1 = 1 - Math.Pow(Beta1, e.Step);
            double biasCorrection2 = 1 - Math.Pow(Beta2, e.Step);
            using var correction2Sqrt = Math.Sqrt(biasCorrection2).ToScalar();
            using var negativeStepSize = (-lr / biasCorrection1).ToScalar();
            var denom = e.ExpAvgSq.sqrt();
            denom.div_(correction2Sqrt).add_(_eps, KeptScalars.One); // add_(s) alone hides a temporary alpha Scalar
            e.Parameter.addcdiv_(e.ExpAvg, denom, negativeStepSize);
        }
    }

    /// <summary>The state as named tensors ("exp_avg/NAME", "exp_avg_sq/NAME"); the tensors stay owned by the optimizer.</summary>
    public IEnumerable<(string Key, Tensor Tensor)> StateTensors()
    {
        foreach (var e in _entries)
        {
            yield return ($"exp_avg/{e.Name}", e.ExpAvg);
            yield return ($"exp_avg_sq/{e.Name}", e.ExpAvgSq);
        }
    }

    /// <summary>Each parameter's step count, by name.</summary>
    public IReadOnlyDictionary<string, long> StepCounts() => _entries.ToDictionary(e => e.Name, e => e.Step, StringComparer.Ordinal);

    /// <summary>Restores moments and step counts saved by <see cref="StateTensors"/> and <see cref="StepCounts"/>.</summary>
    /// <exception cref="ArgumentException">A tensor or count is missing or has the wrong shape (the message lists every problem).</exception>
    public void LoadState(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, long> steps)
    {
        var problems = new List<string>();
        foreach (var e in _entries)
        {
            foreach (var (key, target) in new[] { ($"exp_avg/{e.Name}", e.ExpAvg), ($"exp_avg_sq/{e.Name}", e.ExpAvgSq) })
            {
                if (!tensors.TryGetValue(key, out var t))
                {
                    problems.Add($"missing optimizer tensor '{key}'");
                }
                else if (!t.shape.SequenceEqual(target.shape))
                {
                    problems.Add($"optimizer tensor '{key}': expected shape [{string.Join(", ", target.shape)}], found [{string.Join(", ", t.shape)}]");
                }
            }

            if (!steps.ContainsKey(e.Name))
            {
                problems.Add($"missing optimizer step count of '{e.Name}'");
            }
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems));
        }

        using var noGrad = no_grad();
        foreach (var e in _entries)
        {
            e.ExpAvg.copy_(tensors[$"exp_avg/{e.Name}"]);
            e.ExpAvgSq.copy_(tensors[$"exp_avg_sq/{e.Name}"]);
            e.Step = steps[e.Name];
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var e in _entries)
        {
            e.ExpAvg.Dispose();
            e.ExpAvgSq.Dispose();
        }

        _oneMinusBeta1.Dispose();
        _beta2.Dispose();
        _oneMinusBeta2.Dispose();
        _eps.Dispose();
    }

    private sealed class Entry(string name, Parameter parameter, AdamWGroup group)
    {
        public string Name { get; } = name;

        public Parameter Parameter { get; } = parameter;

        public AdamWGroup Group { get; } = group;

        public Tensor ExpAvg { get; } = zeros_like(parameter).DetachFromDisposeScope();

        public Tensor ExpAvgSq { get; } = zeros_like(parameter).DetachFromDisposeScope();

        public long Step { get; set; }
    }
}
