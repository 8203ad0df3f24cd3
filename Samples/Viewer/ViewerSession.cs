using System.Diagnostics;
using System.Globalization;
using MaeRealtime.Runtime.Metrics;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Runtime.Vulkan;
using MaeRealtime.Viewer.Capture;
using MaeRealtime.Viewer.Glfw;
using MaeRealtime.Viewer.Models;
using MaeRealtime.Viewer.Painting;
using MaeRealtime.Viewer.Rendering;
using MaeRealtime.Viewer.Views;

namespace MaeRealtime.Viewer;

/// <summary>
/// The frame loop and its state: input (mouse, keys, drops, the replayed script) changes the canvas, view and
/// model; each frame then asks the renderer to upload, inpaint (only when something it depends on changed),
/// draw and present. Idle windows sleep in glfwWaitEvents instead of rendering. M animates a moving occluder (a
/// disc of holes) over the painted holes, T toggles the runtime's temporal history; the flicker of the displayed
/// fills (<see cref="FlickerMeter"/>, truth = the source image, static camera) is measured live.
/// </summary>
internal sealed class ViewerSession : IDisposable
{
    private const double MessageSeconds = 4;
    private readonly ViewerOptions _options;
    private readonly GlfwWindow _window;
    private readonly GpuContext _context;
    private readonly ViewerRenderer _renderer;
    private readonly HoleCanvas _canvas;
    private readonly BrushScript? _script;
    private readonly TextWriter _out;
    private readonly Brush _brush = new();
    private readonly TextGrid _text = new();
    private readonly FrameTimes _times = new();
    private readonly List<InputEvent> _events = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private LoadedModel _model;
    private ViewMode _view;
    private bool _help;
    private bool _inpaintNeeded = true;
    private int _settleFrames;
    private int _scriptIndex;
    private string? _screenshotRequest;
    private (string Text, bool Error, double Until)? _message;
    private long _lastStatsFrame = -1;
    private MovingOccluder? _occluder;
    private FlickerMeter _flicker;

    public ViewerSession(ViewerOptions options, GlfwWindow window, GpuContext context, ViewerRenderer renderer, HoleCanvas canvas, LoadedModel model, BrushScript? script, TextWriter stdout)
    {
        _options = options;
        _window = window;
        _context = context;
        _renderer = renderer;
        _canvas = canvas;
        _model = model;
        _script = script;
        _out = stdout;
        _view = (ViewMode)(options.View - 1);
        _flicker = new FlickerMeter(canvas.Width, canvas.Height);
        renderer.FillCompleted = (fill, mask) => _flicker.Add(fill, mask, _canvas.Original);
    }

    public FrameTimes Times => _times;

    /// <summary>Runs until the window closes or <see cref="ViewerOptions.Frames"/> frames were presented.</summary>
    public void Run()
    {
        while (!_window.ShouldClose)
        {
            bool scripted = _script is not null && _scriptIndex < _script.Frames.Count;
            bool busy = _inpaintNeeded || _occluder is not null || _settleFrames > 0 || _options.Continuous || scripted || _options.Frames is not null || _canvas.IsDirty;
            if (busy)
            {
                GlfwWindow.Poll();
            }
            else
            {
                GlfwWindow.Wait(0.25); // nothing changes until an event arrives: no frames, no CPU time
            }

            long start = Stopwatch.GetTimestamp();
            _events.Clear();
            _window.DrainEvents(_events);
            foreach (var e in _events)
            {
                Handle(e);
            }

            if (scripted)
            {
                Replay(_script!.Frames[_scriptIndex++]);
            }

            if (_occluder is not null)
            {
                _occluder.Step();
                _canvas.SetDisc(_occluder.Disc);
            }

            _inpaintNeeded |= _canvas.IsDirty;
            bool expired = _message is { } m && m.Until < _clock.Elapsed.TotalSeconds;
            if (expired)
            {
                _message = null;
            }

            var framebuffer = _window.FramebufferSize;
            bool resized = framebuffer != _renderer.WindowSize;
            if (resized)
            {
                _renderer.Invalidate(); // X11 does not always report a resized window as out of date
            }

            if (!busy && _events.Count == 0 && !expired && !resized)
            {
                continue;
            }

            if (!_renderer.Prepare())
            {
                GlfwWindow.Wait(0.1); // minimised
                continue;
            }

            RenderFrame(start);
            if (_options.Frames is int limit && _times.Frames >= limit)
            {
                break;
            }
        }
    }

