"""``miner run``: extract, code, trace and synthesise a corpus folder in one go.

Each stage reads what the previous one wrote to the run folder, so a failed document only drops
out of the batch (and makes the exit code non-zero) while every output is still written for the
rest. Re-running reuses the project store: only new or changed documents are extracted and coded.
"""

from __future__ import annotations

import importlib.util
import multiprocessing
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .codebook import Codebook
from .errors import ExtractionError, FormatError, MinerError
from .settings import Settings

# Outputs that the run command writes besides the coding stage's CSVs.
SYNTH_OUTPUTS = ("matrices.xlsx", "codings_long.csv", "report.html")


@dataclass
class RunOutcome:
    out: Path
    status: int                                   # the exit code: 1 when any file failed
    batch: Any = None                             # the coding stage's batch (errors, reused, processed)
    stats: Any = None                             # the coding stage's counts (documents coded, reused)
    files: list[Path] = field(default_factory=list)
    traced: bool = False
    errors: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    reused: bool = False                          # synthesis outputs kept: nothing they depend on changed


def default_out(corpus: str | Path) -> Path:
    corpus = Path(corpus)
    return Path("outputs") / (corpus.stem if corpus.is_file() else corpus.resolve().name)


def tracing_available() -> bool:
    return importlib.util.find_spec("miner.tracing") is not None


def run_corpus(
    corpus: str | Path,
    out: str | Path | None = None,
    codebook: Codebook | str = "lob",
    model: str | Path | None = "auto",
    settings: Settings | None = None,
    progress: bool = True,
    trace: bool = True,
    window: int = 2,
    quotes: int = 3,
) -> RunOutcome:
    """Run every stage on ``corpus`` into ``out`` (default outputs/<corpus name>).

    ``window`` and ``quotes`` are the synthesis knobs (co-occurrence window in passages, quotes per
    framework cell); both are recorded in run.json.
    """
    from .codebook_io import load_codebook
    from .coding import code_run

    corpus = Path(corpus)
    if not corpus.exists():
        raise ExtractionError("corpus folder not found", path=str(corpus))
    out = Path(out) if out is not None else default_out(corpus)
    cb = codebook if isinstance(codebook, Codebook) else load_codebook(codebook)
    settings = settings or Settings()
    outcome = RunOutcome(out=out, status=0)

    t0 = time.perf_counter()
    result = code_run([corpus], cb, out, settings, progress=progress, model=model)
    outcome.batch = result[0] if isinstance(result, tuple) and result else result
    outcome.stats = result[1] if isinstance(result, tuple) and len(result) > 1 else None
    if getattr(outcome.batch, "failed", False):
        outcome.status = 1
    if not (out / "codings.csv").exists():
        raise FormatError("the coding stage wrote no codings.csv; nothing to synthesise", path=str(out))
    outcome.seconds["extract+code"] = time.perf_counter() - t0
    return synthesise_run(out, cb, name=corpus.resolve().name, trace=trace, window=window, quotes=quotes,
                          progress=progress, outcome=outcome, parallel=settings.workers != 1)


def synthesise_run(
    out: str | Path,
    codebook: Codebook | str | None = None,
    *,
    name: str | None = None,
    trace: bool = True,
    window: int = 2,
    quotes: int = 3,
    progress: bool = True,
    outcome: RunOutcome | None = None,
    parallel: bool = True,
) -> RunOutcome:
    """Trace, matrices, heatmaps and report for a run folder that is already coded (e.g. by miner code).

    ``codebook`` defaults to the one run.json names; ``name`` (for the report title) to the
    corpus recorded in run.json, else the folder's name. Updates run.json with what was written.
    With ``parallel`` (and two or more cores) tracing runs in a second process while the matrices
    and heatmaps are made: the two read the same coded folder and write different files.
    """
    from .report import write_heatmaps, write_report
    from .runinfo import write_run_info
    from .synth import Synthesis

    out = Path(out)
    outcome = outcome or RunOutcome(out=out, status=0)
    tracing = trace and tracing_available()
    key = synthesis_key(out, codebook, name=name, trace=tracing, window=window, quotes=quotes)
    if key is not None and _reuse_synthesis(out, key, name, window, quotes, outcome):
        return outcome
    stages = ["matrices", "heatmaps"] + (["trace"] if tracing else []) + ["report"]
    bar = _bar(len(stages), progress)
    synth = None
    can_fork = "fork" in multiprocessing.get_all_start_methods()
    tracer = _start_trace(out) if tracing and parallel and can_fork and (os.cpu_count() or 1) > 1 else None
    try:
        for stage in stages:
            t = time.perf_counter()
            bar.set_description(stage)
            if stage == "trace":
                outcome.traced = _trace(out, outcome, tracer)
            elif stage == "matrices":
                synth = Synthesis.load(out, codebook, window=window, quotes=quotes)
                name = name or synth.run.get("corpus") or out.resolve().name
                synth.run = {**synth.run, "command": "run", "corpus": name,
                             "synthesis": {"window": synth.window, "quotes": synth.quotes}}
                outcome.files += synth.write(out)
            elif stage == "heatmaps":
                outcome.files += write_heatmaps(synth, out)
            else:
                # Only a trace made from these codings belongs in the report.
                outcome.files.append(write_report(synth, out, title=f"miner report: {name}", include_trace=outcome.traced))
            outcome.seconds[stage] = time.perf_counter() - t
            bar.update(1)
    finally:
        bar.close()
        if tracer is not None:
            tracer[0].shutdown(cancel_futures=True)

    info = dict(synth.run)
    info["outputs"] = sorted({str(p.relative_to(out)) for p in outcome.files} | _trace_outputs(out, outcome.traced))
    if outcome.errors:
        info["stage_errors"] = outcome.errors
    write_run_info(out, info)
    if key is not None and not outcome.errors:
        _remember_synthesis(out, key, info["outputs"], outcome.traced)
    return outcome


