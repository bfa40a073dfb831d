"""Layers that keras.applications defines for its own models (not in keras.layers), on PyTorch:
ConvNeXt's LayerScale (keras/src/applications/convnext.py). Keras serializes them under their module,
e.g. {"module": "keras.src.applications.convnext", "class_name": "LayerScale", "registered_name": "LayerScale"}.

StochasticDepth (same file) is left out: the public ConvNeXt builders fix drop_path_rate at 0.0, so Keras
puts an Activation("linear") in its place and no published model holds it."""

from kerasbridge.torch_engine import initializers
from kerasbridge.torch_engine.layers import Layer
from kerasbridge.torch_engine.serialization import keras_object, shape_to_json

CONVNEXT_MODULE = "keras.src.applications.convnext"


class LayerScale(Layer):
    """x * gamma, gamma of shape (projection_dim,) starting at init_values (LayerScale.call, build)."""

    class_name = "LayerScale"
    has_build_config = True

    def __init__(self, config):
        super().__init__(config, {"init_values": None, "projection_dim": None})
        init_values, projection_dim = self.options["init_values"], self.options["projection_dim"]
        if isinstance(init_values, bool) or not isinstance(init_values, (int, float)):
            raise ValueError(f"{self.label}: 'init_values' must be a number; got {init_values!r}.")
        if isinstance(projection_dim, bool) or not isinstance(projection_dim, int) or projection_dim <= 0:
            raise ValueError(f"{self.label}: 'projection_dim' must be a positive int; got {projection_dim!r}.")
        self.init_values = init_values
        self.projection_dim = projection_dim
        self.gamma = None

    def build(self, input_shape, device):
        if input_shape[-1] is not None and input_shape[-1] != self.projection_dim:
            raise ValueError(f"{self.label}: the input's last dimension must be projection_dim "
                             f"({self.projection_dim}); got input shape {shape_to_json(input_shape)}.")
        # Keras's add_weight without a name: "variable".
        self.gamma = self._add_variable("variable", (self.projection_dim,), initializers.Constant(self.init_values),
                                        True, device)
        super().build(input_shape, device)

    def call(self, x, training):
        return x * self.gamma

    def layer_config(self):
        return {"init_values": self.init_values, "projection_dim": self.projection_dim}

    def serialize(self):
        entry = keras_object(CONVNEXT_MODULE, self.class_name, self.get_config())
        entry["registered_name"] = self.class_name
        if self.built:
            entry["build_config"] = {"input_shape": shape_to_json(self.input_shape)}
        return entry


APPLICATION_LAYER_CLASSES = (LayerScale,)
