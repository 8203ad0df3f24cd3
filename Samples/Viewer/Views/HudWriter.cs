using MaeRealtime.Runtime.Frames;

namespace MaeRealtime.Viewer.Views;

/// <summary>
/// Lays out the overlay text each frame: the status panel (view, frame time, GPU time per stage, tiles, brush)
/// at the top left, the key list when help is on, and a transient message line at the bottom.
/// </summary>
internal static class HudWriter
{
    private static readonly string[] HelpLines =
    [
        "KEYS",
        "LEFT MOUSE     PAINT HOLES",
        "RIGHT MOUSE    ERASE HOLES",
        "WHEEL          BRUSH SIZE",
        "1              COMPOSITE (FILLED FRAME)",
        "2              INPUT WITH MASK",
        "3              RECONSTRUCTION ONLY",
        "4              ERROR VS ORIGINAL",
        "5              TILE GRID, PROCESSED TILES",
        "M              MOVING OCCLUDER ON/OFF",
        "T              TEMPORAL HISTORY ON/OFF",
        "C              CLEAR ALL HOLES",
        "R              RELOAD MODEL",
        "DROP .MAEW     SWAP MODEL",
        "P / F12        SCREENSHOT (PNG)",
        "H              HIDE THIS HELP",
        "ESC            QUIT",
    ];

    /// <summary>Everything the overlay shows for one frame.</summary>
    internal readonly record struct HudState(
        ViewMode View,
        double FrameMs,
        double BrushRadius,
        double HolePercent,
        string ModelName,
        FrameStats? Stats,
        bool ShowHelp,
        string? Message,
        bool MessageIsError,
        double? Flicker = null,
        int FlickerPairs = 0,
        bool History = false,
        bool Occluder = false);

    public static void Write(TextGrid text, in HudState s)
    {
        text.Clear();
        int row = 0;
        text.Write(1, row++, $"VIEW {(int)s.View + 1} {ViewModeNames.Name(s.View)}   H: HELP");
        double fps = s.FrameMs > 0 ? 1000 / s.FrameMs : 0;
        text.Write(1, row++, $"FRAME {s.FrameMs,6:F1} MS {fps,5:F1} FPS", TextColor.Yellow);
        text.Write(1, row++, $"BRUSH {s.BrushRadius:F0} PX  HOLES {s.HolePercent:F1}%");
        text.Write(1, row++, $"MODEL {s.ModelName}");
        string flicker = s.Flicker is { } f ? $"{f,6:F2} LV ({s.FlickerPairs} PAIRS)" : "  --";
        text.Write(1, row++, $"FLICKER {flicker}  HISTORY {(s.History ? "ON" : "OFF")}{(s.Occluder ? "  OCCLUDER" : string.Empty)}", TextColor.Yellow);
        if (s.Stats is { } stats)
        {
            text.Write(1, row++, $"GPU {stats.GpuMilliseconds,7:F2} MS  TILES {stats.ActiveTiles}/{stats.Grid.Count}", TextColor.Green);
            var ms = stats.StageMilliseconds;
            for (int i = 0; i < stats.StageNames.Count && i < ms.Length; i++)
            {
                text.Write(2, row++, $"{stats.StageNames[i],-12}{ms[i],7:F2} MS", TextColor.Green);
            }
        }
        else
        {
            text.Write(1, row++, "GPU  (WAITING FOR THE FIRST FRAME)", TextColor.Green);
        }

        if (s.ShowHelp)
        {
            int width = HelpLines.Max(l => l.Length);
            int column = Math.Max(1, text.Columns - width - 1);
            int top = column > 32 ? 0 : row + 1; // beside the status panel when the window is wide enough
            for (int i = 0; i < HelpLines.Length; i++)
            {
                text.Write(column, top + i, HelpLines[i].PadRight(width), i == 0 ? TextColor.Yellow : TextColor.White);
            }
        }

        if (s.Message is { } message)
        {
            text.Write(1, text.Rows - 1, message, s.MessageIsError ? TextColor.Red : TextColor.Yellow);
        }
    }
}
