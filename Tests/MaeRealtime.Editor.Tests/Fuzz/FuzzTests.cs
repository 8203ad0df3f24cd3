using MaeRealtime.Editor.Fuzz;

namespace MaeRealtime.Editor.Tests.Fuzz;

/// <summary>
/// A few hundred mutated files per input kind through the readers: none may crash, hang or be accepted while breaking
/// its format's rules, and the mutators must produce both refusals and harmless acceptances (else they test nothing).
/// `./mae fuzz` runs the same campaigns for as long as asked.
/// </summary>
public sealed class FuzzTests
{
    [Theory]
    [InlineData(FuzzKind.Weights, 400)]
    [InlineData(FuzzKind.Image, 400)]
    [InlineData(FuzzKind.Safetensors, 300)]
    [InlineData(FuzzKind.Pth, 300)]
    public void MutatedFiles_AreRefusedCleanlyOrAcceptedValid(FuzzKind kind, int cases)
    {
        var report = FuzzRunner.Run(kind, cases, seed: 7, TimeSpan.FromSeconds(60));

        Assert.True(report.Bugs == 0, report.Summary() + Environment.NewLine + string.Join(Environment.NewLine, report.BadCases));
        Assert.Equal(cases, report.Cases);
        Assert.True(report.Counts[FuzzOutcome.Refused] > cases / 4, report.Summary());
        Assert.True(report.Counts[FuzzOutcome.Accepted] > 0, report.Summary());
    }

    [Fact]
    public void SameSeed_GivesTheSameCases()
    {
        var a = FuzzRunner.Run(FuzzKind.Weights, 60, seed: 3, TimeSpan.FromSeconds(60));
        var b = FuzzRunner.Run(FuzzKind.Weights, 60, seed: 3, TimeSpan.FromSeconds(60));
        Assert.Equal(a.Counts, b.Counts);
    }
}
