"""Sub-commands of the ``miner`` CLI, one module each, plus the options they share."""

from __future__ import annotations

from ..settings import Settings


def add_batch_options(p, coding: bool = False) -> None:
    """The options of every command that reads a batch of documents (extract, code, run)."""
    if coding:
        p.add_argument("--model", default="auto", metavar="FILE",
                       help="a coding model JSON (miner train); 'default' for the model shipped with the codebook; "
                            "'none' for rules only; 'auto' (the default): rules, and the shipped model for the "
                            "interview turns the rules leave uncoded")
        p.add_argument("--code-interviewer", action="store_true", help="also code interviewer turns in transcripts")
    p.add_argument("--language", default="nl", help="corpus language (default: nl)")
    p.add_argument("--workers", type=int, default=0, help="processes to use (default: all cores)")
    p.add_argument("--max-file-mb", type=int, default=256, metavar="MB", help="refuse larger files (default: 256)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")


def batch_settings(args) -> Settings:
    return Settings(
        language=args.language,
        workers=args.workers,
        max_file_mb=args.max_file_mb,
        code_interviewer=getattr(args, "code_interviewer", False),
    )
