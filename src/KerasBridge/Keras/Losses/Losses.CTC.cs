namespace KerasBridge;

public static partial class Losses
{
    /// <summary>
    /// <c>keras.losses.CTC</c> (keras/src/losses/losses.py): Connectionist Temporal Classification, for a model whose output
    /// is (samples, steps, classes) logits. The labels are (samples, maxLength) class ids padded with 0, which is also the
    /// blank: real classes are 1..classes-1, a label's length is its count of non-zero ids, and every sample uses all
    /// <c>steps</c> frames. Keras takes log_softmax of the output whatever it holds, so a softmax output is normalized twice
    /// (prefer logits). A label that cannot fit in the frames gives an infinite loss. The string name is "ctc".
    /// </summary>
    /// <param name="reduction">How the per-sample values become the loss: "sum_over_batch_size" (sum / number of values), "sum", "mean" or
    /// "mean_with_sample_weight" (sum / sum of the sample weights).</param>
    public static Loss CTC(string reduction = "sum_over_batch_size") => new("CTC", Base("ctc", reduction));
}
