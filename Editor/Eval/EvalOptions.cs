namespace MaeRealtime.Editor.Eval;

/// <summary>
/// The options of one <c>mae eval</c> run, as parsed (see <see cref="Cli.EvalCommand"/> for their meaning).
/// <see cref="Images"/> is null only where <see cref="Sequence"/> names folder sequences alone; <see cref="BaselinesGiven"/>
/// says whether <see cref="Baselines"/> came from the command line (the sequence eval has its own default).
/// </summary>
internal sealed record EvalOptions(
    string? Model,
    string? Images,
    string Masks,
    string Baselines,
    int Crop,
    int? Overlap,
    bool RandomCrop,
    int PerImage,
    int? MaxImages,
    int Seed,
    bool Json,
    string? Report,
    string? Device,
    bool Validation,
    int? ContextRadius = null,
    string? Sequence = null,
    int Frames = Sequences.SequenceEval.DefaultFrames,
    bool BaselinesGiven = true);
