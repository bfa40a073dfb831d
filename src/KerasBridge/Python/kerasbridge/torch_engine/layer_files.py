"""What a layer saves besides its variables, as Keras's saving_lib._save_state/_load_state asks each layer:
save_own_variables' arrays stored by name (IndexLookup's idf_weights) and save_assets' files (its vocabulary.txt).
An engine layer offers them as save_state()/load_state(arrays) and save_assets()/load_assets(files); Keras loads a
layer's variables before its assets, and so does load_layer_files.

Sources: keras/src/saving/saving_lib.py (_save_state, _load_state, DiskIOStore),
keras/src/layers/preprocessing/index_lookup.py (save_own_variables, save_assets, load_assets).
"""

from kerasbridge.errors import ModelFileError


def _named(layers, prefix=""):
    """(name as model_files names it, layer): a nested model's layers as "outer/inner", as its weights are."""
    for layer in layers:
        inner = getattr(getattr(layer, "model", None), "layers", None)
        if inner is not None:
            yield from _named(inner, f"{prefix}{layer.name}/")
        else:
            yield prefix + layer.name, layer


def layer_files(layers):
    """({layer name: {key: array}}, {layer name: {file name: bytes}}) for model_files' writers."""
    named = list(_named(layers))
    state = {name: arrays for name, layer in named if hasattr(layer, "save_state") and (arrays := layer.save_state())}
    assets = {name: files for name, layer in named if hasattr(layer, "save_assets") and (files := layer.save_assets())}
    return state, assets


def load_layer_files(layers, state, assets, path):
    """Gives each layer what the file at `path` holds for it; a layer that cannot take it names the file."""
    for name, layer in _named(layers):
        try:
            if hasattr(layer, "load_state"):
                layer.load_state((state or {}).get(name) or {})
            if hasattr(layer, "load_assets") and assets is not None:
                layer.load_assets((assets or {}).get(name) or {})
        except ValueError as e:
            raise ModelFileError(path, f"its layer '{layer.name}' cannot be restored: {e}") from None