    /// <summary>The flicker measured since the last history toggle or model change, as one line.</summary>
    public string FlickerSummary() => _flicker.Pairs == 0 || _flicker.Pixels == 0
        ? $"flicker n/a (no consecutive inpainted frames with holes in common), history {OnOff(_model.History)}"
        : string.Create(CultureInfo.InvariantCulture, $"flicker {_flicker.Flicker:F2} levels over {_flicker.Pairs} frame pairs ({_flicker.Pixels} pixels), history {OnOff(_model.History)}");

    /// <summary>Waits for the frames in flight and measures their fills; call before <see cref="FlickerSummary"/> at the end.</summary>
    public void Finish() => _renderer.DrainFills();

    public void Dispose() => _model.Dispose();

    private void RenderFrame(long start)
    {
        var (w, h) = _renderer.WindowSize;
        if (_text.Columns == 0 || w / (TextGrid.CellWidth * _text.Scale) != _text.Columns || h / (TextGrid.CellHeight * _text.Scale) != _text.Rows)
        {
            _text.Resize(w, h);
        }

        bool inpaint = _inpaintNeeded || _options.Continuous;
        var inpainter = _model.Inpainter;
        var stats = inpaint ? inpainter.LatestStats : inpainter.UpdateStats();
        HudWriter.Write(_text, new HudWriter.HudState(
            _view, _times.SmoothedMs, _brush.Radius, 100.0 * _canvas.HoleCount / (_canvas.Width * _canvas.Height),
            _model.Name, stats, _help, _message?.Text, _message?.Error ?? false,
            _flicker.Pairs > 0 && _flicker.Pixels > 0 ? _flicker.Flicker : null, _flicker.Pairs, _model.History, _occluder is not null));

        string? shot = _screenshotRequest;
        if (_options.Frames is int limit && _times.Frames == limit - 1 && _options.Screenshot is not null)
        {
            shot = _options.Screenshot;
        }

        var request = new FrameRequest
        {
            Inpainter = inpainter,
            Inpaint = inpaint,
            View = _view,
            Brush = _brush.Cursor is { } c ? (c.X, c.Y, _brush.Radius) : null,
            Text = _text,
            ScreenshotPath = shot,
        };
        if (!_renderer.Render(request))
        {
            return;
        }

        _times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds, inpaint);
        if (inpainter.LatestStats is { } done && done.FrameNumber > _lastStatsFrame)
        {
            _lastStatsFrame = done.FrameNumber;
            _times.AddGpu(done.GpuMilliseconds, done.ActiveTiles);
        }

        if (inpaint)
        {
            _inpaintNeeded = false;
            _settleFrames = ViewerRenderer.FramesInFlight + 1; // a few more frames so the overlay shows this frame's stats
        }
        else if (_settleFrames > 0)
        {
            _settleFrames--;
        }

