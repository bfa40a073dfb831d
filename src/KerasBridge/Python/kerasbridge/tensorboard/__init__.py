"""TensorBoard event files written without TensorFlow, in the layout Keras's TensorBoard callback uses
(keras/src/callbacks/tensorboard.py): see logger.py; the file format is in records.py and events.py."""
