namespace MaeRealtime.Editor.Fuzz;

/// <summary>One input format: valid seed files, a structure-aware mutator, and the reader with its oracle.</summary>
public interface IFuzzTarget
{
    /// <summary>The file extension cases are written with (".maew", ".png", ...).</summary>
    string Extension(int seedIndex);

    /// <summary>How many valid seed files there are.</summary>
    int SeedCount { get; }

    /// <summary>A mutated copy of seed <paramref name="seedIndex"/>; <paramref name="mutation"/> names what was done.</summary>
    byte[] Mutate(int seedIndex, Random random, out string mutation);

    /// <summary>Reads <paramref name="path"/> as the product does and judges the result; <paramref name="scratch"/> is an empty folder for outputs.</summary>
    FuzzVerdict Run(string path, string scratch);
}
