"""`trainable` set on a model or a layer after it was built, as Keras's setter does
(keras/src/layers/layer.py `trainable.setter`: the flag goes down to every sublayer, and a variable is
trained when its layer is trainable and it was created trainable). BatchNormalization reads its layer's flag
in `call`, so a frozen one runs in inference mode, as in Keras 3."""


def set_trainable(obj, flag):
    flag = bool(flag)
    obj.trainable = flag
    inner = getattr(obj, "model", None)  # a nested model (functional.NestedModel)
    if inner is not None:
        set_trainable(inner, flag)
        return
    sublayers = getattr(obj, "layers", None)
    if isinstance(sublayers, list):  # a model
        for layer in sublayers:
            set_trainable(layer, flag)
        return
    for variable in getattr(obj, "variables", ()):
        variable.trainable = flag and variable.created_trainable
        variable.value.requires_grad_(variable.trainable)
