namespace MaeRealtime.TestSupport;

public static class Tolerance
{
    /// <summary>Largest |a - b| over two equally long arrays.</summary>
    public static double MaxAbsDiff(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.Equal(a.Length, b.Length);
        double max = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = Math.Abs((double)a[i] - b[i]);
            if (double.IsNaN(d))
            {
                return double.PositiveInfinity;
            }

            max = Math.Max(max, d);
        }

        return max;
    }

    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double tolerance, string what)
    {
        double err = MaxAbsDiff(expected, actual);
        Assert.True(err <= tolerance, $"{what}: max abs error {err:E3} exceeds {tolerance:E1}");
    }

    public static float[] Random(int count, int seed, float scale = 1f)
    {
        var rng = new Random(seed);
        var v = new float[count];
        for (int i = 0; i < count; i++)
        {
            v[i] = (float)(((rng.NextDouble() * 2) - 1) * scale);
        }

        return v;
    }
}
