"""Codebooks: two facets of codes, *types* and *themes*, crossed at coding time.

The in-memory model is defined here; loading, validation and spreadsheet import live in
``miner.codebook_io`` so the model stays importable without YAML or spreadsheet libraries.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

FACETS = ("type", "theme")
_LATER_FIELDS = ("neutral_questions", "affirmations", "programme_patterns", "anaphora", "follow_up_patterns",
                 "concession_patterns", "amounts", "auxiliaries", "adversatives", "particles",
                 "particle_followers", "continuation", "probe_questions", "present_state", "spoken_contrast", "denial")
_LATER_CODE_FIELDS = ("questions", "alone", "alone_exceptions", "cue_exceptions")


@dataclass
class Code:
    id: str
    facet: str                                        # "type" or "theme"
    label: dict[str, str] = field(default_factory=dict)   # language -> label, e.g. {"nl": ..., "en": ...}
    parent: str | None = None                         # id of the parent code in the same facet
    definition: str = ""
    include: str = ""                                 # when to apply
    exclude: str = ""                                 # when not to apply
    examples: list[str] = field(default_factory=list)     # sentences that carry this code
    counter_examples: list[str] = field(default_factory=list)  # sentences that look like it but do not
    cues: list[str] = field(default_factory=list)     # single words, matched on lemmas and compounds
    phrases: list[str] = field(default_factory=list)  # multi-word expressions, matched on lemmas
    patterns: list[str] = field(default_factory=list) # regular expressions on the sentence text
    modality: list[str] = field(default_factory=list) # weaker cues (modal verbs, hedges) that lean to this type
    headings: list[str] = field(default_factory=list) # section headings that set this code (types)
    questions: list[str] = field(default_factory=list) # regexes: an interviewer question asking for this code (types)
    alone: list[str] = field(default_factory=list)     # weak words that code this type alone when nothing points elsewhere (types)
    alone_exceptions: list[str] = field(default_factory=list)  # regexes: spans in which those words do not (types)
    cue_exceptions: list[str] = field(default_factory=list)    # regexes: spans in which this code's words do not count
    color: str | None = None                          # "#RRGGBB", kept for QDA exchange
    codable: bool = True                              # False for grouping categories
    heading_alone: bool = True                        # False: a heading naming this type needs a clue in the sentence too (types)

    def name(self, language: str = "nl") -> str:
        return self.label.get(language) or self.label.get("en") or next(iter(self.label.values()), self.id)


@dataclass
class Amounts:
    """Words for findings stated as an amount ("minder uitval", "weinig ruimte"): see
    :mod:`miner.coding.amounts`."""

    more: list[str] = field(default_factory=list)    # "meer", "vaker", "stijging"
    less: list[str] = field(default_factory=list)    # "minder", "weinig", "daling"
    good: list[str] = field(default_factory=list)    # things of which more is better ("ruimte", "bereik")
    bad: list[str] = field(default_factory=list)     # things of which more is worse ("uitval", "verloop")
    up: str = ""                                     # type of more good or less bad
    down: str = ""                                   # type of less good or more bad
    trends: list[str] = field(default_factory=list)  # regexes with groups old and new: a figure that moved
    contrasts: list[str] = field(default_factory=list)  # regexes with group 'group': "Op scholen waar ..." compared
    burdens: list[str] = field(default_factory=list)    # words that make more a burden: "moeten vaker solliciteren"
    shares: list[str] = field(default_factory=list)     # regexes: a share of a group ("9 van de 12 scholen"), see below
    numbers: dict[str, float] = field(default_factory=dict)    # number words of the shares: "twaalf": 12
    fractions: dict[str, float] = field(default_factory=dict)  # fraction words of the shares: "driekwart": 0.75
    share_skip: list[str] = field(default_factory=list)  # regexes: sentences whose shares are method, not findings
    fixed: list[str] = field(default_factory=list)       # regexes: set expressions whose size word is no amount ("ten minste")


@dataclass
class Continuation:
    """How a paragraph carries a finding into the sentences after it: see
    :func:`miner.coding.rules.rule_pass`."""

    pair: list[str] = field(default_factory=list)      # two opposed types: "success", "barrier"
    markers: list[str] = field(default_factory=list)   # words that make a sentence judge ("niet", "pas", "beter")
    openers: list[str] = field(default_factory=list)   # first words that turn the finding around ("wel", "toch")
    contrasts: list[str] = field(default_factory=list)  # words anywhere that do so ("echter")


@dataclass
class PresentState:
    """How things stand now, told in answer to a question that asks for change ("Nu is het iets
    wat je moet afvinken."): the problem the proposal answers, not the proposal. See
    :func:`miner.coding.rules.rule_pass`."""

    type: str = ""                                        # what such a sentence states: "barrier"
    frames: list[str] = field(default_factory=list)       # the asked-for types it is not: "recommendation"
    markers: list[str] = field(default_factory=list)      # first words that mark the present: "nu"
    openers: list[str] = field(default_factory=list)      # words that may stand before the marker: "en", "maar"
    not_before: list[str] = field(default_factory=list)   # after the marker, these make it the proposal: "moet"


@dataclass
class SpokenContrast:
    """A respondent's sentence that turns against something ("Ik snap die regels wel, maar het
    zorgt ervoor dat ...") with no type word of its own: in a conversation the turn is the
    problem. See :func:`miner.coding.rules.rule_pass`."""

    type: str = ""                                        # what such a sentence states: "barrier"
    markers: list[str] = field(default_factory=list)      # the contrast words: "maar"
    not_after: list[str] = field(default_factory=list)    # a marker followed by one of these is good news: "maar ook"


@dataclass
class Denial:
    """A bare "no" answering a yes-no question about a subject ("Werkt dat met de ouders?" -
    "Nee."): it says the subject does not work. See :func:`miner.coding.rules.rule_pass`."""

    type: str = ""                                        # what such an answer states: "barrier"
    words: list[str] = field(default_factory=list)        # the answer's first word: "nee"


@dataclass
class Codebook:
    name: str
    language: str = "nl"
    version: str = ""
    description: str = ""
    types: list[Code] = field(default_factory=list)
    themes: list[Code] = field(default_factory=list)
    negations: list[str] = field(default_factory=list)       # words that cancel a following type cue ("geen")
    method_patterns: list[str] = field(default_factory=list)  # regexes for method/reading-guide sentences, never coded
    announcement_patterns: list[str] = field(default_factory=list)  # regexes: "doen wij de volgende aanbevelingen.", never coded
    neutral_headings: list[str] = field(default_factory=list)  # headings over mixed content ("Conclusies"): set no type
    source_patterns: list[str] = field(default_factory=list)  # regexes for who says it ("volgens de decanen"): not a theme
    programme_patterns: list[str] = field(default_factory=list)  # regexes naming the evaluated programme ("de subsidie")
    neutral_questions: list[str] = field(default_factory=list)  # regexes: interviewer questions that frame no type
    probe_questions: list[str] = field(default_factory=list)  # regexes: "Hoe komt dat?", asking more about the answer before
    affirmations: list[str] = field(default_factory=list)  # words that, as a short answer, say yes to the question
    anaphora: list[str] = field(default_factory=list)  # opening words that continue the previous sentence's theme ("dit")
    follow_up_patterns: list[str] = field(default_factory=list)  # regexes: a sentence explaining the finding before it
    concession_patterns: list[str] = field(default_factory=list)  # regexes: a conceded clause ("hoewel ..., "), no type
    amounts: Amounts | None = None                    # findings stated as more or less of something
    auxiliaries: list[str] = field(default_factory=list)  # may stand inside a phrase before its last word ("is gelukt")
    adversatives: list[str] = field(default_factory=list)  # "maar": the clause after it outweighs the one before
    particles: list[str] = field(default_factory=list)  # of separable verbs: "vallen ... uit" is "uitvallen"
    particle_followers: list[str] = field(default_factory=list)  # may follow a clause-final particle ("dan")
    continuation: Continuation | None = None          # a judging sentence after a finding continues it
    present_state: PresentState | None = None         # "Nu ..." answering "what should change": the problem
    spoken_contrast: SpokenContrast | None = None     # a respondent's "maar ..." with no type word: the problem
    denial: Denial | None = None                      # a bare "Nee." to a yes-no question about a subject
    source: str = ""                                  # file it was loaded from (not part of the hash)

    @property
    def codes(self) -> list[Code]:
        return [*self.types, *self.themes]

    def get(self, code_id: str) -> Code:
        for c in self.codes:
            if c.id == code_id:
                return c
        raise KeyError(code_id)

    def type_ids(self) -> list[str]:
        return [c.id for c in self.types if c.codable]

    def theme_ids(self) -> list[str]:
        return [c.id for c in self.themes if c.codable]

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("source")
        # Fields added later are left out while empty, so older codebooks keep their content hash.
        for key in _LATER_FIELDS:
            if not d[key]:
                d.pop(key)
        if d.get("amounts") is not None and not d["amounts"]["fixed"]:
            d["amounts"].pop("fixed")
        for facet in ("types", "themes"):
            for c in d[facet]:
                for key in _LATER_CODE_FIELDS:
                    if not c[key]:
                        c.pop(key)
                if c["heading_alone"]:
                    c.pop("heading_alone")
        return d

    def hash(self) -> str:
        """Content hash: the same codebook gives the same hash wherever it was loaded from."""
        blob = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(blob).hexdigest()[:16]
