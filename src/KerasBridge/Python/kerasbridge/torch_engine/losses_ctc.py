"""keras.losses.CTC (keras/src/losses/losses.py CTC and ctc, Keras 3.15.1) with the torch backend's ctc_loss
(keras/src/backend/torch/nn.py): Connectionist Temporal Classification.

y_true is (batch, max_length) integer labels padded with 0, which is also the blank (mask_index = 0, fixed in
keras.losses.ctc); a label's length is its count of non-zero entries. y_pred is (batch, steps, classes): every
sample uses all `steps` frames, and log_softmax is taken of y_pred whatever it holds (logits, as Keras documents;
probabilities are normalized again, as Keras does). One negative log-likelihood per sample (infinite when the label
cannot fit in the frames, as torch's ctc_loss without zero_infinity gives)."""

import torch
import torch.nn.functional as F

from kerasbridge.errors import InvalidArgumentError
from kerasbridge.torch_engine.losses import Loss

MASK_INDEX = 0


def ctc(y_true, y_pred):
    if y_true.dim() != 2:
        raise InvalidArgumentError(
            "Targets `y_true` are expected to be a tensor of shape `(batch_size, max_length)` in integer format. "
            f"Received: y_true.shape={tuple(y_true.shape)}", argument="y")
    if y_pred.dim() != 3:
        raise InvalidArgumentError(
            "Logits `y_pred` are expected to be a tensor of shape `(batch_size, max_length, num_classes)`. "
            f"Received: y_pred.shape={tuple(y_pred.shape)}", argument="y_pred")
    batch, steps = y_pred.shape[0], y_pred.shape[1]
    input_length = torch.full((batch,), steps, dtype=torch.int32, device=y_pred.device)
    label_length = torch.sum(y_true != MASK_INDEX, dim=-1).to(torch.int32)
    log_probs = F.log_softmax(torch.transpose(y_pred.to(torch.float32), 1, 0), dim=-1)
    return F.ctc_loss(log_probs, y_true.long(), input_length, label_length, blank=MASK_INDEX, reduction="none")


class CTC(Loss):
    class_name = "CTC"
    default_name = "ctc"
    function_names = ("ctc",)
    label_kind = "sequences"

    def fn(self, y_true, y_pred):
        return ctc(y_true, y_pred)


CLASSES = [CTC]
