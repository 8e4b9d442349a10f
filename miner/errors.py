"""Errors that name the file and the problem, so a batch can report them and go on."""

from __future__ import annotations


class MinerError(Exception):
    """A problem with one input that the user can act on.

    ``str(err)`` is the one line shown to the user: "<path>: <problem>".
    """

    def __init__(self, problem: str, path: str | None = None, line: int | None = None):
        self.problem = problem
        self.path = path
        self.line = line
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where = self.path or ""
        if where and self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.problem}" if where else self.problem

    def with_path(self, path: str) -> "MinerError":
        if self.path is None:
            self.path = path
            self.args = (self.message,)
        return self


class ExtractionError(MinerError):
    """A file could not be read: missing, unsupported, empty, corrupt, encrypted, mis-encoded."""


class CodebookError(MinerError):
    """A codebook is malformed; ``line`` and the field name are in the message where known."""


class FormatError(MinerError):
    """A data file (gold coding, metadata, QDA exchange file) is malformed."""
