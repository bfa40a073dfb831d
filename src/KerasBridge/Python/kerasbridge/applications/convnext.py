"""ConvNeXtTiny, Small, Base, Large and XLarge (keras/src/applications/convnext.py): a stem and three downsampling
blocks as nested Sequential models, blocks ending in LayerScale and the residual `inputs + x` (an Add op in the
graph). The public builders fix drop_path_rate at 0.0, so each block's StochasticDepth is Keras's
Activation("linear", name="..._identity")."""
from kerasbridge.applications import common
from kerasbridge.applications.spec import Application
from kerasbridge.errors import InvalidArgumentError

_URL = "https://storage.googleapis.com/tensorflow/keras-applications/convnext/"
# (depths, projection dims, top sha256, no-top sha256)
_VARIANTS = {
    "tiny": ([3, 3, 9, 3], [96, 192, 384, 768],
             "8ae6e78ce2933352b1ef4008e6dd2f17bc40771563877d156bc6426c7cf503ff",
             "d547c096cabd03329d7be5562c5e14798aa39ed24b474157cef5e85ab9e49ef1"),
    "small": ([3, 3, 27, 3], [96, 192, 384, 768],
              "ce1277d8f1ee5a0ef0e171469089c18f5233860ceaf9b168049cb9263fd7483c",
              "6fc8009faa2f00c1c1dfce59feea9b0745eb260a7dd11bee65c8e20843da6eab"),
    "base": ([3, 3, 27, 3], [128, 256, 512, 1024],
             "52cbb006d3dadd03f6e095a8ca1aca47aecdd75acb4bc74bce1f5c695d0086e6",
             "40a20c5548a5e9202f69735ecc06c990e6b7c9d2de39f0361e27baeb24cb7c45"),
    "large": ([3, 3, 27, 3], [192, 384, 768, 1536],
              "070c5ed9ed289581e477741d3b34beffa920db8cf590899d6d2c67fba2a198a6",
              "96f02b6f0753d4f543261bc9d09bed650f24dd6bc02ddde3066135b63d23a1cd"),
    "xlarge": ([3, 3, 27, 3], [256, 512, 1024, 2048],
               "c1f5ccab661354fc3a79a10fa99af82f0fbf10ec65cb894a3ae0815f17a889ee",
               "de3f8a54174130e0cecdc71583354753d557fcf1f4487331558e2a16ba0cfe05"),
}
_LAYER_SCALE_INIT = 1e-6
_IMAGENET_MEAN = [0.485 * 255, 0.456 * 255, 0.406 * 255]
_IMAGENET_VARIANCE = [(0.229 * 255) ** 2, (0.224 * 255) ** 2, (0.225 * 255) ** 2]


def _block(g, inputs, projection_dim, name):
    x = g("Conv2D", inputs, name=f"{name}_depthwise_conv", filters=projection_dim, kernel_size=7, padding="same",
          groups=projection_dim)
    x = g("LayerNormalization", x, name=f"{name}_layernorm", epsilon=1e-6)
    x = g("Dense", x, name=f"{name}_pointwise_conv_1", units=4 * projection_dim)
    x = g("Activation", x, name=f"{name}_gelu", activation="gelu")
    x = g("Dense", x, name=f"{name}_pointwise_conv_2", units=projection_dim)
    x = g("LayerScale", x, name=f"{name}_layer_scale", init_values=_LAYER_SCALE_INIT, projection_dim=projection_dim)
    x = g("Activation", x, name=f"{name}_identity", activation="linear")
    return g.op("Add", inputs, x)


def _convnext(variant):
    depths, dims = _VARIANTS[variant][:2]

    def body(g, x, include_top, pooling, classes, classifier_activation, include_preprocessing, model_name):
        name = model_name
        if include_preprocessing and x.shape[3] == 3:
            x = g("Normalization", x, name=f"{name}_prestem_normalization", mean=_IMAGENET_MEAN,
                  variance=_IMAGENET_VARIANCE)
        for i in range(4):
            if i == 0:
                x = g.sequential(x, f"{name}_stem", [
                    ("Conv2D", dict(name=f"{name}_stem_conv", filters=dims[0], kernel_size=4, strides=4)),
                    ("LayerNormalization", dict(name=f"{name}_stem_layernorm", epsilon=1e-6))])
            else:
                x = g.sequential(x, f"{name}_downsampling_block_{i - 1}", [
                    ("LayerNormalization", dict(name=f"{name}_downsampling_layernorm_{i - 1}", epsilon=1e-6)),
                    ("Conv2D", dict(name=f"{name}_downsampling_conv_{i - 1}", filters=dims[i], kernel_size=2,
                                    strides=2))])
            for j in range(depths[i]):
                x = _block(g, x, dims[i], f"{name}_stage_{i}_block_{j}")
        if include_top:
            x = g("GlobalAveragePooling2D", x, name=f"{name}_head_gap")
            x = g("LayerNormalization", x, name=f"{name}_head_layernorm", epsilon=1e-6)
            return g("Dense", x, name=f"{name}_head_dense", units=classes, activation=classifier_activation)
        if pooling == "avg":
            x = g("GlobalAveragePooling2D", x)
        elif pooling == "max":
            x = g("GlobalMaxPooling2D", x)
        return g("LayerNormalization", x, epsilon=1e-6)
    return body


class _ConvNeXt(Application):
    """The layer names start with the model's name, as in Keras; with ImageNet weights the name must keep the
    variant (e.g. "convnext_tiny")."""

    def __init__(self, variant):
        function = "ConvNeXt" + {"xlarge": "XLarge"}.get(variant, variant.capitalize())
        super().__init__(function, f"convnext_{variant}", _convnext(variant), "convnext", None, self._files,
                         extra={"include_preprocessing": True})
        self.body_takes_name = True

    def config(self, include_top=True, weights=None, name=None, **kwargs):
        if weights == "imagenet" and name is not None and self.model_name not in name:
            raise InvalidArgumentError(
                f"{self.function}: argument 'name' must contain the weights variant '{self.model_name}' with "
                f"weights='imagenet'; got {name!r}.", "name")
        return super().config(include_top=include_top, weights=weights, name=name, **kwargs)

    def _files(self, include_top, **_):
        top_hash, notop_hash = _VARIANTS[self.model_name.split("_")[1]][2:]
        return common.h5_weights(_URL, self.model_name, top_hash, notop_hash)(include_top)


APPLICATIONS = [_ConvNeXt(v) for v in ("tiny", "small", "base", "large", "xlarge")]
