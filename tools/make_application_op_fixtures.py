"""Writes tests/KerasBridge.Tests/fixtures/keras-3.15.1/application-op-configs/*.json.gz: the configs real Keras 3.15.1
gives for small MobileNetV3 and ConvNeXt builds (graphs with ops: x + 3.0, inputs + x), so that
tests/python/test_applications_ops.py holds the bridge's builders against Keras on machines without Keras too.
Each file: {"application", "call" (keyword arguments), "model" (get_config of the Functional), "total_params"}.

Usage (with real Keras on the torch backend): python tools/make_application_op_fixtures.py
"""
import gzip
import json
import os
import pathlib

os.environ.setdefault("KERAS_BACKEND", "torch")

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests/KerasBridge.Tests/fixtures/keras-3.15.1/application-op-configs"
CASES = {
    "MobileNetV3Small_a075_c3": ("MobileNetV3Small", dict(weights=None, input_shape=[32, 32, 3], alpha=0.75, classes=3)),
    "MobileNetV3Large_notop": ("MobileNetV3Large", dict(weights=None, input_shape=[32, 32, 3], include_top=False)),
    "ConvNeXtTiny_notop": ("ConvNeXtTiny", dict(weights=None, input_shape=[32, 32, 3], include_top=False, pooling="avg")),
}


def main():
    import keras

    assert keras.__version__ == "3.15.1", keras.__version__
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (function, call) in CASES.items():
        keras.backend.clear_session()  # automatic names from 0, as the bridge's builder starts them
        model = getattr(keras.applications, function)(**{k: tuple(v) if k == "input_shape" else v for k, v in call.items()})
        record = {"application": function, "call": call, "model": json.loads(json.dumps(model.get_config())),
                  "total_params": int(model.count_params())}
        data = json.dumps(record, sort_keys=True).encode()
        with open(OUT / f"{name}.json.gz", "wb") as f:
            f.write(gzip.compress(data, mtime=0))  # same bytes every run
        print(name, len(data), "bytes")


if __name__ == "__main__":
    main()
