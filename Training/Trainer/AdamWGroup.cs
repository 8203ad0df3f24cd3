using TorchSharp.Modules;

namespace MaeRealtime.Training.Trainer;

/// <summary>A parameter group of <see cref="MaeAdamW"/>: its parameters, weight decay and current learning rate.</summary>
public sealed class AdamWGroup
{
    /// <summary>Creates a group.</summary>
    public AdamWGroup(string name, IReadOnlyList<(string Name, Parameter Parameter)> parameters, double weightDecay)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(weightDecay);
        Name = name;
        Parameters = parameters;
        WeightDecay = weightDecay;
    }

    /// <summary>"decay" or "no_decay".</summary>
    public string Name { get; }

    /// <summary>The parameters, with their state-dict names.</summary>
    public IReadOnlyList<(string Name, Parameter Parameter)> Parameters { get; }

    /// <summary>Decoupled weight decay (AdamW's lambda).</summary>
    public double WeightDecay { get; }

    /// <summary>The learning rate of the next step; the trainer sets it every step from the schedule.</summary>
    public double LearningRate { get; set; }
}
