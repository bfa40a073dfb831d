"""ModelCheckpoint's write, shared by both engines' checkpoint callbacks (keras/src/callbacks/model_checkpoint.py
`_save_model`): the same refusal of a directory, the folder made on demand, then the bridge model's own atomic
save or save_weights."""

import os


def write_checkpoint(model, filepath, save_weights_only):
    if os.path.isdir(filepath):
        raise IOError(
            "Please specify a non-directory filepath for ModelCheckpoint. "
            f"Filepath used is an existing directory: {filepath}")
    dirname = os.path.dirname(filepath)
    if dirname and not os.path.exists(dirname):
        os.makedirs(dirname)
    if save_weights_only:
        model.save_weights(filepath)
    else:
        model.save(filepath)
