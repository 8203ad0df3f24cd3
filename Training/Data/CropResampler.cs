namespace MaeRealtime.Training.Data;

/// <summary>
/// Resizes a crop of a <see cref="DecodedImage"/> to the model's square input with a separable bilinear (triangle)
/// filter whose support widens with the downscale factor, as torchvision's antialiased bilinear resize and PIL
/// do; without that widening, shrinking a 500 px crop to 128 px would alias. Writes ImageNet-normalized planar
/// floats, optionally mirrored left-right.
/// </summary>
public static class CropResampler
{
    /// <summary>
    /// Writes <paramref name="crop"/> of <paramref name="image"/> resized to <paramref name="size"/> x <paramref name="size"/>
    /// into <paramref name="destination"/> as [3, size, size] floats (value / 255 - mean) / std per channel.
    /// </summary>
    public static void Resample(DecodedImage image, CropRect crop, int size, bool flip, ReadOnlySpan<float> mean, ReadOnlySpan<float> std, Span<float> destination)
    {
        if (crop.X < 0 || crop.Y < 0 || crop.Width < 1 || crop.Height < 1 || crop.X + crop.Width > image.Width || crop.Y + crop.Height > image.Height)
        {
            throw new ArgumentOutOfRangeException(nameof(crop), crop, $"crop must lie inside the {image.Width}x{image.Height} image.");
        }

        int plane = size * size;
        if (destination.Length < 3 * plane || mean.Length != 3 || std.Length != 3)
        {
            throw new ArgumentException($"Expected room for 3 x {size} x {size} floats and 3 mean/std values.");
        }

        var columns = AxisFilter.Create(crop.Width, size);
        var rows = AxisFilter.Create(crop.Height, size);

        // Horizontal pass over every crop row: [crop.Height, size, 3] in 0..255.
        var wide = new float[crop.Height * size * 3];
        byte[] rgb = image.Rgb;
        for (int r = 0; r < crop.Height; r++)
        {
            int rowBase = (((crop.Y + r) * image.Width) + crop.X) * 3;
            for (int o = 0; o < size; o++)
            {
                float sr = 0, sg = 0, sb = 0;
                int start = columns.Start[o], taps = columns.Count[o], w0 = o * columns.Stride;
                for (int k = 0; k < taps; k++)
                {
                    float w = columns.Weights[w0 + k];
                    int s = rowBase + ((start + k) * 3);
                    sr += w * rgb[s];
                    sg += w * rgb[s + 1];
                    sb += w * rgb[s + 2];
                }

                int d = ((r * size) + o) * 3;
                wide[d] = sr;
                wide[d + 1] = sg;
                wide[d + 2] = sb;
            }
        }

        // Vertical pass, folding /255 and the normalization into one multiply-add per value.
        Span<float> gain = stackalloc float[3];
        Span<float> bias = stackalloc float[3];
        for (int c = 0; c < 3; c++)
        {
            gain[c] = 1f / (255f * std[c]);
            bias[c] = -mean[c] / std[c];
        }

        for (int oy = 0; oy < size; oy++)
        {
            int start = rows.Start[oy], taps = rows.Count[oy], w0 = oy * rows.Stride;
            for (int ox = 0; ox < size; ox++)
            {
                float sr = 0, sg = 0, sb = 0;
                for (int k = 0; k < taps; k++)
                {
                    float w = rows.Weights[w0 + k];
                    int s = (((start + k) * size) + ox) * 3;
                    sr += w * wide[s];
                    sg += w * wide[s + 1];
                    sb += w * wide[s + 2];
                }

                int x = flip ? size - 1 - ox : ox;
                int d = (oy * size) + x;
                destination[d] = (sr * gain[0]) + bias[0];
                destination[plane + d] = (sg * gain[1]) + bias[1];
                destination[(2 * plane) + d] = (sb * gain[2]) + bias[2];
            }
        }
    }

    /// <summary>Per output sample of one axis: the first source index, the tap count and normalized weights.</summary>
    private sealed class AxisFilter
    {
        private AxisFilter(int[] start, int[] count, float[] weights, int stride)
        {
            Start = start;
            Count = count;
            Weights = weights;
            Stride = stride;
        }

        public int[] Start { get; }

        public int[] Count { get; }

        public float[] Weights { get; }

        public int Stride { get; }

        public static AxisFilter Create(int source, int target)
        {
            double scale = (double)source / target;
            double support = Math.Max(scale, 1.0); // triangle radius in source pixels
            int stride = (int)Math.Ceiling(support) * 2 + 1;
            var start = new int[target];
            var count = new int[target];
            var weights = new float[target * stride];
            var raw = new double[stride];
            for (int o = 0; o < target; o++)
            {
                double centre = (o + 0.5) * scale;
                int lo = Math.Max(0, (int)Math.Floor(centre - support));
                int hi = Math.Min(source, (int)Math.Ceiling(centre + support));
                double sum = 0;
                int n = 0;
                for (int i = lo; i < hi && n < stride; i++, n++)
                {
                    raw[n] = Math.Max(0, 1 - (Math.Abs(i + 0.5 - centre) / support));
                    sum += raw[n];
                }

                start[o] = lo;
                count[o] = n;
                for (int k = 0; k < n; k++)
                {
                    weights[(o * stride) + k] = (float)(sum > 0 ? raw[k] / sum : 1.0 / n);
                }
            }

            return new AxisFilter(start, count, weights, stride);
        }
    }
}
