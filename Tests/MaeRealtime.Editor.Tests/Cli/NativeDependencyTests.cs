using MaeRealtime.Editor.Cli;
using MaeRealtime.Training.Eval;
using MaeRealtime.Training.Native;

namespace MaeRealtime.Editor.Tests.Cli;

/// <summary>A native library that fails to load is a user error naming the packages, never an internal error.</summary>
public sealed class NativeDependencyTests
{
    [Fact]
    public void LoadFailures_AreRecognisedThroughTypeInitializers()
    {
        Assert.True(NativeDependencyException.IsLoadFailure(new DllNotFoundException("libOpenCvSharpExtern.so")));
        Assert.True(NativeDependencyException.IsLoadFailure(new TypeInitializationException("OpenCvSharp.NativeMethods", new DllNotFoundException("libatomic.so.1"))));
        Assert.False(NativeDependencyException.IsLoadFailure(new InvalidOperationException("a bug")));
        Assert.False(NativeDependencyException.IsLoadFailure(new TypeInitializationException("X", new InvalidOperationException("a bug"))));
    }

    [Fact]
    public void TheMessageNamesTheLibraryAndThePackages_AndTheCliReportsItAsAUserError()
    {
        var inner = new TypeInitializationException("OpenCvSharp.NativeMethods", new DllNotFoundException("libatomic.so.1: cannot open shared object file"));
        var ex = new NativeDependencyException("the native library libOpenCvSharpExtern.so (OpenCV)", OpenCvInpaintBaseline.OpenCvPackages, inner);

        Assert.Contains("libOpenCvSharpExtern.so (OpenCV) could not be loaded (libatomic.so.1: cannot open shared object file)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("sudo apt-get install -y --no-install-recommends libgtk-3-0 libatomic1", ex.Message, StringComparison.Ordinal);
        Assert.True(CliApp.IsUserError(ex));
    }

    [Fact]
    public void AnUnattributedLoadFailure_ExitsWithOne_NamingThePackages()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.Run(["throw"], stdout, stderr, [new ThrowingCommand(new TypeInitializationException("TorchSharp.torch", new DllNotFoundException("libtorch_cpu.so: cannot open shared object file")))]);

        Assert.Equal(1, code);
        Assert.StartsWith("mae: error: a native library could not be loaded (libtorch_cpu.so", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains(NativeDependencyException.AllPackages, stderr.ToString(), StringComparison.Ordinal);
    }
}
