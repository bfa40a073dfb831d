"""scikit-learn calls behind KerasBridge.Sklearn: metrics and the data sets shipped with scikit-learn
(no download). Arguments arrive checked by C#; arrays come back as numpy arrays."""
import numpy as np


def train_test_split(x, y, **options):
    """sklearn.model_selection.train_test_split(x, y, ...): (x_train, x_test, y_train, y_test)."""
    from sklearn import model_selection

    return model_selection.train_test_split(x, y, **options)


def confusion_matrix(y_true, y_pred, labels):
    """sklearn.metrics.confusion_matrix as int64; labels None means the sorted union, as sklearn does."""
    from sklearn import metrics

    y_true = np.asarray(y_true)
    y_pred = np.asarray(y_pred)
    if labels is not None:
        labels = np.asarray(labels)
    return np.ascontiguousarray(metrics.confusion_matrix(y_true, y_pred, labels=labels), dtype=np.int64)


def root_mean_squared_error(y_true, y_pred):
    """scikit-learn >= 1.4's root_mean_squared_error; on older versions the same number from
    mean_squared_error: the square root per output, then the mean over outputs (uniform_average)."""
    from sklearn import metrics

    if hasattr(metrics, "root_mean_squared_error"):
        return float(metrics.root_mean_squared_error(y_true, y_pred))
    per_output = metrics.mean_squared_error(y_true, y_pred, multioutput="raw_values")
    return float(np.mean(np.sqrt(per_output)))


def has_root_mean_squared_error():
    from sklearn import metrics

    return hasattr(metrics, "root_mean_squared_error")


def load_digits():
    """(images float32 n×8×8 with values 0..16, target int32)."""
    from sklearn import datasets

    digits = datasets.load_digits()
    return (np.ascontiguousarray(digits.images, dtype=np.float32),
            np.ascontiguousarray(digits.target, dtype=np.int32))


def load_diabetes(scaled):
    """(data float32 n×10, target float32, feature names)."""
    from sklearn import datasets

    diabetes = datasets.load_diabetes(scaled=bool(scaled))
    return (np.ascontiguousarray(diabetes.data, dtype=np.float32),
            np.ascontiguousarray(diabetes.target, dtype=np.float32),
            [str(n) for n in diabetes.feature_names])


def standard_scaler_fit(x):
    """sklearn.preprocessing.StandardScaler().fit(x): (mean_, scale_) as float64 (scale_ is 1 for a constant column).
    Transforming stays in C# (see StandardScaler.cs)."""
    from sklearn import preprocessing

    scaler = preprocessing.StandardScaler().fit(x)
    return (np.ascontiguousarray(scaler.mean_, dtype=np.float64),
            np.ascontiguousarray(scaler.scale_, dtype=np.float64))
