using System.Globalization;
using MaeRealtime.Training.Trainer;
using Spectre.Console;

namespace MaeRealtime.Editor.Cli;

/// <summary>
/// Training progress as a Spectre.Console progress bar (loss, lr, samples/s, ETA in the description) on an
/// interactive terminal; messages print above the bar, and every report also goes to the CSV log.
/// </summary>
internal sealed class LiveTrainingObserver : ITrainingObserver
{
    private readonly IAnsiConsole _console;
    private ProgressTask? _task;

    private LiveTrainingObserver(IAnsiConsole console)
    {
        _console = console;
    }

    /// <summary>Runs <paramref name="run"/> inside a live progress display starting at <paramref name="firstStep"/> of <paramref name="totalSteps"/>.</summary>
    public static TrainingRunResult Run(long firstStep, long totalSteps, Func<ITrainingObserver, TrainingRunResult> run)
    {
        var console = AnsiConsole.Console;
        var observer = new LiveTrainingObserver(console);
        return console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new SpinnerColumn(), new ProgressBarColumn(), new PercentageColumn(), new TaskDescriptionColumn { Alignment = Justify.Left })
            .Start(ctx =>
            {
                observer._task = ctx.AddTask(string.Create(CultureInfo.InvariantCulture, $"{firstStep}/{totalSteps} first step..."), maxValue: totalSteps);
                observer._task.Value = firstStep;
                var result = run(observer);
                observer._task.StopTask();
                return result;
            });
    }

    public void OnProgress(TrainingProgress p)
    {
        if (_task is null)
        {
            return;
        }

        _task.Value = p.Step;
        _task.Description = Markup.Escape(TrainingText.CompactLine(p));
    }

    public void OnMessage(string message) => _console.MarkupLine(Markup.Escape(message));
}
