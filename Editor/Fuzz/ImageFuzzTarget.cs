using System.Buffers.Binary;
using MaeRealtime.Editor.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace MaeRealtime.Editor.Fuzz;

/// <summary>
/// PNG and JPEG images: seeds are small noise images (RGB PNG, gray PNG, JPEG); mutations aim at the header sizes
/// (PNG IHDR with its CRC fixed or not, JPEG SOF), chunk lengths, the end markers, compressed data and plain bytes.
/// The readers are <see cref="RgbImage.Load"/> and <see cref="HoleMask.Load"/>; an accepted image must be within
/// <see cref="ImageLimits"/>, complete (IEND / end-of-image marker) and decode to the size its header states.
/// </summary>
public sealed class ImageFuzzTarget : IFuzzTarget
{
    private readonly List<(byte[] Bytes, string Extension)> _seeds = [];

    /// <summary>Encodes the seeds in memory.</summary>
    public ImageFuzzTarget()
    {
        var random = new Random(5);
        using var rgb = new Image<Rgb24>(37, 23);
        using var gray = new Image<L8>(19, 31);
        for (int y = 0; y < rgb.Height; y++)
        {
            for (int x = 0; x < rgb.Width; x++)
            {
                rgb[x, y] = new Rgb24((byte)random.Next(256), (byte)random.Next(256), (byte)(x * 7));
            }
        }

        for (int y = 0; y < gray.Height; y++)
        {
            for (int x = 0; x < gray.Width; x++)
            {
                gray[x, y] = new L8((byte)(random.Next(2) * 255));
            }
        }

        _seeds.Add((Encode(rgb, new PngEncoder()), ".png"));
        _seeds.Add((Encode(gray, new PngEncoder()), ".png"));
        _seeds.Add((Encode(rgb, new JpegEncoder { Quality = 80 }), ".jpg"));
    }

    /// <inheritdoc />
    public int SeedCount => _seeds.Count;

    /// <inheritdoc />
    public string Extension(int seedIndex) => _seeds[seedIndex].Extension;

    /// <inheritdoc />
    public byte[] Mutate(int seedIndex, Random random, out string mutation)
    {
        var (seed, extension) = _seeds[seedIndex];
        byte[] bytes = (byte[])seed.Clone();
        bool png = extension == ".png";
        switch (random.Next(6))
        {
            case 0:
            case 1:
                if (png)
                {
                    // IHDR data starts at 16: width, height (u32 big-endian), bit depth, colour type, ...
                    int field = random.Next(4);
                    long v = FuzzMutations.Integer(random);
                    if (field < 2)
                    {
                        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(16 + (field * 4)), (uint)v);
                    }
                    else
                    {
                        bytes[24 + field - 2] = (byte)v;
                    }

                    bool fix = random.NextDouble() < 0.8;
                    if (fix)
                    {
                        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(29), Crc32(bytes.AsSpan(12, 17)));
                    }

                    mutation = $"IHDR field {field} = {v}{(fix ? ", CRC fixed" : string.Empty)}";
                }
                else
                {
                    int sof = bytes.AsSpan().IndexOf([(byte)0xFF, (byte)0xC0]);
                    int field = random.Next(2);
                    long v = random.Next(3) == 0 ? 100_000 : FuzzMutations.Integer(random);
                    BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(sof + 5 + (field * 2)), (ushort)v);
                    mutation = $"SOF {(field == 0 ? "height" : "width")} = {(ushort)v}";
                }

                break;
            case 2:
                {
                    // Cut off the end marker: a truncated file whose body is intact.
                    int cut = png ? 12 : 2;
                    int keep = bytes.Length - cut - random.Next(Math.Min(200, bytes.Length / 2));
                    bytes = bytes[..keep];
                    mutation = $"truncated to {keep} bytes (end marker gone)";
                    break;
                }

            case 3:
                if (png)
                {
                    // A chunk length that lies (the first chunk after IHDR).
                    long v = FuzzMutations.Integer(random);
                    BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(33), (uint)v);
                    mutation = $"second chunk length = {(uint)v}";
                }
                else
                {
                    int at = bytes.Length / 2 + random.Next(bytes.Length / 3);
                    bytes[at] = (byte)random.Next(256);
                    mutation = $"scan byte {at} = {bytes[at]}";
                }

                break;
            case 4:
                bytes = FuzzMutations.Havoc(bytes, random);
                mutation = "havoc";
                break;
            default:
                bytes = FuzzMutations.Splice(bytes, random, out mutation);
                break;
        }

        return bytes;
    }

    /// <inheritdoc />
    public FuzzVerdict Run(string path, string scratch)
    {
        RgbImage image;
        try
        {
            image = RgbImage.Load(path);
        }
        catch (ImageFileException ex)
        {
            return FuzzRunner.Refusal(ex, path);
        }

        try
        {
            HoleMask.Load(path);
        }
        catch (ImageFileException ex)
        {
            return new FuzzVerdict(FuzzOutcome.AcceptedInvalid, $"loads as an image but is refused as a mask: {ex.Message}");
        }

        var (width, height) = ImageFile.Identify(path, "image");
        if (!ImageLimits.Allows(image.Width, image.Height))
        {
            return new FuzzVerdict(FuzzOutcome.AcceptedInvalid, $"accepted a {image.Width}x{image.Height} image, past the size limit");
        }

        return width != image.Width || height != image.Height
            ? new FuzzVerdict(FuzzOutcome.AcceptedInvalid, $"header says {width}x{height}, decoded {image.Width}x{image.Height}")
            : new FuzzVerdict(FuzzOutcome.Accepted, string.Empty);
    }

    // PNG's chunk CRC (ISO 3309), bitwise: only used on a 17-byte IHDR.
    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint c = 0xFFFF_FFFFu;
        foreach (byte b in data)
        {
            c ^= b;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB8_8320u ^ (c >> 1) : c >> 1;
            }
        }

        return ~c;
    }

    private static byte[] Encode(Image image, SixLabors.ImageSharp.Formats.IImageEncoder encoder)
    {
        using var stream = new MemoryStream();
        image.Save(stream, encoder);
        return stream.ToArray();
    }
}
