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
