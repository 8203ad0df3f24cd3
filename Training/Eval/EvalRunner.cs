using System.Diagnostics;

namespace MaeRealtime.Training.Eval;

/// <summary>
/// The eval loop: for every crop, mask family and mask index, draws a mask from a seed that depends only
/// on (run seed, image id, family, index), lets every method fill it, checks that known pixels stayed
/// exact, and scores the holes (<see cref="HoleMetrics"/>). All methods see the same crops and masks in
/// the same run, so their numbers compare directly.
/// </summary>
public sealed class EvalRunner
{
    private readonly IReadOnlyList<IInpaintBaseline> _methods;
    private readonly IReadOnlyList<EvalMaskFamily> _families;
    private readonly int _perImage;
    private readonly int _seed;

    /// <summary>Prepares a run of <paramref name="methods"/> on <paramref name="perImage"/> masks per family and crop.</summary>
    public EvalRunner(IReadOnlyList<IInpaintBaseline> methods, IReadOnlyList<EvalMaskFamily> families, int perImage, int seed)
    {
        ArgumentNullException.ThrowIfNull(methods);
        ArgumentNullException.ThrowIfNull(families);
        ArgumentOutOfRangeException.ThrowIfLessThan(perImage, 1);
        if (methods.Count == 0 || families.Count == 0)
        {
            throw new ArgumentException("An eval needs at least one method and one mask family.");
        }

        if (methods.Select(m => m.Name).Distinct().Count() != methods.Count || families.Select(f => f.Family).Distinct().Count() != families.Count)
        {
            throw new ArgumentException("Method names and mask family names must be unique.");
        }

        _methods = methods;
        _families = families;
        _perImage = perImage;
        _seed = seed;
    }

    /// <summary>
    /// Evaluates every method on <paramref name="images"/>. <paramref name="onSample"/> sees each scored sample
    /// (with every fill) as it completes, e.g. to keep a few for sample grids or to report progress.
    /// </summary>
    public EvalResults Run(IEnumerable<EvalImage> images, Action<EvalSample>? onSample = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        var byFamily = new EvalAccumulator();
        var byBin = new EvalAccumulator();
        var overall = new EvalAccumulator();
        int imageCount = 0, samples = 0, skipped = 0;
        foreach (var image in images)
        {
            imageCount++;
            int size = image.Size;
            if (image.Pixels.Length != size * size * 3)
            {
                throw new ArgumentException($"Crop '{image.Id}': expected {size * size * 3} values for {size}x{size} RGB, got {image.Pixels.Length}.");
            }

            foreach (var family in _families)
            {
                for (int index = 0; index < _perImage; index++)
                {
                    var rng = new Random(EvalSeeds.ForMask(_seed, image.Id, family.Family, index));
                    float[] holes = family.Generate(rng, size);
                    if (holes.Length != size * size)
                    {
                        throw new InvalidOperationException($"Mask family '{family.Family}' returned {holes.Length} values for a {size}x{size} mask.");
                    }

                    int holeCount = HoleMetrics.HoleCount(holes);
                    if (holeCount == 0)
                    {
                        skipped++;
                        continue;
                    }

                    double ratio = (double)holeCount / (size * size);
                    string bin = HoleRatioBins.LabelOf(ratio);
                    var fills = new List<EvalFill>(_methods.Count);
                    foreach (var method in _methods)
                    {
                        var output = new float[image.Pixels.Length];
                        long start = Stopwatch.GetTimestamp();
                        method.Fill(image.Pixels, holes, size, size, output);
                        double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                        RequireKnownPixelsKept(method, image, holes, output);
                        double psnr = HoleMetrics.Psnr(image.Pixels, output, holes, size, size);
                        double ssim = HoleMetrics.Ssim(image.Pixels, output, holes, size, size);
                        byFamily.Add(method.Name, family.Family, psnr, ssim, ms);
                        byBin.Add(method.Name, bin, psnr, ssim, ms);
                        overall.Add(method.Name, "all", psnr, ssim, ms);
                        fills.Add(new EvalFill(method.Name, output, psnr, ssim, ms));
                    }

                    samples++;
                    onSample?.Invoke(new EvalSample(image, family.Family, index, holes, ratio, fills));
                }
            }
        }

        var methodNames = _methods.Select(m => m.Name).ToList();
        var familyNames = _families.Select(f => f.Family).ToList();
        return new EvalResults(
            _methods,
            familyNames,
            byFamily.Rows(methodNames, familyNames),
            byBin.Rows(methodNames, HoleRatioBins.Labels),
            overall.Rows(methodNames, ["all"]),
            imageCount,
            samples,
            skipped);
    }

    /// <summary>Every method must leave known pixels bit-exact; otherwise hole-only scores would hide damage elsewhere.</summary>
    private static void RequireKnownPixelsKept(IInpaintBaseline method, EvalImage image, float[] holes, float[] output)
    {
        for (int i = 0; i < holes.Length; i++)
        {
            if (holes[i] >= 0.5f)
            {
                continue;
            }

            for (int c = 0; c < 3; c++)
            {
                int k = (3 * i) + c;
                if (BitConverter.SingleToInt32Bits(output[k]) != BitConverter.SingleToInt32Bits(image.Pixels[k]))
                {
                    throw new InvalidOperationException(
                        $"Method '{method.Name}' changed known pixel ({i % image.Size}, {i / image.Size}) of '{image.Id}': {image.Pixels[k]} became {output[k]}.");
                }
            }
        }
    }
}