        if (shot is not null)
        {
            _screenshotRequest = null;
            _out.WriteLine($"viewer: screenshot written to {Path.GetFullPath(shot)}");
            Say($"SCREENSHOT {Path.GetFileName(shot)}");
        }
    }

    private void Handle(InputEvent e)
    {
        switch (e.Kind)
        {
            case InputKind.MouseButton when e.Code is Keys.MouseLeft or Keys.MouseRight:
                if (e.Pressed)
                {
                    _brush.Press(e.Code == Keys.MouseLeft, _canvas);
                }
                else
                {
                    _brush.Release();
                }

                break;
            case InputKind.CursorMove:
                _brush.Move(ToFrame(e.X, e.Y), _canvas);
                break;
            case InputKind.CursorLeave:
                _brush.Leave();
                break;
            case InputKind.Scroll:
                _brush.Scroll(e.Y);
                break;
            case InputKind.KeyPress:
                HandleKey(e.Code);
                break;
            case InputKind.Drop when e.Path is { } path:
                if (path.EndsWith(".maew", StringComparison.OrdinalIgnoreCase))
                {
                    SwapModel(path, _model.History);
                }
                else
                {
                    Say($"NOT A WEIGHT FILE: {Path.GetFileName(path)} (DROP A .MAEW)", error: true);
                }

                break;
        }
    }

    private void HandleKey(int key)
    {
        switch (key)
        {
            case >= Keys.Digit1 and <= Keys.Digit5:
                SetView((ViewMode)(key - Keys.Digit1));
                break;
            case >= Keys.Keypad1 and <= Keys.Keypad5:
                SetView((ViewMode)(key - Keys.Keypad1));
                break;
            case Keys.H or Keys.F1:
                _help = !_help;
                break;
            case Keys.C:
                _canvas.Clear();
                break;
            case Keys.R:
                SwapModel(_model.Path, _model.History);
                break;
            case Keys.T:
                _out.WriteLine($"viewer: {FlickerSummary()}");
                SwapModel(_model.Path, !_model.History);
                break;
            case Keys.M:
                _occluder = _occluder is null ? new MovingOccluder(_canvas.Width, _canvas.Height) : null;
                _canvas.SetDisc(_occluder?.Disc);
                Say(_occluder is null ? "MOVING OCCLUDER OFF" : "MOVING OCCLUDER ON");
                break;
            case Keys.P or Keys.F12:
                _screenshotRequest = $"viewer-{DateTime.Now:yyyyMMdd-HHmmss-fff}.png";
                break;
            case Keys.Escape:
                _window.RequestClose();
                break;
        }
    }

    private void SetView(ViewMode view)
    {
        // The reconstruction is only written by a pass that is given the image: run one when switching to it.
        _inpaintNeeded |= view == ViewMode.Reconstruction && _view != view;
        _view = view;
    }

    private void Replay(ScriptAction a)
    {
        switch (a.Kind)
        {
            case ScriptActionKind.Paint or ScriptActionKind.Erase:
                _canvas.Stroke(a.X0, a.Y0, a.X1, a.Y1, a.Radius, a.Kind == ScriptActionKind.Paint);
                break;
            case ScriptActionKind.Key:
                HandleKey(a.Key);
                break;
            case ScriptActionKind.Drop:
                Handle(new InputEvent(InputKind.Drop, Path: a.Path));
                break;
            case ScriptActionKind.Resize:
                _window.Resize((int)a.X1, (int)a.Y1);
                break;
        }
    }

    private void SwapModel(string path, bool history)
    {
        _renderer.DrainFills(); // the old pass's fills count towards the old figure
        try
        {
            var next = LoadedModel.Load(_context, path, _canvas.Width, _canvas.Height, ViewerRenderer.FramesInFlight, history);
            bool toggled = history != _model.History;
            _model.Dispose();
            _model = next;
            _lastStatsFrame = -1;
            _inpaintNeeded = true;
            _flicker = new FlickerMeter(_canvas.Width, _canvas.Height); // a new figure for the new pass
            if (toggled)
            {
                _out.WriteLine($"viewer: history {OnOff(history)}");
                Say($"HISTORY {OnOff(history).ToUpperInvariant()}");
                return;
            }

            _out.WriteLine($"viewer: model {path} loaded ({next.Weights.Config.ImageSize} px tiles, patch {next.Weights.Config.PatchSize})");
            Say($"MODEL LOADED: {next.Name}");
        }
        catch (Exception ex) when (ex is WeightFileException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            Console.Error.WriteLine($"viewer: error: could not load model '{path}': {ex.Message}");
            Say($"MODEL NOT LOADED: {ex.Message}", error: true);
        }
    }

    private static string OnOff(bool on) => on ? "on" : "off";

    private void Say(string text, bool error = false) => _message = (text, error, _clock.Elapsed.TotalSeconds + MessageSeconds);

    private (double X, double Y) ToFrame(double x, double y)
    {
        // Cursor positions are in screen coordinates; the window image is in framebuffer pixels (HiDPI may differ).
        var (ww, wh) = _window.WindowSize;
        var (fw, fh) = _renderer.WindowSize;
        double sx = ww > 0 && fw > 0 ? (double)fw / ww : 1, sy = wh > 0 && fh > 0 ? (double)fh / wh : 1;
        var box = Letterbox.Fit(_canvas.Width, _canvas.Height, Math.Max(fw, 1), Math.Max(fh, 1));
        return box.ToFrame(x * sx, y * sy);
    }
}
