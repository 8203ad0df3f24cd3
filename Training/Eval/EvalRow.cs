namespace MaeRealtime.Training.Eval;

/// <summary>
/// Mean scores of one method over a group of samples (one mask family, one hole-ratio bin, or all).
/// <see cref="Psnr"/> is the mean of per-sample PSNRs, each capped at <see cref="EvalAccumulator.PsnrCeiling"/>.
/// </summary>
/// <param name="Method">The method's name.</param>
/// <param name="Group">The family, the bin label, or "all".</param>
/// <param name="Psnr">Mean hole-only PSNR in dB.</param>
/// <param name="Ssim">Mean hole-only SSIM.</param>
/// <param name="Images">Samples (crop x mask) averaged.</param>
/// <param name="Milliseconds">Mean wall time per fill.</param>
public sealed record EvalRow(string Method, string Group, double Psnr, double Ssim, int Images, double Milliseconds);
