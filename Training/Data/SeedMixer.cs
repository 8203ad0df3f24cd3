namespace MaeRealtime.Training.Data;

/// <summary>
/// Derives independent seeds from (run seed, stream, index) with SplitMix64 mixing. Every sample's crop, flip and
/// hole mask come from a <see cref="Random"/> seeded this way, so a batch is a pure function of the run seed and
/// its index: prefetching order does not matter and a resumed run sees exactly the batches it would have.
/// </summary>
public static class SeedMixer
{
    /// <summary>Streams, so that e.g. crops and hole masks of the same sample are independent.</summary>
    public enum Stream : ulong
    {
        /// <summary>The shuffle of one epoch.</summary>
        Epoch = 1,

        /// <summary>A sample's crop and flip.</summary>
        Crop = 2,

        /// <summary>A sample's hole mask.</summary>
        Holes = 3,
    }

    /// <summary>A 31-bit seed for <see cref="Random(int)"/>.</summary>
    public static int Derive(long seed, Stream stream, long index)
    {
        ulong x = Mix((ulong)seed ^ Mix((ulong)stream * 0x9E3779B97F4A7C15UL) ^ Mix((ulong)index + 0x632BE59BD9B4E019UL));
        return (int)(x >> 33);
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
