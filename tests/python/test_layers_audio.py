"""STFTSpectrogram and MelSpectrogram on the PyTorch engine, held against real Keras 3 (torch backend; skipped
without keras): configs in Keras's key order, predictions for several option sets, a short fit with trainable STFT
kernels, file round trips both ways, refusals.
"""

import json

import numpy as np
import pytest

from conftest import keras_available, keras_config, keras_summary
from kerasbridge import bridge
from test_layers_prepro_extra import _assert_files_round_trip, _torch
from test_optimizers_keras import assert_close  # 1e-4 relative, 1e-6 absolute floor

pytestmark = pytest.mark.skipif(not keras_available(), reason="real Keras is not installed")

SAMPLES = 256


def _cases():
    import keras
    from keras import layers as L

    def stft(channels=1, **options):
        shape = (channels, SAMPLES) if options.get("data_format") == "channels_first" else (SAMPLES, channels)
        return lambda: keras.Sequential([keras.Input(shape), L.STFTSpectrogram(**options)])

    def mel(**options):
        return lambda: keras.Sequential([keras.Input((SAMPLES,)), L.MelSpectrogram(**options)])

    return {
        "stft_log_default": stft(frame_length=32),
        "stft_magnitude_same_hamming": stft(2, mode="magnitude", frame_length=32, frame_step=10, fft_length=64,
                                            window="hamming", padding="same"),
        "stft_psd_spectrum_periodic": stft(mode="psd", frame_length=24, frame_step=8, scaling="spectrum",
                                           periodic=True),
        "stft_real_no_scaling": stft(mode="real", frame_length=16, scaling=None),
        "stft_imag_list_window": stft(mode="imag", frame_length=8, window=[0.5, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.5]),
        "stft_angle_first": stft(2, mode="angle", frame_length=16, frame_step=16, data_format="channels_first"),
        "stft_stft_expand": stft(2, mode="stft", frame_length=16, expand_dims=True),
        "stft_log_expand_first_same": stft(3, frame_length=20, frame_step=7, padding="same", expand_dims=True,
                                           data_format="channels_first"),
        "mel_default_small": mel(fft_length=64, sequence_stride=16, num_mel_bins=16),
        "mel_options": mel(fft_length=64, sequence_stride=20, sequence_length=48, window="hamming",
                           sampling_rate=8000, num_mel_bins=10, min_freq=50.0, max_freq=3000.0, top_db=30.0,
                           mag_exp=1.0, min_power=1e-6, ref_power=2.0),
        "mel_no_db_no_window": mel(fft_length=32, sequence_stride=8, window=None, num_mel_bins=8,
                                   power_to_db=False),
    }


CASES = list(_cases()) if keras_available() else []


def _pair(case):
    import keras
    keras.utils.set_random_seed(1)
    model = _cases()[case]()
    ours = _torch(model)
    ours.set_weights([np.asarray(w) for w in model.get_weights()])
    x = np.random.default_rng(0).normal(size=(3,) + tuple(model.inputs[0].shape[1:])).astype(np.float32)
    return model, ours, x


@pytest.mark.parametrize("case", CASES)
def test_audio_layers_predict_like_keras(case):
    model, ours, x = _pair(case)
    assert ours.config()["config"]["layers"] == keras_config(model)["layers"]
    assert ours.summary() == keras_summary(model)
    fresh = _torch(model)  # our STFT initializer gives Keras's kernels
    for a, e in zip(fresh.get_weights(), model.get_weights()):
        assert_close(a, np.asarray(e), "initial kernels")
    expected = np.asarray(model.predict(x, verbose=0), dtype=np.float32)
    got = ours.predict(x)
    assert got.shape == expected.shape == tuple([3] + list(model.output_shape[1:]))
    if "angle" in case:  # atan2 near +-pi may flip sign on rounding; compare on the circle
        got, expected = np.stack([np.cos(got), np.sin(got)]), np.stack([np.cos(expected), np.sin(expected)])
    assert_close(got, expected, "predict")


@pytest.mark.parametrize("case", ["stft_magnitude_same_hamming", "mel_options"])
def test_audio_files_round_trip_both_ways(case, tmp):
    model, ours, x = _pair(case)
    _assert_files_round_trip(model, ours, x, tmp)


