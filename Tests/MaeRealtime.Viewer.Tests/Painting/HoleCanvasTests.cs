using MaeRealtime.Viewer.Painting;

namespace MaeRealtime.Viewer.Tests.Painting;

public sealed class HoleCanvasTests
{
    private static HoleCanvas NewCanvas(int w = 40, int h = 30)
    {
        var rgba = new byte[w * h * 4];
        new Random(1).NextBytes(rgba);
        return new HoleCanvas(w, h, rgba);
    }

    [Fact]
    public void NewCanvas_IsAllDirty_ThenClean()
    {
        var canvas = NewCanvas();
        Assert.True(canvas.TakeDirtyRows(out int start, out int end));
        Assert.Equal((0, 30), (start, end));
        Assert.False(canvas.TakeDirtyRows(out _, out _));
    }

    [Fact]
    public void Stroke_MarksTheCapsule_WritesTheHoleColour_AndDirtiesOnlyItsRows()
    {
        var canvas = NewCanvas();
        canvas.TakeDirtyRows(out _, out _);
        canvas.Stroke(10, 15, 30, 15, 3, hole: true);

        Assert.True(canvas.TakeDirtyRows(out int start, out int end));
        Assert.Equal((12, 18), (start, end));
        Assert.Equal(255, canvas.Mask[(15 * 40) + 20]);
        Assert.Equal(0, canvas.Mask[(15 * 40) + 5]);
        Assert.Equal(0, canvas.Mask[(10 * 40) + 20]);
        Assert.True(canvas.Color.Slice(((15 * 40) + 20) * 4, 4).SequenceEqual(HoleCanvas.HoleColor));
        int holes = 0;
        foreach (byte m in canvas.Mask)
        {
            holes += m == 255 ? 1 : 0;
        }

        Assert.Equal(holes, canvas.HoleCount);
    }

    [Fact]
    public void Erase_RestoresTheOriginalPixels()
    {
        var canvas = NewCanvas();
        canvas.Stroke(20, 15, 20, 15, 6, hole: true);
        canvas.Stroke(20, 15, 20, 15, 6, hole: false);

        Assert.Equal(0, canvas.HoleCount);
        Assert.True(canvas.Color.SequenceEqual(canvas.Original));
    }

    [Fact]
    public void Stroke_OutsideTheFrame_ChangesNothing()
    {
        var canvas = NewCanvas();
        canvas.TakeDirtyRows(out _, out _);
        canvas.Stroke(-50, -50, -20, -20, 5, hole: true);

        Assert.Equal(0, canvas.HoleCount);
        Assert.False(canvas.IsDirty);
    }

    [Fact]
    public void Brush_WheelScalesTheRadius_WithinBounds()
    {
        var brush = new Brush();
        double r = brush.Radius;
        brush.Scroll(1);
        Assert.True(brush.Radius > r);
        brush.Scroll(-1000);
        Assert.Equal(Brush.MinRadius, brush.Radius);
        brush.Scroll(1000);
        Assert.Equal(Brush.MaxRadius, brush.Radius);
    }

    [Fact]
    public void Brush_DragWithLeftPaints_RightErases()
    {
        var canvas = NewCanvas();
        var brush = new Brush();
        brush.Move((5, 5), canvas);
        Assert.Equal(0, canvas.HoleCount); // moving without a button paints nothing
        brush.Press(paint: true, canvas);
        brush.Move((30, 5), canvas);
        brush.Release();
        Assert.Equal(255, canvas.Mask[(5 * 40) + 18]); // the segment between the two positions is painted
        brush.Press(paint: false, canvas);
        brush.Move((5, 5), canvas);
        brush.Release();
        Assert.Equal(0, canvas.HoleCount);
    }
}

public sealed class MovingDiscTests
{
    private static HoleCanvas NewCanvas(int w = 40, int h = 30)
    {
        var rgba = new byte[w * h * 4];
        new Random(2).NextBytes(rgba);
        return new HoleCanvas(w, h, rgba);
    }

    private static int Holes(HoleCanvas c) => c.Mask.ToArray().Count(m => m == 255);

    [Fact]
    public void Disc_AddsHolesOnTopOfThePaintedOnes_AndMovingOnRestoresThePixelsItLeaves()
    {
        var canvas = NewCanvas();
        canvas.Stroke(10, 10, 10, 10, 3, hole: true);
        int painted = canvas.HoleCount;
        canvas.TakeDirtyRows(out _, out _);

        canvas.SetDisc((12, 12, 5)); // overlaps the painted dab
        Assert.True(canvas.TakeDirtyRows(out int start, out int end));
        Assert.Equal((7, 17), (start, end)); // rows whose pixel centres lie within the radius
        Assert.Equal(Holes(canvas), canvas.HoleCount);
        Assert.True(canvas.HoleCount > painted);
        Assert.Equal(255, canvas.Mask[(12 * 40) + 16]); // inside the disc only

        canvas.SetDisc((30, 20, 4)); // moves away: the painted dab stays, the old footprint is restored
        Assert.Equal(255, canvas.Mask[(10 * 40) + 10]);
        Assert.Equal(0, canvas.Mask[(12 * 40) + 16]);
        Assert.True(canvas.Color.Slice(((12 * 40) + 16) * 4, 4).SequenceEqual(canvas.Original.Slice(((12 * 40) + 16) * 4, 4)));
        Assert.Equal(255, canvas.Mask[(20 * 40) + 30]);
        Assert.True(canvas.Color.Slice(((20 * 40) + 30) * 4, 4).SequenceEqual(HoleCanvas.HoleColor));

        canvas.SetDisc(null);
        Assert.Equal(painted, canvas.HoleCount);
        canvas.Clear();
        Assert.Equal(0, canvas.HoleCount);
        Assert.True(canvas.Color.SequenceEqual(canvas.Original));
    }

    [Fact]
    public void Clear_KeepsTheDisc()
    {
        var canvas = NewCanvas();
        canvas.Stroke(5, 5, 30, 5, 2, hole: true);
        canvas.SetDisc((20, 20, 3));
        canvas.Clear();
        Assert.Equal(Holes(canvas), canvas.HoleCount);
        Assert.Equal(255, canvas.Mask[(20 * 40) + 20]);
        Assert.Equal(0, canvas.Mask[(5 * 40) + 15]);
    }

    [Fact]
    public void MovingOccluder_MovesAFewPixelsAFrame_AndStaysInsideTheImage()
    {
        var occluder = new MovingOccluder(584, 388);
        var previous = occluder.Disc;
        for (int i = 0; i < 500; i++)
        {
            occluder.Step();
            var d = occluder.Disc;
            double step = Math.Sqrt(Math.Pow(d.X - previous.X, 2) + Math.Pow(d.Y - previous.Y, 2));
            Assert.InRange(step, 0.5, 10);
            Assert.InRange(d.X, d.Radius, 584 - d.Radius);
            Assert.InRange(d.Y, d.Radius, 388 - d.Radius);
            previous = d;
        }
    }
}