# What the cross-document stages read: the coded tables, and the metadata and speaker lists next to
# the source files (tracing takes a document's date and kind from metadata.csv).
_SYNTHESIS_INPUTS = ("documents.csv", "passages.csv", "codings.csv", "segments.csv")
_SOURCE_SIDECARS = ("metadata.csv", "speakers.csv")


def synthesis_key(out: Path, codebook=None, *, name: str | None, trace: bool, window: int, quotes: int) -> str | None:
    """A digest of everything the matrices, heatmaps, trace and report are made from, or None when
    the coded tables are missing or the codebook is only a name. The same key means the same outputs."""
    import csv
    import hashlib
    import json

    from . import __version__

    if not hasattr(codebook, "hash"):
        return None     # the codebook run.json names may have been edited since: make everything anew
    if not (out / "codings.csv").is_file() or not (out / "documents.csv").is_file():
        return None
    h = hashlib.sha256()
    for n in _SYNTHESIS_INPUTS:
        h.update(n.encode() + b"\0" + _file_digest(out / n).encode())
    folders: set[Path] = set()
    with (out / "documents.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row.get("path"):
                folders.add(Path(row["path"]).parent)
    for folder in sorted(folders):
        for n in _SOURCE_SIDECARS:
            h.update(str(folder / n).encode() + b"\0" + _file_digest(folder / n).encode())
    h.update(json.dumps({"miner": __version__, "codebook": codebook.hash(), "name": name, "trace": trace,
                         "window": window, "quotes": quotes}, sort_keys=True).encode())
    return h.hexdigest()


def _file_digest(p: Path) -> str:
    """sha256 of a file's bytes, or "-" when there is no such file."""
    import hashlib

    return hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "-"


def _digests(out: Path, names: list[str]) -> dict[str, str] | None:
    """The digest of every file among ``names`` (folders: every file in them), or None when one is missing."""
    found: dict[str, str] = {}
    for n in names:
        p = out / n
        if p.is_dir():
            for q in sorted(p.rglob("*")):
                if q.is_file():
                    found[str(q.relative_to(out))] = _file_digest(q)
        elif p.is_file():
            found[n] = _file_digest(p)
        else:
            return None
    return found


def _remember_synthesis(out: Path, key: str, outputs: list[str], traced: bool) -> None:
    from .store import Store

    digests = _digests(out, outputs)
    if digests is None:
        return
    with Store(out) as store:
        store.put("synthesis", key, {"outputs": outputs, "digests": digests, "traced": traced})


def _reuse_synthesis(out: Path, key: str, name: str | None, window: int, quotes: int, outcome: RunOutcome) -> bool:
    """Keep the outputs of an earlier synthesis of exactly these inputs, if they are all still there
    unchanged; run.json (rewritten by the coding stage) gets their list back."""
    import json

    from .runinfo import write_run_info
    from .store import STORE_NAME, Store

    if not (out / STORE_NAME).exists():
        return False
    with Store(out) as store:
        kept = store.get("synthesis", key)
    if kept is None or _digests(out, kept["outputs"]) != kept["digests"]:
        return False
    run_path = out / "run.json"
    info = json.loads(run_path.read_text(encoding="utf-8")) if run_path.exists() else {}
    info.update({"command": "run", "corpus": name or info.get("corpus") or out.resolve().name,
                 "synthesis": {"window": window, "quotes": quotes, "reused": True}, "outputs": kept["outputs"]})
    write_run_info(out, info)
    outcome.reused = True
    outcome.traced = kept["traced"]
    outcome.files = [out / n for n in kept["outputs"]]
    return True


def _trace_job(out: str) -> None:
    from .tracing import trace_run

    trace_run(out)


def _start_trace(out: Path):
    """Start tracing in a second process; returns (pool, future)."""
    from concurrent.futures import ProcessPoolExecutor

    # fork: the child needs no re-import, and unlike spawn it does not re-run the caller's
    # script (a user's script without a __main__ guard). No store handle is open at this point.
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
    return pool, pool.submit(_trace_job, str(out))


def _trace(out: Path, outcome: RunOutcome, tracer=None) -> bool:
    """Trace recommendations (or wait for the background trace); a tracing failure is reported
    but keeps the matrices and report."""
    try:
        if tracer is not None:
            tracer[1].result()
        else:
            _trace_job(str(out))
        return True
    except MinerError as err:
        msg = f"tracing: {err}"
    except Exception as err:  # noqa: BLE001 - tracing is an add-on: its bug must not cost the report
        msg = f"tracing failed: {type(err).__name__}: {err}"
    outcome.errors.append(msg)
    outcome.status = 1
    print(f"miner: error: {msg}", file=sys.stderr)
    stale = out / "trace.csv"
    if stale.exists():
        # A trace from an earlier run would describe other codings: keep it out of this report.
        stale.unlink()
    return False


def _trace_outputs(out: Path, traced: bool) -> set[str]:
    if not traced:
        return set()
    return {n for n in ("trace.csv", "trace.xlsx", "trace.json") if (out / n).exists()}


class _NoBar:
    def set_description(self, _d: str) -> None:
        pass

    def update(self, _n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


def _bar(total: int, enabled: bool):
    if not enabled:
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=total, desc="synthesise", unit="step", file=sys.stderr, disable=None, leave=False)
