"""KerasBridge's Python side: runs Keras 3 Sequential models for the .NET library.

C# imports `kerasbridge.bridge`; see docs/python-engine-contract.md. The package is kept
import-light on purpose: neither keras nor torch is imported until an engine is asked for.
"""

__all__ = ["bridge", "errors"]
