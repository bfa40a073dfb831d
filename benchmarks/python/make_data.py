"""Writes the benchmark data once, so C# and Python train on byte-identical arrays.

penguins: the lesson's preprocessing (rows with a missing value dropped, the four numeric features
unscaled as in the lesson, species one-hot in sorted order) and a fixed-seed 80/20 split: 266 training rows.
regression: 20,000 x 20 standard-normal features, y = x @ w + 0.1 * noise, numpy seed 42.
text: 2,000 x 40 token ids and a 0/1 label; images: 2,000 x 28 x 28 x 1 and a class id 0..9 (see text(), images()).
Usage: make_data.py PENGUINS_CSV OUT_DIR
"""
import csv
import json
import os
import sys

import numpy as np


def penguins(path):
    features = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]
    rows = []
    with open(path, newline="", encoding="utf-8") as f:
        for record in csv.DictReader(f):
            if any(v == "" for v in record.values()):
                continue
            rows.append(([float(record[c]) for c in features], record["species"]))
    classes = sorted({s for _, s in rows})
    x = np.array([r[0] for r in rows], dtype=np.float32)
    y = np.zeros((len(rows), len(classes)), dtype=np.float32)
    for i, (_, species) in enumerate(rows):
        y[i, classes.index(species)] = 1
    order = np.random.default_rng(0).permutation(len(rows))
    test = int(np.ceil(0.2 * len(rows)))  # train_test_split(test_size=0.2) rounds the test part up
    train = order[test:]
    return x[train], y[train]


def regression(rows=20000, features=20, seed=42):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((rows, features), dtype=np.float32)
    w = rng.standard_normal((features, 1), dtype=np.float32)
    y = (x @ w + 0.1 * rng.standard_normal((rows, 1), dtype=np.float32)).astype(np.float32)
    return x, y


def text(rows=2000, length=40, vocabulary=1000, seed=7):
    """Token ids 1..999 (stored as float32, exact below 2**24); label 1 where most ids are below 500."""
    rng = np.random.default_rng(seed)
    x = rng.integers(1, vocabulary, size=(rows, length)).astype(np.float32)
    y = ((x < vocabulary // 2).mean(axis=1) > 0.5).astype(np.float32).reshape(rows, 1)
    return x, y


def images(rows=2000, classes=10, seed=11):
    """28 x 28 x 1 noise with a brighter 7 x 7 patch whose place (of 10) is the class id."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, classes, size=rows)
    x = rng.random((rows, 28, 28, 1), dtype=np.float32) * 0.5
    for i, c in enumerate(y):
        r, k = divmod(int(c), 4)
        x[i, r * 7:r * 7 + 7, k * 7:k * 7 + 7, 0] += 0.5
    return x, y.astype(np.float32).reshape(rows, 1)


def main():
    csv_path, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    arrays = {}
    arrays["penguins_x"], arrays["penguins_y"] = penguins(csv_path)
    arrays["regression_x"], arrays["regression_y"] = regression()
    arrays["text_x"], arrays["text_y"] = text()
    arrays["images_x"], arrays["images_y"] = images()
    meta = {}
    for name, array in arrays.items():
        np.ascontiguousarray(array, dtype="<f4").tofile(os.path.join(out, name + ".f32"))
        meta[name] = list(array.shape)
    with open(os.path.join(out, "meta.json"), "w", encoding="utf-8") as f:
        json.dump(meta, f)
    print("data: " + ", ".join(f"{k} {tuple(v)}" for k, v in meta.items()))


if __name__ == "__main__":
    main()
