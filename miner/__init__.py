"""miner: document mining and qualitative coding for evaluation reports and transcripts."""

from importlib.metadata import PackageNotFoundError, version as _version

try:
    __version__ = _version("miner")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.1.0"

__all__ = ["__version__"]
