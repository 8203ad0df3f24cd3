using System.Globalization;

namespace MaeRealtime.Training.Trainer;

/// <summary>
/// The per-step CSV log of a run (<c>train_log.csv</c>: step, loss, lr, samples_per_s, elapsed_s). A resumed run
/// appends after dropping rows beyond the checkpoint's step, so the file never shows steps the model forgot.
/// Every row is flushed, so a crash keeps the log up to the last step.
/// </summary>
public sealed class TrainingCsvLog : IDisposable
{
    /// <summary>The default file name inside a run folder.</summary>
    public const string FileName = "train_log.csv";

    /// <summary>The header row.</summary>
    public const string Header = "step,loss,lr,samples_per_s,elapsed_s";

    private readonly StreamWriter _writer;

    private TrainingCsvLog(StreamWriter writer)
    {
        _writer = writer;
    }

    /// <summary>Opens <paramref name="path"/>, keeping rows up to <paramref name="keepThroughStep"/> (0 = start afresh).</summary>
    public static TrainingCsvLog Open(string path, long keepThroughStep)
    {
        var kept = new List<string>();
        if (keepThroughStep > 0 && File.Exists(path))
        {
            foreach (string line in File.ReadLines(path).Skip(1))
            {
                int comma = line.IndexOf(',');
                if (comma > 0 && long.TryParse(line.AsSpan(0, comma), NumberStyles.Integer, CultureInfo.InvariantCulture, out long step) && step <= keepThroughStep)
                {
                    kept.Add(line);
                }
            }
        }

        var writer = new StreamWriter(path, append: false) { NewLine = "\n" };
        writer.WriteLine(Header);
        foreach (string line in kept)
        {
            writer.WriteLine(line);
        }

        writer.Flush();
        return new TrainingCsvLog(writer);
    }

    /// <summary>Appends one row.</summary>
    public void Append(long step, double loss, double lr, double samplesPerSecond, double elapsedSeconds)
    {
        _writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{step},{loss:R},{lr:R},{samplesPerSecond:F3},{elapsedSeconds:F3}"));
        _writer.Flush();
    }

    /// <inheritdoc />
    public void Dispose() => _writer.Dispose();
}
