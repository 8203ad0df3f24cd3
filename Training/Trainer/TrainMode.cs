namespace MaeRealtime.Training.Trainer;

/// <summary>What a run trains.</summary>
public enum TrainMode
{
    /// <summary>The reference's MAE pretraining: random 75 % patch masking, loss on the removed patches.</summary>
    Pretrain = 0,

    /// <summary>Inpainting fine-tune: realistic hole masks, a patch masked when it holds a hole pixel, raw-pixel targets.</summary>
    Inpaint = 1,
}
