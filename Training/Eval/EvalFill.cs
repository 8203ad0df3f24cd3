namespace MaeRealtime.Training.Eval;

/// <summary>One method's fill of one sample and its scores.</summary>
/// <param name="Method">The method's name.</param>
/// <param name="Output">The filled crop (RGB interleaved, in [0, 1]).</param>
/// <param name="Psnr">Hole-only PSNR in dB (+infinity for an exact fill).</param>
/// <param name="Ssim">Hole-only SSIM.</param>
/// <param name="Milliseconds">Wall time of the fill on the CPU side (for the model: upload, GPU pass, readback).</param>
public sealed record EvalFill(string Method, float[] Output, double Psnr, double Ssim, double Milliseconds);