def test_trainable_stft_fits_like_keras():
    import keras
    from keras import layers as L
    keras.utils.set_random_seed(2)
    model = keras.Sequential([keras.Input((SAMPLES, 1)),
                              L.STFTSpectrogram(mode="magnitude", frame_length=16, frame_step=16, trainable=True),
                              L.GlobalAveragePooling1D(), L.Dense(1)])
    ours = _torch(model)
    ours.set_weights([np.asarray(w) for w in model.get_weights()])
    rng = np.random.default_rng(3)
    x = rng.normal(size=(16, SAMPLES, 1)).astype(np.float32)
    y = rng.normal(size=(16, 1)).astype(np.float32)
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
    ours.compile(optimizer={"class_name": "Adam", "config": {"learning_rate": 0.01}}, loss="mse")
    expected = model.fit(x, y, epochs=2, batch_size=8, shuffle=False, verbose=0).history
    got = ours.fit(x, y, epochs=2, batch_size=8, shuffle=False)["history"]
    assert_close(got["loss"], expected["loss"], "history loss")
    before = _torch(model).get_weights()
    after = ours.get_weights()
    assert not np.array_equal(after[0], before[0])  # the real kernel trained
    for a, e in zip(after, model.get_weights()):
        assert_close(a, np.asarray(e), "weights after fit")


def test_non_trainable_stft_kernels_stay():
    import keras
    from keras import layers as L
    model = keras.Sequential([keras.Input((SAMPLES, 1)), L.STFTSpectrogram(frame_length=16, trainable=False),
                              L.GlobalAveragePooling1D(), L.Dense(1)])
    ours = _torch(model)
    kernels = [w.copy() for w in ours.get_weights()[:2]]
    x = np.random.default_rng(4).normal(size=(8, SAMPLES, 1)).astype(np.float32)
    ours.compile(optimizer="adam", loss="mse")
    ours.fit(x, np.ones((8, 1), np.float32), epochs=1, batch_size=4)
    assert all(np.array_equal(a, b) for a, b in zip(ours.get_weights()[:2], kernels))


def _layer(class_name, **config):
    return {"module": "keras", "class_name": "Sequential", "config": {"name": "s", "layers": [
        {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [None, SAMPLES, 1]}},
        {"module": "keras.layers", "class_name": class_name, "config": dict(name="a", **config)}]}}


@pytest.mark.parametrize("class_name, config, words", [
    ("STFTSpectrogram", {"mode": "power"}, "'mode'"),
    ("STFTSpectrogram", {"frame_length": 16, "frame_step": 20}, "'frame_step'"),
    ("STFTSpectrogram", {"frame_length": 16, "fft_length": 8}, "'fft_length'"),
    ("STFTSpectrogram", {"scaling": "area"}, "'scaling'"),
    ("STFTSpectrogram", {"padding": "causal"}, "'padding'"),
    ("STFTSpectrogram", {"window": "no_such_window"}, "window"),
    ("STFTSpectrogram", {"frame_length": 16, "window": [1.0, 2.0]}, "window"),
    ("MelSpectrogram", {"fft_length": 32, "sequence_length": 64}, "'fft_length'"),
    ("MelSpectrogram", {"window": "blackman"}, "'window'"),
    ("MelSpectrogram", {"num_mel_bins": 0}, "'num_mel_bins'"),
])
def test_bad_options_are_refused(class_name, config, words):
    with pytest.raises(ValueError) as e:
        model = bridge.get_engine("torch").model_from_config(_layer(class_name, **config))
        model.predict(np.zeros((1, SAMPLES, 1), np.float32))
    assert words in str(e.value)


def test_functional_model_with_both_layers_predicts_like_keras():
    import keras
    from keras import layers as L
    keras.utils.set_random_seed(5)
    signal = keras.Input((SAMPLES,))
    mel = L.Flatten()(L.MelSpectrogram(fft_length=32, sequence_stride=16, num_mel_bins=4)(signal))
    stft = L.GlobalAveragePooling1D()(L.STFTSpectrogram(mode="psd", frame_length=16)(L.Reshape((SAMPLES, 1))(signal)))
    model = keras.Model(signal, L.Dense(2)(L.Concatenate()([mel, stft])))
    ours = _torch(model)
    ours.set_weights([np.asarray(w) for w in model.get_weights()])
    x = np.random.default_rng(6).normal(size=(3, SAMPLES)).astype(np.float32)
    assert ours.config()["config"]["layers"] == keras_config(model)["layers"]
    assert_close(ours.predict(x), np.asarray(model.predict(x, verbose=0)), "predict")
