namespace MaeRealtime.Native.Tests;

/// <summary>Wrong-way calls from C: each returns its documented code and a message naming the problem; nothing crashes.</summary>
[Collection(NativeCollection.Name)]
public sealed class AbiErrorTests(NativeBuildFixture build)
{
    [Fact]
    public void BadHandlesNullsFormatsAndWeightFilesReturnErrorsWithMessages()
    {
        var run = build.RunC(build.AbiChecksPath, build.Model);

        Assert.True(run.ExitCode == 0, run.All);
        Assert.DoesNotContain("FAIL", run.StdOut);
        Assert.Contains("0 failed; validation errors: 0", run.StdOut);
        Assert.True(run.StdOut.Split('\n').Count(l => l.StartsWith("PASS", StringComparison.Ordinal)) >= 60, run.All);
    }
}
