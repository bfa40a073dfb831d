"""The PyTorch engine: runs Keras 3 Sequential configs with Keras's own arithmetic on torch."""
