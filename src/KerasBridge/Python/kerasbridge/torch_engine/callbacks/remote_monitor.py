"""keras.callbacks.RemoteMonitor (keras/src/callbacks/remote_monitor.py, Keras 3.15.1) on the PyTorch engine: POSTs
each epoch's logs to a server; the request is kerasbridge/remote_monitor.py's."""

from kerasbridge import remote_monitor
from kerasbridge.torch_engine.callbacks.base import Callback


class RemoteMonitor(Callback):
    class_name = "RemoteMonitor"

    def __init__(self, root="http://localhost:9000", path="/publish/epoch/end/", field="data", headers=None,
                 send_as_json=False):
        super().__init__()
        remote_monitor.check_arguments(root, path, field, headers, send_as_json)
        self.root = root
        self.path = path
        self.field = field
        self.headers = headers
        self.send_as_json = send_as_json

    def on_epoch_end(self, epoch, logs=None):
        remote_monitor.post_epoch(self.root, self.path, self.field, self.headers, self.send_as_json, epoch, logs)
