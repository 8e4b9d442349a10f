"""What a rule pass finds for one passage, and the constants that weigh it.

Shared by the pass over a document's structure (``rules``) and the passes over a conversation
(``conversation``): every weight is a readable constant, nothing here is fitted to data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

HEADING_WEIGHT = 1.2          # a section title naming a type: enough alone, but explicit sentence evidence (a phrase) outweighs it
HEADING_CLUE_WEIGHT = 0.95    # a title of a type that is not enough alone (heading_alone: false): any clue of the sentence's tips it
LEAD_IN_WEIGHT = 1.3          # a list's lead-in sentence: nearer than any heading
QUESTION_WEIGHT = 1.1         # an interviewer's question frames the answers, like a heading frames a section
TURN_WEIGHT = 1.0            # the type a respondent's turn states, for its sentences that state none
AGREE_WEIGHT = 1.0           # a bare "Ja." takes the type of the sentence it agrees with
QUESTION_THEME_WEIGHT = 0.8   # the question's theme, for its answers ("Dat ging goed.", and those naming their own)
THEME_HEADING_WEIGHT = 0.8
INHERITED_DISCOUNT = 0.5      # share of a heading's or lead-in's weight lost against the sentence's own evidence
CARRY_WEIGHT = 0.6            # a theme carried over from the previous sentence ("Dit", "Hierdoor")
TYPE_THRESHOLD = 1.0          # below this the passage gets no type
THEME_THRESHOLD = 0.8
THEME_RELATIVE = 0.34        # themes scoring under a third of the best theme are dropped
MAX_THEMES = 3
TOPIC_WINDOW = 20             # sentences back a themeless turn looks for what the talk was about
MAIN_THEME_SHARE = 0.25       # a document's main theme holds at least this share of its themed sentences
WEAK_THEME = 0.4              # one weak cue (a theme's "modality" words) is enough as a last resort
LEAD_FROM_PREVIOUS = True     # an untyped lead-in passes on the type of the sentence before it
TYPE_CARRY_WEIGHT = 1.0       # an explanation or consequence of the previous finding ("Dit komt doordat ...")
CONTINUE_WEIGHT = 1.0         # a judging sentence continuing the paragraph's finding: enough alone
NEGATION_WINDOW = 3
MIN_TOKENS = 3
# Evidence the sentence itself gives, as opposed to its context. An amount ("meer aandacht") is not
# among it: under an advice heading it is the advice, so it does not outweigh the structure.
OWN = ("cue", "phrase", "pattern")
WORDED = ("exact", "lemma", "inflected", "part", "compound", "phrase")   # hits that are the codebook's words


@dataclass
class RuleResult:
    skip: str | None = None                            # why it is not coded at all
    type_scores: dict[str, float] = field(default_factory=dict)
    type_evidence: dict[str, list[str]] = field(default_factory=dict)
    theme_scores: dict[str, float] = field(default_factory=dict)
    theme_evidence: dict[str, list[str]] = field(default_factory=dict)
    heading_type: str | None = None
    heading_weight: float = 0.0                        # what the heading added to heading_type's score
    lead_type: str | None = None
    question_type: str | None = None
    question_themes: dict[str, float] = field(default_factory=dict)
    neutral_question: bool = False                     # answers an introduction, consent or closing question
    topic: list[tuple[str, float]] = field(default_factory=list)   # a themeless turn: what the talk was about just before
    own_type_scores: dict[str, float] = field(default_factory=dict)   # before any heading, list or question
    themes_from_source: bool = False                   # every theme cue named who says it ("Een teamleider: '...'")
    negated: list[str] = field(default_factory=list)   # types whose cue was negated
    alone_type: str | None = None                      # a type whose weak word is enough alone ("niet", "geen")
    tokens: list[str] = field(default_factory=list)
    lemmas: list[str] = field(default_factory=list)

    def best_type(self) -> tuple[str, float] | None:
        if not self.type_scores:
            return None
        # Equal scores: the alphabetically first id, so the outcome never depends on hash order.
        code, s = max(sorted(self.type_scores.items()), key=lambda kv: kv[1])
        if s >= TYPE_THRESHOLD:
            return code, s
        if self.alone_type is not None and self.type_scores.get(self.alone_type) == s and all(
                c == self.alone_type or v < s or all(e.startswith("modality") for e in self.type_evidence.get(c, ()))
                for c, v in self.type_scores.items()):
            # "Mbo-studenten lopen minder vaak mee": saying that something is not there or less
            # is a barrier, unless some other type has as much to say; an everyday modal ("Ik ben
            # niet meegegaan, ik moest werken") does not.
            return self.alone_type, s
        return None

    def themes(self) -> list[tuple[str, float]]:
        if not self.theme_scores:
            return []
        top = max(self.theme_scores.values())
        ranked = sorted(self.theme_scores.items(), key=lambda kv: (-kv[1], kv[0]))
        keep = [(c, s) for c, s in ranked if s >= THEME_THRESHOLD and s >= THEME_RELATIVE * top]
        if not keep and ranked[0][1] >= WEAK_THEME:
            # A typed sentence always says something about some theme: the best weak clue beats none.
            keep = ranked[:1]
        return keep[:MAX_THEMES]


def explicit_scores(r: RuleResult) -> dict[str, float]:
    """Type scores backed by the sentence's own cue, phrase or pattern."""
    return {c: v for c, v in r.type_scores.items()
            if any(e.startswith(OWN) for e in r.type_evidence.get(c, []))}


def clear_winner(totals: dict[str, float]) -> str | None:
    """The code with the highest total, or None when there is none or two share it (a turn that
    says as much for two codes says neither)."""
    if not totals:
        return None
    ranked = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0][0]


def best_own(r: RuleResult) -> str | None:
    b = r.best_type()
    return b[0] if b else None


def short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"
