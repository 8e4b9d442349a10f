"""The ``miner`` command: a thin layer over the Python API.

Each sub-command lives in ``miner/commands/<name>.py`` with ``register(subparsers)``; the handler
it sets returns an exit code. Errors the user can act on (MinerError) print one line, no traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from . import __version__
from .errors import MinerError

COMMANDS = ["extract", "code", "evaluate", "run", "trace", "export", "import_", "codebook", "train"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="miner",
        description="Extract, code and synthesise evaluation reports and interview transcripts.",
    )
    parser.add_argument("--version", action="version", version=f"miner {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            mod = importlib.import_module(f"miner.commands.{name}")
        except ModuleNotFoundError as err:
            if err.name == f"miner.commands.{name}":
                continue  # a command still being built
            raise
        mod.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        code = int(args.handler(args) or 0)
        sys.stdout.flush()
        return code
    except MinerError as err:
        print(f"miner: error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("miner: interrupted; outputs already written are complete, nothing half-written was kept", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away ("miner codebook show lob | head"): stop quietly, as Unix tools do.
        # Point stdout at devnull so the interpreter's final flush does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    sys.exit(main())
