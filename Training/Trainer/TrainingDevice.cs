using TorchSharp;
using static TorchSharp.torch;

namespace MaeRealtime.Training.Trainer;

/// <summary>Resolves the <c>--device</c> option to a TorchSharp device.</summary>
public static class TrainingDevice
{
    /// <summary>"cpu" (default), "cuda" or "cuda:N".</summary>
    /// <exception cref="TrainingException">Unknown name, or CUDA asked for where the CPU libtorch is referenced or no GPU is present.</exception>
    public static Device Resolve(string? name)
    {
        string n = string.IsNullOrWhiteSpace(name) ? "cpu" : name.Trim().ToLowerInvariant();
        if (n == "cpu")
        {
            return CPU;
        }

        if (n == "cuda" || n.StartsWith("cuda:", StringComparison.Ordinal))
        {
            int index = 0;
            if (n.Length > 5 && (!int.TryParse(n.AsSpan(5), out index) || index < 0))
            {
                throw new TrainingException($"--device {name}: expected cuda or cuda:N with N >= 0.");
            }

            if (!cuda.is_available())
            {
                throw new TrainingException(
                    $"--device {name}: CUDA is not available. This build references the CPU libtorch package (libtorch-cpu-linux-x64), " +
                    "or no NVIDIA GPU/driver is visible. On a machine with an NVIDIA driver, rebuild with the CUDA backend: " +
                    "dotnet build -c Release -p:MaeTorchBackend=cuda (references libtorch-cuda-12.8-linux-x64 instead; see docs/TRAINING.md).");
            }

            if (index >= cuda.device_count())
            {
                throw new TrainingException($"--device {name}: only {cuda.device_count()} CUDA device(s) present.");
            }

            return new Device(DeviceType.CUDA, index);
        }

        throw new TrainingException($"--device {name}: expected cpu, cuda or cuda:N.");
    }
}
