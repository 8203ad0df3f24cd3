namespace MaeRealtime.Viewer.Glfw;

/// <summary>GLFW key and mouse-button codes the viewer reacts to (printable keys are their upper-case ASCII codes).</summary>
internal static class Keys
{
    public const int Digit1 = '1';
    public const int Digit5 = '5';
    public const int C = 'C';
    public const int H = 'H';
    public const int M = 'M';
    public const int P = 'P';
    public const int R = 'R';
    public const int T = 'T';
    public const int Escape = 256;
    public const int F1 = 290;
    public const int F12 = 301;
    public const int Keypad1 = 321;
    public const int Keypad5 = 325;

    public const int MouseLeft = 0;
    public const int MouseRight = 1;
}
