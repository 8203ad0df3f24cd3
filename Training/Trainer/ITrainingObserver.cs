namespace MaeRealtime.Training.Trainer;

/// <summary>Receives what a <see cref="TrainingLoop"/> reports; the command line renders it (progress bar or plain lines).</summary>
public interface ITrainingObserver
{
    /// <summary>A progress report.</summary>
    void OnProgress(TrainingProgress progress);

    /// <summary>A one-line message: a saved checkpoint, a warning (prefixed "warning: "), a note.</summary>
    void OnMessage(string message);
}
