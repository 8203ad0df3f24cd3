using System.Runtime.InteropServices;
using MaeRealtime.Training.Native;
using OpenCvSharp;

namespace MaeRealtime.Training.Eval;

/// <summary>
/// OpenCV's classic inpainting (<c>cv::inpaint</c>): Telea's fast marching method or the Navier-Stokes
/// based method of Bertalmio et al. OpenCV inpaints 3-channel images only at 8 bits, so the input is
/// quantized like a PNG (round to nearest of 256 levels); the hole pixels of its result come back as
/// v / 255 and known pixels are copied from the float input exactly.
/// </summary>
public sealed class OpenCvInpaintBaseline : IInpaintBaseline
{
    /// <summary>OpenCV's radius of the neighbourhood each pixel is inpainted from, in pixels; the value the OpenCV samples use.</summary>
    public const double DefaultRadius = 3;

    private readonly InpaintTypes _method;

    /// <summary>Creates the baseline for <paramref name="method"/> with inpaint radius <paramref name="radius"/>.</summary>
    public OpenCvInpaintBaseline(InpaintTypes method, double radius = DefaultRadius)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(radius);
        _method = method;
        Radius = radius;
        (Name, DisplayName) = method switch
        {
            InpaintTypes.Telea => ("telea", "OpenCV Telea"),
            InpaintTypes.NS => ("ns", "OpenCV Navier-Stokes"),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Expected Telea or NS."),
        };
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public string DisplayName { get; }

    /// <summary>The inpaint radius in pixels.</summary>
    public double Radius { get; }

    /// <inheritdoc />
    public void Fill(ReadOnlySpan<float> image, ReadOnlySpan<float> holes, int width, int height, Span<float> output)
    {
        FillArguments.Check(image, holes, width, height, output);
        int pixels = width * height;
        var rgb = new byte[pixels * 3];
        var mask = new byte[pixels];
        for (int i = 0; i < pixels; i++)
        {
            mask[i] = holes[i] >= 0.5f ? (byte)255 : (byte)0;
        }

        for (int i = 0; i < rgb.Length; i++)
        {
            rgb[i] = HoleMetrics.Quantize(image[i]);
        }

        var filled = new byte[rgb.Length];
        try
        {
            Inpaint(rgb, mask, filled, width, height);
        }
        catch (Exception ex) when (NativeDependencyException.IsLoadFailure(ex))
        {
            // The first OpenCV call loads libOpenCvSharpExtern.so, which links GTK 3 and libatomic.
            throw new NativeDependencyException("the native library libOpenCvSharpExtern.so (OpenCV)", OpenCvPackages, ex);
        }

        for (int i = 0; i < pixels; i++)
        {
            bool hole = holes[i] >= 0.5f;
            for (int c = 0; c < 3; c++)
            {
                int k = (3 * i) + c;
                output[k] = hole ? filled[k] / 255f : image[k];
            }
        }
    }

    /// <summary>The Debian/Ubuntu packages OpenCV's official Linux build needs besides the base system.</summary>
    public const string OpenCvPackages = "libgtk-3-0 libatomic1";

    private void Inpaint(byte[] rgb, byte[] mask, byte[] filled, int width, int height)
    {
        using (var src = new Mat(height, width, MatType.CV_8UC3))
        using (var holeMat = new Mat(height, width, MatType.CV_8UC1))
        using (var dst = new Mat())
        {
            // Freshly allocated Mats are continuous, so one row-major copy fills each. OpenCV's inpaint
            // treats the three channels alike, so RGB order needs no swap to BGR.
            Marshal.Copy(rgb, 0, src.Data, rgb.Length);
            Marshal.Copy(mask, 0, holeMat.Data, mask.Length);
            Cv2.Inpaint(src, holeMat, dst, Radius, _method);
            if (!dst.IsContinuous() || dst.Rows != height || dst.Cols != width || dst.Type() != MatType.CV_8UC3)
            {
                throw new InvalidOperationException($"cv::inpaint returned an unexpected {dst.Cols}x{dst.Rows} {dst.Type()} image.");
            }

            Marshal.Copy(dst.Data, filled, 0, filled.Length);
        }
    }
}
