using System.Text.RegularExpressions;

namespace MaeRealtime.Native.Tests;

/// <summary>The header builds as strict C11 and as C++, and libmaert.so exports exactly the functions it declares.</summary>
[Collection(NativeCollection.Name)]
public sealed partial class HeaderAndSymbolTests(NativeBuildFixture build)
{
    [Theory]
    [InlineData("cc", "-std=c11 -pedantic")]
    [InlineData("c++", "-std=c++11 -x c++")]
    [InlineData("c++", "-std=c++20 -x c++")]
    public void HeaderCompilesWarningFreeWithItsStructLayouts(string compiler, string flags)
    {
        var result = ProcessRunner.Run(compiler,
            [.. flags.Split(' '), "-Wall", "-Wextra", "-Werror", "-fsyntax-only", "-I", Path.GetDirectoryName(build.Header)!, Path.Combine(build.CSources, "header_check.c")]);
        Assert.True(result.ExitCode == 0, result.All);
    }

    [Fact]
    public void LibraryExportsExactlyTheHeadersFunctions()
    {
        var declared = DeclaredFunction().Matches(File.ReadAllText(build.Header)).Select(m => m.Groups[1].Value).ToHashSet();
        var nm = ProcessRunner.Run("nm", ["-D", "--defined-only", build.Library]);
        Assert.True(nm.ExitCode == 0, nm.All);

        // Lines are "address type name[@@version]"; type A is the version node itself (MAERT_1.0), not a symbol.
        var rows = nm.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        var exported = rows.Where(r => r[1] != "A").Select(r => r[2].Split('@')[0]).ToHashSet();
        Assert.Equal(["MAERT_1.0"], rows.Where(r => r[1] == "A").Select(r => r[2]).ToArray());
        Assert.True(declared.Count >= 15, $"parsed only {declared.Count} functions from maert.h");
        Assert.Equal(declared.Order(), exported.Order());
        Assert.All(rows.Where(r => r[1] != "A"), r => Assert.EndsWith("@@MAERT_1.0", r[2]));
    }

    [GeneratedRegex(@"MAERT_API\s[^;]*?\b(maert_\w+)\s*\(")]
    private static partial Regex DeclaredFunction();
}
