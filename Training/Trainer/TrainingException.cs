namespace MaeRealtime.Training.Trainer;

/// <summary>A run cannot start or continue for a reason the user can fix (bad checkpoint, device, options); the message says what.</summary>
public class TrainingException : Exception
{
    /// <summary>Creates the exception with the line the user will read.</summary>
    public TrainingException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
