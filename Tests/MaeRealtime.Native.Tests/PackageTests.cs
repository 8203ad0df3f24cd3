using System.IO.Compression;
using System.Xml.Linq;

namespace MaeRealtime.Native.Tests;

/// <summary>
/// The NuGet packages as a consumer sees them: <c>dotnet pack</c> into a folder feed, then a throw-away console
/// project restores MaeRealtime.Runtime and MaeRealtime.Models.Default from it and fills a frame.
/// </summary>
[Collection(NativeCollection.Name)]
public sealed class PackageTests(NativeBuildFixture build)
{
    private const string ConsumerProgram = """
        using MaeRealtime.Runtime.Frames;
        using MaeRealtime.Runtime.Model;
        using MaeRealtime.Runtime.Vulkan;

        const int w = 96, h = 64;
        var rgba = new byte[w * h * 4];
        var mask = new byte[w * h];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                int i = (y * w) + x;
                bool hole = x >= 40 && x < 56 && y >= 20 && y < 40;
                mask[i] = hole ? (byte)255 : (byte)0;
                rgba[(i * 4) + 0] = hole ? (byte)255 : (byte)(40 + (x * 2));
                rgba[(i * 4) + 1] = hole ? (byte)0 : (byte)(60 + (y * 2));
                rgba[(i * 4) + 2] = hole ? (byte)255 : (byte)120;
                rgba[(i * 4) + 3] = 255;
            }
        }

        using var context = GpuContext.Create(new GpuContextOptions { PipelineCacheDirectory = args[0] });
        using var weights = new GpuWeights(context, WeightFile.Load(Path.Combine(AppContext.BaseDirectory, "Models", "mae-default.maew")));
        using var inpainter = new ImageInpainter(context, weights, new FrameInpainterOptions { MaxWidth = w, MaxHeight = h });
        var output = new byte[rgba.Length];
        inpainter.Inpaint(rgba, mask, w, h, output);
        int holes = 0, filled = 0, known = 0, kept = 0;
        for (int i = 0; i < w * h; i++)
        {
            var px = output.AsSpan(i * 4, 4);
            if (mask[i] != 0)
            {
                holes++;
                filled += px[0] == 255 && px[1] == 0 && px[2] == 255 ? 0 : 1;
            }
            else
            {
                known++;
                kept += px.SequenceEqual(rgba.AsSpan(i * 4, 4)) ? 1 : 0;
            }
        }

        Console.WriteLine($"filled {filled}/{holes} hole pixels, kept {kept}/{known} known pixels, validation errors {context.ValidationErrorCount}");
        return filled == holes && kept == known && context.ValidationErrorCount == 0 ? 0 : 1;
        """;

    [Fact]
    public void PackagesRestoreFromAFolderFeedIntoAConsoleProjectThatFillsAFrame()
    {
        using var temp = new TempDirectory();
        string feed = temp.File("feed");
        foreach (var project in new[] { "Runtime/MaeRealtime.Runtime.csproj", "Packaging/MaeRealtime.Models.Default/MaeRealtime.Models.Default.csproj" })
        {
            var pack = ProcessRunner.Run("dotnet", ["pack", Path.Combine(build.RepoRoot, project), "-c", "Release", "-o", feed, "-v", "q", "--nologo", "-tl:off", "-clp:ErrorsOnly"], build.RepoRoot);
            Assert.True(pack.ExitCode == 0, pack.All);
        }

        string runtimePackage = Directory.GetFiles(feed, "MaeRealtime.Runtime.*.nupkg").Single(f => !f.EndsWith(".snupkg", StringComparison.Ordinal));
        using (var zip = ZipFile.OpenRead(runtimePackage))
        {
            var names = zip.Entries.Select(e => e.FullName).ToHashSet();
            Assert.Contains("lib/net10.0/MaeRealtime.Runtime.dll", names);
            Assert.Contains("lib/net10.0/MaeRealtime.Runtime.xml", names);
            Assert.Contains("README.md", names);
            var nuspec = XDocument.Load(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
            XNamespace ns = nuspec.Root!.Name.Namespace;
            var repository = nuspec.Descendants(ns + "repository").Single();
            Assert.Equal("git", repository.Attribute("type")?.Value);
            Assert.Matches("^[0-9a-f]{40}$", repository.Attribute("commit")?.Value ?? string.Empty);
            Assert.Contains(nuspec.Descendants(ns + "dependency"), d => d.Attribute("id")?.Value == "Silk.NET.Vulkan");
        }

        using (var symbols = ZipFile.OpenRead(Directory.GetFiles(feed, "MaeRealtime.Runtime.*.snupkg").Single()))
        {
            Assert.Contains(symbols.Entries, e => e.FullName == "lib/net10.0/MaeRealtime.Runtime.pdb");
        }

        using (var model = ZipFile.OpenRead(Directory.GetFiles(feed, "MaeRealtime.Models.Default.*.nupkg").Single()))
        {
            var entry = model.Entries.Single(e => e.FullName == "contentFiles/any/any/Models/mae-default.maew");
            Assert.Equal(new FileInfo(build.Model).Length, entry.Length);
        }

        // The consumer: outside the repository (no Directory.Build.props, no central versions), restoring only from
        // the feed and the machine's package cache (for Silk.NET), into its own package folder so nothing stale is reused.
        string consumer = temp.File("consumer");
        Directory.CreateDirectory(consumer);
        string cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="feed" value="{feed}" />
                <add key="cache" value="{cache}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <RestorePackagesPath>packages</RestorePackagesPath>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="MaeRealtime.Runtime" Version="0.1.0" />
                <PackageReference Include="MaeRealtime.Models.Default" Version="0.1.0" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(consumer, "Program.cs"), ConsumerProgram);
        var run = ProcessRunner.Run("dotnet", ["run", "-c", "Release", "--", build.PipelineCache], consumer,
            new Dictionary<string, string> { ["MAE_VALIDATION"] = "1" }, TimeSpan.FromMinutes(10));
        Assert.True(run.ExitCode == 0, run.All);
        Assert.Contains("filled 320/320 hole pixels, kept 5824/5824 known pixels, validation errors 0", run.StdOut);
    }
}
