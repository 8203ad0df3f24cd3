using System.Text.Json;
using MaeRealtime.Runtime.Model;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace MaeRealtime.Training.Tests.Support;

/// <summary>
/// The independent golden vector in shared/fixtures/mae-golden (see its README). shared/ sits next to the
/// repository root (or above it in a CI clone), so it is found by walking up from the test binaries.
/// </summary>
internal static class GoldenFixture
{
    private const string RelativeDirectory = "shared/fixtures/mae-golden";

    // Only the decoders the fixtures need: keeps ImageSharp from probing other formats.
    private static readonly Configuration ImageConfiguration = new(new PngConfigurationModule(), new JpegConfigurationModule());

    /// <summary>The fixture folder; throws naming every folder searched when it is missing.</summary>
    public static string Directory
    {
        get
        {
            var searched = new List<string>();
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, RelativeDirectory);
                if (System.IO.Directory.Exists(candidate))
                {
                    return candidate;
                }

                searched.Add(dir.FullName);
            }

            throw new DirectoryNotFoundException($"Golden fixture '{RelativeDirectory}' not found above the test binaries; searched: {string.Join(", ", searched)}.");
        }
    }

    /// <summary>Path of a fixture file.</summary>
    public static string File(string name) => Path.Combine(Directory, name);

    /// <summary>The architecture from config.json (keys img, patch, dim, depth, heads, ddim, ddepth, dheads, mlp).</summary>
    public static MaeConfig Config()
    {
        using var doc = JsonDocument.Parse(System.IO.File.ReadAllText(File("config.json")));
        var root = doc.RootElement;
        int Int(string key) => root.GetProperty(key).GetInt32();
        return new MaeConfig
        {
            ImageSize = Int("img"),
            PatchSize = Int("patch"),
            EmbedDim = Int("dim"),
            Depth = Int("depth"),
            NumHeads = Int("heads"),
            DecoderEmbedDim = Int("ddim"),
            DecoderDepth = Int("ddepth"),
            DecoderNumHeads = Int("dheads"),
            MlpRatio = (float)root.GetProperty("mlp").GetDouble(),
        };
    }

    /// <summary>An RGB PNG as [y, x, c] bytes.</summary>
    public static byte[,,] ReadRgb(string name)
    {
        using var image = Image.Load<Rgb24>(ImageConfiguration, File(name));
        var result = new byte[image.Height, image.Width, 3];
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                var px = image[x, y];
                result[y, x, 0] = px.R;
                result[y, x, 1] = px.G;
                result[y, x, 2] = px.B;
            }
        }

        return result;
    }

    /// <summary>A grayscale PNG as [y, x] bytes.</summary>
    public static byte[,] ReadGray(string name)
    {
        using var image = Image.Load<L8>(ImageConfiguration, File(name));
        var result = new byte[image.Height, image.Width];
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                result[y, x] = image[x, y].PackedValue;
            }
        }

        return result;
    }

    /// <summary>expected_recon.f32: float32 little-endian, [y, x, c], pixel units.</summary>
    public static float[] ReadExpectedReconstruction()
    {
        byte[] bytes = System.IO.File.ReadAllBytes(File("expected_recon.f32"));
        var values = new float[bytes.Length / 4];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * 4));
        }

        return values;
    }
}
