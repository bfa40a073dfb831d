"""The PyTorch engine's one registry of layer classes, keyed by Keras class name (as keras/src/layers/__init__.py
exports them), with the Keras 2 aliases legacy .h5 configs use. Each family module lists its classes; this module
imports them all, so the family modules import only the base Layer (torch_engine/layers.py) and never this one
at import time."""

from kerasbridge.torch_engine import (activation_layers, application_layers, attention, audio, bidirectional, category,
                                      conv_lstm, conv_transpose, convolution, dot_attention, einsum_dense, embedding,
                                      grouped_query_attention, hashed_crossing, hashing, image_augmentation,
                                      image_clahe, image_color, image_elastic, image_geometry, image_hsv, image_levels, image_mixing,
                                      image_rand_augment, lookup, masking, merging, normalization, pooling, preprocessing,
                                      recurrent, regularization, reshaping, reversible_embedding, rnn_cells,
                                      spectral_normalization, string_lookup, text_vectorization, wrappers)
from kerasbridge.torch_engine.layers import CORE_CLASSES, InputLayer
from kerasbridge.torch_engine.serialization import split_identifier

_FAMILIES = (
    CORE_CLASSES,
    normalization.NORMALIZATION_CLASSES,
    convolution.CONV_CLASSES, conv_transpose.CONV_TRANSPOSE_CLASSES, pooling.POOLING_CLASSES,
    activation_layers.ACTIVATION_LAYER_CLASSES, reshaping.RESHAPING_CLASSES, regularization.REGULARIZATION_CLASSES,
    wrappers.WRAPPER_CLASSES, merging.MERGE_CLASSES, (embedding.Embedding,), recurrent.RECURRENT_CLASSES,
    (bidirectional.Bidirectional,), rnn_cells.RNN_CELL_CLASSES, conv_lstm.CONV_LSTM_CLASSES,
    (attention.MultiHeadAttention,), preprocessing.PREPROCESSING_CLASSES,
    dot_attention.DOT_ATTENTION_CLASSES, (grouped_query_attention.GroupQueryAttention, einsum_dense.EinsumDense),
    application_layers.APPLICATION_LAYER_CLASSES,  # ConvNeXt's LayerScale
    image_augmentation.GEOMETRIC_CLASSES, image_color.COLOR_CLASSES, image_hsv.HSV_CLASSES, image_levels.LEVEL_CLASSES,
    image_geometry.GEOMETRY_CLASSES, image_mixing.MIXING_CLASSES, image_elastic.ELASTIC_CLASSES,
    image_clahe.CLAHE_CLASSES, image_rand_augment.RAND_AUGMENT_CLASSES,
    masking.MASKING_CLASSES,
    category.CATEGORY_CLASSES, spectral_normalization.SPECTRAL_NORMALIZATION_CLASSES,
    (reversible_embedding.ReversibleEmbedding,),
    audio.AUDIO_CLASSES,
    lookup.LOOKUP_CLASSES, string_lookup.STRING_LOOKUP_CLASSES,
    hashing.HASHING_CLASSES, hashed_crossing.HASHED_CROSSING_CLASSES,
    text_vectorization.TEXT_VECTORIZATION_CLASSES,
)
LAYER_CLASSES = {cls.class_name: cls for family in _FAMILIES for cls in family}

# Keras's aliases (keras/layers/__init__.py), which Keras 2 style and legacy .h5 configs may name.
ALIASES = {
    "MaxPool2D": "MaxPooling2D", "Convolution2D": "Conv2D", "GlobalAvgPool2D": "GlobalAveragePooling2D",
    "Convolution1D": "Conv1D", "Convolution2DTranspose": "Conv2DTranspose",
    "SeparableConvolution2D": "SeparableConv2D", "SeparableConvolution1D": "SeparableConv1D",
    "MaxPool1D": "MaxPooling1D", "AvgPool1D": "AveragePooling1D", "AvgPool2D": "AveragePooling2D",
    "GlobalMaxPool1D": "GlobalMaxPooling1D", "GlobalMaxPool2D": "GlobalMaxPooling2D",
    "GlobalAvgPool1D": "GlobalAveragePooling1D",
    "GroupedQueryAttention": "GroupQueryAttention",  # the Python class; Keras writes its export name
    "Convolution3D": "Conv3D", "Convolution1DTranspose": "Conv1DTranspose", "Convolution3DTranspose": "Conv3DTranspose",
    "MaxPool3D": "MaxPooling3D", "AvgPool3D": "AveragePooling3D", "GlobalMaxPool3D": "GlobalMaxPooling3D",
    "GlobalAvgPool3D": "GlobalAveragePooling3D",
}

# Layers whose config holds Python code (loadable only with safe_mode off, runnable only by Keras).
_CODE_LAYERS = ("Lambda", "TFOpLambda", "SlicingOpLambda")


# Classes the engine runs only inside another layer: the cells of RNN(cell).
NESTED_CLASSES = tuple(rnn_cells.CELL_CLASSES) + ("StackedRNNCells",)


def supported_layer_names():
    return sorted(list(LAYER_CLASSES) + ["InputLayer"] + list(NESTED_CLASSES))


def layer_from_config(entry):
    """A layer (or InputLayer) from one serialized entry of a Sequential config's 'layers'."""
    class_name, config = split_identifier(entry, "layers")
    class_name = ALIASES.get(class_name, class_name)
    if class_name == "InputLayer":
        return InputLayer(config or {})
    cls = LAYER_CLASSES.get(class_name)
    if cls is None and class_name in _CODE_LAYERS:
        name = (config or {}).get("name") if isinstance(config, dict) else None
        raise ValueError(
            f"layer {name!r} ({class_name}) runs Python code written for Keras, which the PyTorch engine "
            f"cannot run; use the Keras engine for this model, or rebuild it without the {class_name} layer."
        )
    if cls is None and class_name in NESTED_CLASSES:
        name = (config or {}).get("name") if isinstance(config, dict) else None
        raise ValueError(f"layer {name!r} ({class_name}) is an RNN cell, which runs inside a layer: wrap it in "
                         f"keras.layers.RNN (RNN(cell)), as Keras needs too.")
    if cls is None:
        raise ValueError(
            f"Layer type '{class_name}' is not supported by the PyTorch engine. "
            f"Supported layers: {', '.join(supported_layer_names())}."
        )
    layer = cls(config or {})
    if isinstance(entry, dict) and entry.get("build_config") and hasattr(layer, "read_build_config"):
        layer.read_build_config(entry["build_config"])  # e.g. Normalization keeps the shape it was built with
    return layer
