using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;

namespace MaeRealtime.Training.Data;

/// <summary>The default decoders of the training data: PNG and JPEG only.</summary>
public static class TrainingImageFormats
{
    /// <summary>
    /// PNG + JPEG only, like the editor's configuration: ImageSharp 2.1.13's TIFF decoder has an unfixed advisory,
    /// and a training folder may hold files nobody looked at. The editor passes its own (equal) configuration.
    /// </summary>
    public static Configuration Configuration { get; } = new(new PngConfigurationModule(), new JpegConfigurationModule());
}
