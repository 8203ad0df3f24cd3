namespace MaeRealtime.Runtime.Vulkan;

/// <summary>Receives the end of each timed stage while a pass is recorded (a <see cref="GpuTimer"/> or the frame pipeline's per-pass timer).</summary>
internal interface IStageMarks
{
    /// <summary>Stage <paramref name="stage"/> (index into the pass's stage names) ends here.</summary>
    void EndStage(CommandRecorder rec, int stage);
}
