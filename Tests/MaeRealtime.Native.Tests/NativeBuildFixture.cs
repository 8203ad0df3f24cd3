namespace MaeRealtime.Native.Tests;

/// <summary>
/// Builds what the C ABI tests run, once per test run: libmaert.so with <c>dotnet publish</c> (NativeAOT,
/// incremental), the C host sample and abi_checks.c with the system C compiler.
/// </summary>
public sealed class NativeBuildFixture : IDisposable
{
    private readonly TempDirectory _build = new();

    public NativeBuildFixture()
    {
        RepoRoot = FindRepoRoot();
        var publish = ProcessRunner.Run("dotnet",
            ["publish", Path.Combine(RepoRoot, "Runtime", "Native", "MaeRealtime.Native.csproj"), "-c", "Release", "-r", "linux-x64", "-v", "q", "--nologo", "-tl:off", "-clp:ErrorsOnly"],
            RepoRoot, timeout: TimeSpan.FromMinutes(15));
        Assert.True(publish.ExitCode == 0, $"dotnet publish of libmaert.so failed (NativeAOT needs clang: tools/bootstrap.sh installs it).\n{publish.All}");
        LibraryDirectory = Path.Combine(RepoRoot, "artifacts", "publish", "MaeRealtime.Native", "release_linux-x64");
        Library = Path.Combine(LibraryDirectory, "libmaert.so");
        Assert.True(File.Exists(Library), $"{Library} was not produced.");

        ChostPath = _build.File("chost");
        Compile(ChostPath, [Path.Combine(SampleDirectory, "main.c"), Path.Combine(SampleDirectory, "host.c"), Path.Combine(SampleDirectory, "png.c")]);
        AbiChecksPath = _build.File("abi_checks");
        Compile(AbiChecksPath, [Path.Combine(CSources, "abi_checks.c"), Path.Combine(SampleDirectory, "host.c")], "-pthread");
        PipelineCache = _build.File("pipelines");
    }

    public string RepoRoot { get; }

    public string LibraryDirectory { get; }

    public string Library { get; }

    public string Header => Path.Combine(RepoRoot, "Runtime", "Native", "include", "maert.h");

    public string SampleDirectory => Path.Combine(RepoRoot, "Samples", "CHost");

    public string CSources => Path.Combine(RepoRoot, "Tests", "MaeRealtime.Native.Tests", "CSources");

    public string Model => Path.Combine(RepoRoot, "Samples", "Models", "mae-default.maew");

    public string ChostPath { get; }

    public string AbiChecksPath { get; }

    /// <summary>One pipeline cache for the C programs and the C# runs, so each pays pipeline creation once.</summary>
    public string PipelineCache { get; }

    public string BuildDirectory => _build.Path;

    /// <summary>Runs a built C program with the validation layer on and the shared pipeline cache.</summary>
    public ProcessResult RunC(string program, params string[] arguments) =>
        ProcessRunner.Run(program, arguments, BuildDirectory,
            new Dictionary<string, string> { ["MAE_VALIDATION"] = "1", ["MAE_PIPELINE_CACHE"] = PipelineCache }, TimeSpan.FromMinutes(10));

    public void Dispose() => _build.Dispose();

    private void Compile(string output, IEnumerable<string> sources, params string[] extra)
    {
        var result = ProcessRunner.Run("cc",
            ["-std=c11", "-O2", "-Wall", "-Wextra", "-Werror", "-I", Path.Combine(RepoRoot, "Runtime", "Native", "include"), "-I", SampleDirectory,
             "-o", output, .. sources, "-L", LibraryDirectory, "-lmaert", "-lvulkan", $"-Wl,-rpath,{LibraryDirectory}", .. extra], RepoRoot);
        Assert.True(result.ExitCode == 0, $"cc failed for {Path.GetFileName(output)} (the Vulkan headers come from libvulkan-dev).\n{result.All}");
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MaeRealtime.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("MaeRealtime.sln not found above the test's output folder.");
    }
}
