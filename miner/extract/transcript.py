"""Interview transcripts: speaker turns with start times, from subtitles and from plain lines.

Two entry points:

* :func:`read_subtitles` reads WebVTT (MS Teams ``<v Name>`` voice tags, Zoom's ``Name: text``
  inside cues) and SRT. Consecutive cues of one speaker become one turn that keeps the first
  cue's start time, since subtitle cues cut speech every few seconds, mid-sentence.
* :func:`parse_turns` finds turns in the lines of a .txt/.md/.docx file: ``Name: text`` with
  optional ``[hh:mm:ss]``/``(mm:ss)`` stamps before or after the name, and the Otter/Amberscript
  layout where ``Name  00:01:02`` stands on its own line above the words. It returns ``None``
  when the lines are not a transcript, so the caller reads them as a report.

A colon at a line start is common in reports too ("Let op: ...", "Conclusie: ..."), so a name
only counts as a speaker when it is short, starts the line and recurs; names with lower-case
words that are not name particles ("Let op") must recur more often.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from ..errors import ExtractionError
from ..model import Block
from .base import Parsed

_TS = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_BRACKETED_TS = rf"[\[(]\s*{_TS}\s*[\])]"
# 1-4 words; the first starts with a letter ("R1", "Dhr. Jansen", "Spreker 2", "Mevr. de Vries").
_NAME = r"[^\W\d_][\w.'’\-]*(?:[ \t]+[\w.'’\-()#]+){0,3}"
_TURN = re.compile(
    rf"^[ \t]*(?:[*_]{{1,2}})?(?:(?P<ts1>{_BRACKETED_TS})[ \t]*|(?P<ts1b>{_TS})[ \t]+)?"
    rf"(?P<name>{_NAME}?)[ \t]*(?P<ts2>{_BRACKETED_TS})?[ \t]*(?:[*_]{{1,2}})?:(?:[*_]{{1,2}})?"
    rf"(?:[ \t]+(?P<text>.*)|[ \t]*$)"
)
# Otter / Amberscript / Teams .docx: the name and a stamp alone on a line, the words below.
_HEADER = re.compile(rf"^[ \t]*(?P<name>{_NAME}?)[ \t]+(?:{_BRACKETED_TS}|{_TS})[ \t]*$")
_HEADER_TS_FIRST = re.compile(rf"^[ \t]*(?:{_BRACKETED_TS}|{_TS})[ \t]+(?P<name>{_NAME}?)[ \t]*:?[ \t]*$")
_TS_FIND = re.compile(_TS)
_LEADING_TS = re.compile(rf"^\s*{_BRACKETED_TS}\s*")
_PARTICLES = {"van", "de", "der", "den", "ter", "ten", "te", "het", "'t", "in", "op", "von", "la", "le", "du", "da", "dos", "el"}
_TITLES = {"dhr.", "mevr.", "mw.", "dr.", "drs.", "ir.", "prof.", "mr.", "ing.", "mevrouw", "meneer", "heer"}
_NOT_NAMES = {"http", "https", "mailto", "noot", "let op", "bron", "tip", "vraag", "antwoord", "opmerking", "conclusie"}
_CUE_TIMING = re.compile(
    r"^\s*(?P<start>(?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)\s*-->\s*(?P<end>(?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)"
)
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+([^>]+?)\s*>")
_DIALOGUE_DASH = re.compile(r"^\s*[-–—]\s+")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>|<\d{1,2}:\d{2}[^>]*>")
_SENTENCE_END = re.compile(r"[.!?…][\"'’”)]*$")
# An unnamed subtitle stream is cut into turns of about this size, at sentence ends.
_UNNAMED_TURN_CHARS = 1200


def parse_time(stamp: str | None) -> float | None:
    """Seconds from "1:02", "01:02:03", "[00:01:02]", "00:00:01,500"; None when absent."""
    if not stamp:
        return None
    m = _TS_FIND.search(stamp)
    if not m:
        return None
    whole = m.group(0).replace(",", ".")
    frac = 0.0
    if "." in whole:
        whole, f = whole.split(".", 1)
        frac = float("0." + f)
    parts = [int(x) for x in whole.split(":")]
    secs = 0
    for p in parts:
        secs = secs * 60 + p
    return secs + frac


@dataclass
class _Candidate:
    index: int
    name: str
    time: float | None
    text: str
    header: bool            # the name stands on its own line (Otter style)


@dataclass
class Turn:
    speaker: str | None
    time: float | None
    paragraphs: list[list[str]] = field(default_factory=list)   # wrapped lines, per paragraph


def speaker_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _clean_name(name: str) -> str:
    name = name.strip().strip("*_").strip()
    return " ".join(name.split())


def _weak(name: str) -> bool:
    """A name with lower-case words that are not particles ("Let op") needs more evidence."""
    words = name.split()
    if speaker_key(name) in _NOT_NAMES or words[0].lower() in ("http", "https", "mailto"):
        return True
    for w in words[1:]:
        lw = w.lower()
        if w[:1].islower() and lw not in _PARTICLES and lw not in _TITLES:
            return True
    return False


def _candidate(i: int, line: str) -> _Candidate | None:
    if len(line) > 2000:
        return None
    m = _HEADER.match(line) or _HEADER_TS_FIRST.match(line)
    if m:
        name = _clean_name(m.group("name"))
        if name and len(name) <= 40:
            return _Candidate(i, name, parse_time(line), "", header=True)
    m = _TURN.match(line)
    if not m:
        return None
    name = _clean_name(m.group("name"))
    if not name or len(name) > 40 or name.endswith((",", ";")):
        return None
    text = (m.group("text") or "").strip()
    stamp = m.group("ts1") or m.group("ts1b") or m.group("ts2")
    if not stamp:
        lead = _LEADING_TS.match(text)
        if lead:
            stamp, text = lead.group(0), text[lead.end():]
    return _Candidate(i, name, parse_time(stamp), text.strip(), header=False)


def _valid_speakers(cands: list[_Candidate]) -> set[str]:
    counts: dict[str, int] = {}
    stamped: set[str] = set()
    for c in cands:
        k = speaker_key(c.name)
        counts[k] = counts.get(k, 0) + 1
        if c.time is not None:
            stamped.add(k)
    valid = set()
    for c in cands:
        k = speaker_key(c.name)
        weak = _weak(c.name)
        n = counts[k]
        if (n >= 2 and not weak) or (n >= 3 and weak and k not in _NOT_NAMES) or (k in stamped and not weak):
            valid.add(k)
    return valid


def parse_turns(lines: list[str]) -> tuple[list[str], list[Turn]] | None:
    """Split lines into (preamble lines, turns) when most of them are speaker turns, else None.

    ``lines`` may contain empty strings (paragraph breaks). Continuation lines belong to the
    turn above them; a blank line starts a new paragraph within the same turn.
    """
    nonempty = [i for i, ln in enumerate(lines) if ln.strip()]
    if len(nonempty) < 2:
        return None
    cands = [c for i in nonempty if (c := _candidate(i, lines[i])) is not None]
    valid = _valid_speakers(cands)
    starts = {c.index: c for c in cands if speaker_key(c.name) in valid}
    if len(starts) < 2:
        return None
    # Paragraph view: hard-wrapped turns span several lines but start one paragraph each.
    para_firsts = [i for i in nonempty if i == 0 or not lines[i - 1].strip()]
    line_share = len(starts) / len(nonempty)
    para_share = sum(i in starts for i in para_firsts) / max(1, len(para_firsts))
    headers = sum(c.header for c in starts.values())
    if not (line_share >= 0.5 or (para_share >= 0.5 and len(para_firsts) >= 3) or (headers >= 2 and line_share >= 0.2)):
        return None

    preamble: list[str] = []
    turns: list[Turn] = []
    cur: Turn | None = None
    for i, line in enumerate(lines):
        if i in starts:
            c = starts[i]
            cur = Turn(speaker=c.name, time=c.time, paragraphs=[[c.text]] if c.text else [[]])
            turns.append(cur)
            continue
        if cur is None:
            preamble.append(line)
            continue
        if not line.strip():
            if cur.paragraphs and cur.paragraphs[-1]:
                cur.paragraphs.append([])
            continue
        cur.paragraphs[-1].append(line)
    turns = [t for t in turns if any(p for p in t.paragraphs)]
    return preamble, turns


def turn_blocks(turns: list[Turn], section: tuple[str, ...] = (), join=None) -> list[Block]:
    """Blocks of kind "turn"; ``join(lines) -> str`` rejoins wrapped lines (default: spaces)."""
    join = join or (lambda ls: " ".join(s.strip() for s in ls if s.strip()))
    blocks = []
    for t in turns:
        text = "\n".join(j for p in t.paragraphs if p and (j := join(p)))
        if text.strip():
            blocks.append(Block(kind="turn", text=text, section=section, speaker=t.speaker, time=t.time))
    return blocks


# --- subtitles ------------------------------------------------------------------------------


@dataclass
class _Cue:
    start: float | None
    speaker: str | None
    text: str


def read_subtitles(data: bytes, name: str, fmt: str) -> Parsed:
    """WebVTT or SRT bytes -> turns, one per run of cues by the same speaker."""
    from .text import decode_text
    from .textnorm import normalise

    text, warnings = decode_text(data)
    text = normalise(text).replace("\f", "\n")
    label = "WebVTT" if fmt == "vtt" else "SRT"
    blocks_raw = re.split(r"\n[ \t]*\n", text.strip("\n"))
    if fmt == "vtt":
        head = blocks_raw[0].lstrip() if blocks_raw else ""
        if head.startswith("WEBVTT"):
            # The header block may carry metadata lines and, in sloppy files, the first cue.
            head_lines = head.split("\n")
            rest = next((k for k, ln in enumerate(head_lines) if "-->" in ln), None)
            blocks_raw = blocks_raw[1:] if rest is None else ["\n".join(head_lines[max(1, rest - 1):])] + blocks_raw[1:]
        else:
            warnings.append("no WEBVTT header line")
    cues: list[_Cue] = []
    content_without_timing = 0
    for raw in blocks_raw:
        lines = raw.split("\n")
        first = lines[0].strip()
        if fmt == "vtt" and first.split(" ")[0] in ("NOTE", "STYLE", "REGION") or first == "NOTE":
            continue
        t = next((k for k, ln in enumerate(lines) if _CUE_TIMING.match(ln)), None)
        if t is None:
            if any(ln.strip() for ln in lines):
                content_without_timing += 1
            continue
        start = parse_time(_CUE_TIMING.match(lines[t]).group("start"))
        payload = "\n".join(lines[t + 1:])
        cues.extend(_split_voices(payload, start))
    if not cues:
        if content_without_timing:
            raise ExtractionError(
                f"not a valid {label} file: no cue timings like '00:00:01{'.' if fmt == 'vtt' else ','}000 --> 00:00:04{'.' if fmt == 'vtt' else ','}000' found"
            )
        return Parsed(blocks=[], kind="transcript", warnings=warnings + [f"the {label} file has no cues"])
    if content_without_timing:
        warnings.append(f"{content_without_timing} block(s) without cue timing ignored")
    _name_unvoiced(cues)
    return Parsed(blocks=_merge_cues(cues), kind="transcript", warnings=warnings)


def _split_voices(payload: str, start: float | None) -> list[_Cue]:
    """One cue per ``<v Name>`` span (a Teams cue may hold two voices); tags and entities removed."""
    opens = list(_VOICE.finditer(payload))
    pieces: list[tuple[str | None, str]] = []
    if not opens:
        # Two speakers in one cue: "- Ja.\n- Nee." or "Anna: Ja.\nBram: Nee." on separate lines.
        for line in payload.split("\n"):
            dash = _DIALOGUE_DASH.match(line)
            if pieces and not dash and not _TURN.match(line):
                pieces[-1] = (None, f"{pieces[-1][1]} {line}")
            else:
                pieces.append((None, line[dash.end():] if dash else line))
    else:
        if payload[: opens[0].start()].strip():
            pieces.append((None, payload[: opens[0].start()]))
        for k, m in enumerate(opens):
            end = opens[k + 1].start() if k + 1 < len(opens) else len(payload)
            pieces.append((_clean_name(html.unescape(m.group(1))), payload[m.end():end]))
    out = []
    for speaker, raw in pieces:
        txt = html.unescape(_TAG.sub("", raw))
        txt = " ".join(txt.split())
        if txt:
            out.append(_Cue(start, speaker or None, txt))
    return out


def _name_unvoiced(cues: list[_Cue]) -> None:
    """Zoom and most SRT files write "Name: text" inside the cue; take the name when it recurs."""
    cands = []
    for k, c in enumerate(cues):
        if c.speaker is None:
            cand = _candidate(k, c.text)
            if cand is not None and not cand.header and cand.text:
                cands.append(cand)
    valid = _valid_speakers(cands)
    for cand in cands:
        if speaker_key(cand.name) in valid:
            cues[cand.index].speaker = cand.name
            cues[cand.index].text = cand.text


def _merge_cues(cues: list[_Cue]) -> list[Block]:
    blocks: list[Block] = []
    cur: Block | None = None
    for c in cues:
        same = cur is not None and (
            (c.speaker is not None and cur.speaker is not None and speaker_key(c.speaker) == speaker_key(cur.speaker))
            or (c.speaker is None and cur.speaker is None
                and not (len(cur.text) >= _UNNAMED_TURN_CHARS and _SENTENCE_END.search(cur.text)))
        )
        if same:
            cur.text = f"{cur.text} {c.text}"
        else:
            cur = Block(kind="turn", text=c.text, speaker=c.speaker, time=c.start)
            blocks.append(cur)
    return blocks
