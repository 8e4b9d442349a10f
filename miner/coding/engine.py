"""Code passages against a codebook: rules, optionally blended with a learned model.

``code_passages`` is the per-document, pure entry point; ``miner.coding.run.code_run`` drives a
whole batch with the project store.
"""

from __future__ import annotations

import math

from ..codebook import Codebook
from ..model import Coding, Passage
from ..settings import Settings
from .rules import RuleResult, compile_codebook, rule_pass


def squash(x: float) -> float:
    """Map an unbounded rule score to 0..1 (1 -> 0.5, 2 -> 0.67, 4 -> 0.8)."""
    return 0.0 if x <= 0 else x / (x + 1.0)


def code_passages(
    passages: list[Passage], codebook: Codebook, settings: Settings | None = None, model=None
) -> list[Coding]:
    """Codings for one document's passages (in passage order): one type and 1+ themes each."""
    settings = settings or Settings()
    if not passages:
        return []
    cc = compile_codebook(codebook)
    rules = rule_pass(passages, cc, settings.code_interviewer)
    decisions = [_rule_decision(r) for r in rules]
    if model is not None:
        # In a conversation the rules' frames (the question, the speaker's turn) are evidence a
        # model of single sentences does not see: where they code a turn, they decide; the model
        # codes the turns they leave uncoded ("Mijn vader was boos."). In a report the model
        # decides, unless it is only to fill turns. Answers to an introduction or a closing
        # question ("Willen jullie jezelf even voorstellen?") are left to the rules' cues: there a
        # model of single sentences reads a name and a study programme as a finding.
        turns_only = isinstance(model, UncodedTurns)
        to_model = [(p.kind == "turn" and mine is None and not r.skip and not r.neutral_question)
                    or (p.kind != "turn" and not turns_only)
                    for p, mine, r in zip(passages, decisions, rules)]
        if any(to_model):          # a report under --model auto has nothing to fill: no model run
            theirs = model.decide(passages, rules, cc)
            decisions = [d if take else mine for take, mine, d in zip(to_model, decisions, theirs)]
    out: list[Coding] = []
    for p, r, d in zip(passages, rules, decisions):
        if d is None:
            continue
        type_id, type_score, themes, method, extra = d
        t_ev = "; ".join(r.type_evidence.get(type_id, [])) or "no rule evidence"
        for theme_id, theme_score in themes:
            th_ev = (", ".join(r.theme_evidence.get(theme_id, []))
                     or ("theme of the conversation before it" if any(c == theme_id for c, _ in r.topic) else "no rule evidence"))
            evidence = f"type {type_id}: {t_ev}; theme {theme_id}: {th_ev}"
            if extra:
                evidence += f"; {extra}"
            score = math.sqrt(max(type_score, 0.0) * max(theme_score, 0.0))
            out.append(Coding(
                document=p.document, passage_id=p.passage_id, type=type_id, theme=theme_id,
                score=round(min(1.0, score), 4), method=method, evidence=evidence,
            ))
    return out


class UncodedTurns:
    """A model used only where it was measured to help: the interview turns the rules leave
    uncoded. Respondents often say what they mean without a cue word ("Mijn vader was boos."); in
    reports the rules alone do better than rules and the shipped model together, so reports stay
    rules only. This is what ``--model auto`` (the default) gives when the codebook ships a model.
    """

    scope = "uncoded interview turns"

    def __init__(self, model) -> None:
        self.model = model

    def decide(self, passages, rules, cc):
        return self.model.decide(passages, rules, cc)

    def hash(self) -> str:
        return "turns-" + self.model.hash()

    def __getattr__(self, name: str):
        # source, codebook, trained_on, use_rules, blend: the wrapped model's, for run records
        if name == "model":
            raise AttributeError(name)
        return getattr(self.model, name)


def _rule_decision(r: RuleResult):
    if r.skip:
        return None
    best = r.best_type()
    if best is None:
        return None
    themes = r.themes()
    if not themes:
        return None
    type_id, s = best
    return type_id, squash(s), [(c, squash(v)) for c, v in themes], "rules", ""
