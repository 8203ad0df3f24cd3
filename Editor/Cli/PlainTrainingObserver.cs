using MaeRealtime.Training.Trainer;

namespace MaeRealtime.Editor.Cli;

/// <summary>Training progress as plain lines, for redirected output and logs.</summary>
internal sealed class PlainTrainingObserver(TextWriter output) : ITrainingObserver
{
    public void OnProgress(TrainingProgress p) =>
        output.WriteLine(TrainingText.ProgressLine(p));

    public void OnMessage(string message) => output.WriteLine(message);
}
