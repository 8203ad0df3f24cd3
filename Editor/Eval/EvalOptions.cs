namespace MaeRealtime.Editor.Eval;

/// <summary>The options of one <c>mae eval</c> run, as parsed (see <see cref="Cli.EvalCommand"/> for their meaning).</summary>
internal sealed record EvalOptions(
    string? Model,
    string Images,
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
    int? ContextRadius = null);
