using MaeRealtime.Editor.Cli;
using MaeRealtime.Editor.Sequences;
using MaeRealtime.Runtime.Frames;

namespace MaeRealtime.Editor.Tests.Sequences;

/// <summary>The synthetic sequences (static, pan) and sequence folders, without a device.</summary>
public sealed class SequenceSourceTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Static_TruthStays_HolesAreTheOccluders_AndOnlyTheFirstFrameIsACut()
    {
        var photo = SequenceTestData.NoisePhoto(150, 120, 1);
        var sequence = new StaticSequence(photo, 64, 48, 20, seed: 3);
        var occluders = sequence.NewOccluders();
        var frames = sequence.Frames().ToList();

        Assert.Equal(20, frames.Count);
        Assert.Equal(FrameFlags.CameraCut, frames[0].Flags);
        Assert.All(frames.Skip(1), f => Assert.Equal(FrameFlags.None, f.Flags));
        Assert.All(frames, f => Assert.Null(f.Motion));
        Assert.All(frames, f => Assert.Equal(frames[0].Truth, f.Truth));
        Assert.Equal(photo.Window((150 - 64) / 2, (120 - 48) / 2, 64, 48), frames[0].Truth);
        foreach (var frame in frames)
        {
            int holes = 0;
            for (int y = 0; y < 48; y++)
            {
                for (int x = 0; x < 64; x++)
                {
                    int i = (y * 64) + x;
                    bool covered = occluders.Occluders.Any(o => o.Covers(x, y));
                    Assert.Equal(covered ? 255 : 0, frame.Mask[i]);
                    holes += covered ? 1 : 0;
                    if (!covered)
                    {
                        // Known pixels are the truth; under the holes the input holds the occluder, not the truth.
                        Assert.Equal(frame.Truth!.AsSpan(i * 4, 4).ToArray(), frame.Color.AsSpan(i * 4, 4).ToArray());
                    }
                }
            }

            Assert.InRange(holes, 40, 64 * 48 / 4);
            occluders.Step();
        }

        Assert.NotEqual(frames[0].Mask, frames[1].Mask);
    }

    [Fact]
    public void Occluders_Move3To4PixelsPerFrame_InDifferentDirections_AndStayInside()
    {
        var pair = new OccluderPair(256, 256, seed: 7);
        Assert.NotEqual(Math.Sign(pair.Occluders[0].Centre.Vx), Math.Sign(pair.Occluders[1].Centre.Vx));
        int free = 0;
        for (int t = 0; t < 144; t++)
        {
            var before = pair.Occluders.Select(o => (o.Centre.X, o.Centre.Y, o.Centre.Vx, o.Centre.Vy)).ToList();
            pair.Step();
            for (int k = 0; k < 2; k++)
            {
                var o = pair.Occluders[k];
                var (x, y, vx, vy) = before[k];
                double speed = Math.Sqrt((vx * vx) + (vy * vy));
                Assert.InRange(speed, 3, 4);
                Assert.InRange(o.Centre.X - o.HalfWidth, 0, 255);
                Assert.InRange(o.Centre.X + o.HalfWidth, 0, 255);
                Assert.InRange(o.Centre.Y - o.HalfHeight, 0, 255);
                Assert.InRange(o.Centre.Y + o.HalfHeight, 0, 255);
                if (o.Centre.Vx == vx && o.Centre.Vy == vy)
                {
                    // No bounce: it moved by exactly its velocity.
                    Assert.Equal((x + vx, y + vy), (o.Centre.X, o.Centre.Y));
                    free++;
                }
                else
                {
                    Assert.InRange(Math.Abs(o.Centre.X - x), 0, Math.Abs(vx));
                    Assert.InRange(Math.Abs(o.Centre.Y - y), 0, Math.Abs(vy));
                }
            }
        }

        Assert.True(free > 250, $"only {free} of 288 steps without a bounce");
        // Sizes about 10-20 % of the frame.
        Assert.InRange(2 * pair.Occluders[0].HalfWidth / 256.0, 0.1, 0.2);
        Assert.InRange(2 * pair.Occluders[1].HalfWidth / 256.0, 0.1, 0.2);
    }

    [Fact]
    public void Pan_MotionVectorsMapEachFrameOntoThePreviousOne()
    {
        var sequence = new PanSequence(SequenceTestData.NoisePhoto(120, 90, 2), 48, 40, 60, seed: 1);
        var frames = sequence.Frames().ToList();
        Assert.Equal(60, frames.Count);
        Assert.Equal(FrameFlags.CameraCut, frames[0].Flags);
        int moving = 0, bounced = 0;
        for (int t = 1; t < frames.Count; t++)
        {
            float[] motion = frames[t].Motion!;
            int dx = (int)motion[0], dy = (int)motion[1];
            Assert.All(Enumerable.Range(0, 48 * 40), i => Assert.Equal((dx, dy), ((int)motion[2 * i], (int)motion[(2 * i) + 1])));
            Assert.Equal(0, CountMismatches(frames[t - 1].Truth!, frames[t].Truth!, dx, dy));
            if (dx != 0 || dy != 0)
            {
                moving++;
                // The other sign is wrong: the check above can fail.
                Assert.True(CountMismatches(frames[t - 1].Truth!, frames[t].Truth!, -dx, -dy) > 100);
            }

            bounced += (dx, dy) != PanSequence.Velocity ? 1 : 0;
        }

        Assert.Equal(frames.Count - 1, moving);
        // 60 frames at (2, 1) over 72 x 50 pixels of room: the window bounces, and the vectors follow.
        Assert.True(bounced > 0);
    }

    [Fact]
    public void Layered_ThePoleIsKnownAndNearest_HolesAreTheOccludersBehindIt()
    {
        var sequence = new LayeredSequence(SequenceTestData.NoisePhoto(100, 90, 9), 64, 48, 12, seed: 2);
        var pole = sequence.NewPole();
        var frames = sequence.Frames().ToList();
        Assert.All(frames, f => Assert.NotNull(f.Depth));
        Assert.Equal(FrameFlags.CameraCut, frames[0].Flags);
        foreach (var frame in frames)
        {
            for (int y = 0; y < 48; y++)
            {
                for (int x = 0; x < 64; x++)
                {
                    int i = (y * 64) + x;
                    if (pole.Covers(x, y))
                    {
                        Assert.Equal(0, frame.Mask[i]);
                        Assert.Equal(LayeredSequence.PoleDepth, frame.Depth![i]);
                        Assert.Equal(frame.Truth![i * 4], frame.Color[i * 4]);
                    }
                    else
                    {
                        Assert.Equal(frame.Mask[i] != 0 ? LayeredSequence.OccluderDepth : LayeredSequence.BackgroundDepth, frame.Depth![i]);
                    }
                }
            }

            int x0 = pole.Centre.X;
            pole.Centre.Step();
            Assert.InRange(Math.Abs(pole.Centre.X - x0), 0, LayeredSequence.PoleVelocity.X);
        }

        Assert.Contains(frames, f => f.Mask.Any(m => m != 0));
    }

    [Fact]
    public void Folder_RoundTripsEveryFrame_WithDepthAndMotion()
    {
        string dir = _dir.File("seq");
        var pan = new PanSequence(SequenceTestData.NoisePhoto(80, 70, 3), 40, 32, 5, seed: 2);
        SequenceFolderWriter.Write(pan, dir, description: "pan test");
        var folder = new FolderSequence(dir);

        Assert.Equal((40, 32, 5), (folder.Width, folder.Height, folder.FrameCount));
        Assert.True(folder.HasMotion && folder.HasTruth);
        Assert.False(folder.HasDepth);
        Assert.Equal("pan test", folder.Description);
        foreach (var (written, read) in pan.Frames().Zip(folder.Frames()))
        {
            Assert.Equal(written.Color, read.Color);
            Assert.Equal(written.Mask, read.Mask);
            Assert.Equal(written.Truth, read.Truth);
            Assert.Equal(written.Motion, read.Motion);
            Assert.Equal(written.Flags, read.Flags);
        }

        string depthDir = _dir.File("depth-seq");
        var withDepth = new DepthStaticSequence(new StaticSequence(SequenceTestData.NoisePhoto(60, 60, 4), 32, 32, 3, seed: 0));
        SequenceFolderWriter.Write(withDepth, depthDir, SequenceDepth.Reversed);
        var depthFolder = new FolderSequence(depthDir);
        Assert.True(depthFolder.HasDepth);
        Assert.False(depthFolder.HasMotion);
        foreach (var (written, read) in withDepth.Frames().Zip(depthFolder.Frames()))
        {
            Assert.Equal(written.Depth, read.Depth);
            Assert.Equal(written.Flags | FrameFlags.ReversedDepth, read.Flags);
        }
    }

    [Fact]
    public void Folder_Errors_NameTheFileAndWhatWasExpected()
    {
        string dir = _dir.File("seq");
        SequenceFolderWriter.Write(new PanSequence(SequenceTestData.NoisePhoto(60, 60, 5), 32, 32, 3, seed: 0), dir);
        string manifest = Path.Combine(dir, SequenceManifest.FileName);
        string good = File.ReadAllText(manifest);

        Assert.Contains("does not exist", Assert.Throws<CliException>(() => new FolderSequence(_dir.File("nowhere"))).Message);

        File.WriteAllText(manifest, good.Replace("\"mae-sequence\"", "\"other\""));
        Assert.Contains("\"format\" must be \"mae-sequence\"; found \"other\"", Assert.Throws<CliException>(() => new FolderSequence(dir)).Message);

        File.WriteAllText(manifest, good.Replace("\"to-previous\"", "\"sideways\""));
        Assert.Contains("\"motion\": expected one of none, to-previous, to-current; found 'sideways'", Assert.Throws<CliException>(() => new FolderSequence(dir)).Message);

        File.WriteAllText(manifest, good.Replace("\"frames\": 3", "\"frames\": 4"));
        var missing = Assert.Throws<CliException>(() => new FolderSequence(dir));
        Assert.Contains("frame 3 has no color file", missing.Message);
        Assert.Contains("0003.png", missing.Message);

        File.WriteAllText(manifest, good.Replace("\"frames\": 3", "\"frames\": 2.5"));
        Assert.Contains("\"frames\" must be a whole number from 1 to", Assert.Throws<CliException>(() => new FolderSequence(dir)).Message);

        File.WriteAllText(manifest, "{ not json");
        Assert.Contains("is not valid JSON", Assert.Throws<CliException>(() => new FolderSequence(dir)).Message);

        // A depth file where motion belongs: the channel count is checked when the frame is read.
        File.WriteAllText(manifest, good);
        MaeRealtime.Editor.Imaging.PfmFile.Write(Path.Combine(dir, "motion", "0001.pfm"), new MaeRealtime.Editor.Imaging.PfmImage(32, 32, 1, new float[32 * 32]));
        var channels = Assert.Throws<MaeRealtime.Editor.Imaging.ImageFileException>(() => new FolderSequence(dir).Frames().ToList());
        Assert.Contains("0001.pfm' has 1 channel(s); motion needs a 3-channel PFM", channels.Message);
    }

    [Fact]
    public void MotionFiles_MayHoldNaN_ButNotInfinity_AndDepthMustBeFinite()
    {
        var values = new float[4 * 3 * 3];
        values[(5 * 3) + 1] = float.NaN; // pixel (1, 1) of a 4 x 3 frame: y unknown
        string nan = _dir.File("nan.pfm"), inf = _dir.File("inf.pfm"), depth = _dir.File("depth.pfm");
        MaeRealtime.Editor.Imaging.PfmFile.Write(nan, new MaeRealtime.Editor.Imaging.PfmImage(4, 3, 3, values));
        values[(5 * 3) + 1] = 0;
        values[(6 * 3) + 0] = float.PositiveInfinity; // pixel (2, 1)
        MaeRealtime.Editor.Imaging.PfmFile.Write(inf, new MaeRealtime.Editor.Imaging.PfmImage(4, 3, 3, values));
        var depthValues = new float[12];
        depthValues[11] = float.NaN;
        MaeRealtime.Editor.Imaging.PfmFile.Write(depth, new MaeRealtime.Editor.Imaging.PfmImage(4, 3, 1, depthValues));

        float[] motion = SequenceGuideFiles.LoadMotion(nan, 4, 3);
        Assert.True(float.IsNaN(motion[(5 * 2) + 1]));
        Assert.Equal(0f, motion[5 * 2]);
        var infinite = Assert.Throws<MaeRealtime.Editor.Imaging.ImageFileException>(() => SequenceGuideFiles.LoadMotion(inf, 4, 3));
        Assert.Contains("infinite value at pixel (2, 1)", infinite.Message);
        var badDepth = Assert.Throws<MaeRealtime.Editor.Imaging.ImageFileException>(() => SequenceGuideFiles.LoadDepth(depth, 4, 3));
        Assert.Contains("pixel (3, 2)", badDepth.Message);
    }

    private static int CountMismatches(byte[] previous, byte[] current, int dx, int dy)
    {
        const int width = 48, height = 40;
        int mismatches = 0, compared = 0;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int px = x + dx, py = y + dy;
                if (px < 0 || py < 0 || px >= width || py >= height)
                {
                    continue;
                }

                compared++;
                int i = ((y * width) + x) * 4, j = ((py * width) + px) * 4;
                mismatches += previous.AsSpan(j, 4).SequenceEqual(current.AsSpan(i, 4)) ? 0 : 1;
            }
        }

        Assert.True(compared > width * height / 2);
        return mismatches;
    }
}
