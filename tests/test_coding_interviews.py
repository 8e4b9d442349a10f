"""Rule coding of interview transcripts: question frames, short answers, spoken judgements, turns.

Every snippet is invented for these tests. A transcript is a list of turns; each turn is one block
of one or more sentences, the interviewer's role comes from the speaker map as in a run.
"""

from __future__ import annotations

import pytest

from miner.codebook_io import load_codebook, save_codebook
from miner.coding import code_passages
from miner.coding.cues import CueIndex
from miner.coding.lemmas import lemmas, tokens
from miner.errors import CodebookError
from miner.model import Passage

INTERVIEWER = "Onderzoeker"


@pytest.fixture(scope="module")
def lob():
    return load_codebook("lob")


def transcript(*turns):
    """Passages from (speaker, [sentences]) turns; the speaker "Onderzoeker" is the interviewer."""
    out = []
    for block, (speaker, sentences) in enumerate(turns):
        for text in sentences:
            i = len(out)
            out.append(Passage(document="t", passage_id=f"t:{i:05d}", index=i, kind="turn", text=text,
                               start=0, end=len(text), speaker=speaker, block=block,
                               role="interviewer" if speaker == INTERVIEWER else "respondent"))
    return out


def coded(lob, passages):
    """{sentence text: (type, sorted themes)} for every coded sentence."""
    by_id = {p.passage_id: p.text for p in passages}
    out: dict[str, tuple[str, list[str]]] = {}
    for c in code_passages(passages, lob):
        t, themes = out.get(by_id[c.passage_id], (c.type, []))
        out[by_id[c.passage_id]] = (t, sorted({*themes, c.theme}))
    return out


def evidence(lob, passages, text):
    return " | ".join(c.evidence for c in code_passages(passages, lob)
                      if c.passage_id == next(p.passage_id for p in passages if p.text == text))


# -- the question's type -----------------------------------------------------------------------

@pytest.mark.parametrize("question, expected", [
    ("Wat zou de school volgens u anders moeten doen?", "recommendation"),
    ("Wat kan de gemeente beter doen?", "recommendation"),
    ("Wat moet er in elk geval blijven na dit schooljaar?", "recommendation"),
    ("Wat zou helpen?", "recommendation"),            # a cue for success ("helpen"), but it asks for proposals
    ("Wat moet er zijn om dat te laten lukken?", "precondition"),   # "lukken" is success, but it asks what must be in place
    ("Wat werkte er goed in de proefperiode?", "success"),
    ("Wat heeft u het meest geholpen?", "success"),
    ("Wat liep er niet goed?", "barrier"),
    ("Waar lopen jullie tegenaan?", "barrier"),
    ("Wat was er nodig om dat te bereiken?", "precondition"),
    ("Wat vonden jullie het leukst aan de voorlichting?", "success"),
    ("Wat vonden jullie minder goed aan de voorlichting?", "barrier"),
    ("Heeft u nog tips voor andere scholen?", "recommendation"),
    ("Hoe heeft de lockdown de voorlichting veranderd?", "barrier"),
])
def test_a_verbless_answer_takes_the_type_the_question_asks_for(lob, question, expected):
    answer = "De ouders eerder betrekken bij de keuze."
    got = coded(lob, transcript((INTERVIEWER, [question]), ("Sanne", [answer])))
    assert got[answer][0] == expected and "parents" in got[answer][1]


@pytest.mark.parametrize("question", [
    "Kunnen jullie je eerst even voorstellen?",     # "voorstellen" is no proposal here
    "Mag ik dit gesprek opnemen?",
    "Hoe laat beginnen de lessen bij jullie?",      # names no type at all
    "Wat werkt er goed en wat kan er beter?",       # asks for two types: frames neither
    "Wat werkt goed en wat niet?",
])
def test_questions_that_ask_for_no_single_type_frame_nothing(lob, question):
    answer = "De ouders eerder betrekken bij de keuze."
    assert answer not in coded(lob, transcript((INTERVIEWER, [question]), ("Sanne", [answer])))


def test_a_question_without_its_question_mark_still_frames(lob):
    # Speech-to-text often drops the "?"; an interrogative template still recognises the question.
    answer = "De ouders eerder betrekken bij de keuze."
    got = coded(lob, transcript((INTERVIEWER, ["Oké. Wat zou de school anders moeten doen"]), ("Sanne", [answer])))
    assert got[answer] == ("recommendation", ["parents"])
    told = coded(lob, transcript((INTERVIEWER, ["Ik wil het nu over de ouders hebben."]), ("Sanne", [answer])))
    assert answer not in told


def test_the_frame_ends_when_the_interviewer_speaks_again(lob):
    answer = "De ouders eerder betrekken bij de keuze."
    t = transcript((INTERVIEWER, ["Wat zou de school anders moeten doen?"]), ("Sanne", ["Geen idee eigenlijk."]),
                   (INTERVIEWER, ["Dank u wel."]), ("Sanne", [answer]))
    assert answer not in coded(lob, t)


def test_the_sentences_own_evidence_beats_the_questions_type(lob):
    own = "De planning van de stages was echt frustrerend voor de bedrijven."
    plain = "De stages bij de bedrijven in de buurt."
    got = coded(lob, transcript((INTERVIEWER, ["Wat werkte er goed bij de stages?"]), ("Sanne", [own]),
                                ("Joost", [plain])))
    assert got[own][0] == "barrier"
    assert got[plain][0] == "success"


def test_weak_words_for_the_questions_type_do_not_outweigh_a_cue_for_another(lob):
    # "graag" and "meer" lean to recommendation, but "drempel" says what the sentence is.
    s = "Veel ouders willen graag meer doen, maar de taal is een drempel."
    got = coded(lob, transcript((INTERVIEWER, ["Wat zou helpen?"]), ("Sanne", [s])))
    # (the parents' language is a clue of equal opportunity too)
    assert got[s] == ("barrier", ["equal_opportunity", "parents"])


# -- short answers -----------------------------------------------------------------------------

def test_a_one_word_answer_that_names_something_is_coded(lob):
    t = transcript((INTERVIEWER, ["Wat is volgens u het belangrijkste wat de regio zou moeten doen?"]),
                   ("Sanne", ["Werkdruk.", "Echt."]))
    got = coded(lob, t)
    assert got["Werkdruk."] == ("recommendation", ["capacity_resources"])
    assert "Echt." not in got                        # emphasis names nothing


def test_yes_to_a_framed_question_carries_its_type_and_theme_and_no_does_not(lob):
    q = "Is de werkdruk van mentoren volgens jullie een belemmering?"
    got = coded(lob, transcript((INTERVIEWER, [q]), ("Sanne", ["Ja, zeker."]), ("Joost", ["Nee."])))
    assert got["Ja, zeker."] == ("barrier", ["capacity_resources"])
    assert "Nee." not in got


def test_short_answers_to_an_unframed_question_stay_uncoded(lob):
    got = coded(lob, transcript((INTERVIEWER, ["Merken jullie verschil bij de mentoren?"]), ("Sanne", ["Ja, zeker."]),
                                ("Joost", ["Werkdruk."])))
    assert got == {}


# -- themes from the question and the turn -------------------------------------------------------

def test_a_spoken_sentence_carries_on_every_theme_of_the_one_before(lob):
    first = "We hebben een zomerschool, die helpt echt bij de overstap naar het mbo."
    then = "Daar oefenen ze met plannen en leren ze elkaar kennen."
    t = transcript((INTERVIEWER, ["Wat helpt die groep?"]), ("Fatima", [first, then]))
    got = coded(lob, t)
    assert got[first][1] == got[then][1] == ["collaboration_chain", "equal_opportunity"]
    assert "carried from the previous sentence" in evidence(lob, t, then)


def test_an_anaphoric_answer_gets_the_questions_theme(lob):
    t = transcript((INTERVIEWER, ["Dan de ouderavonden.", "Wat ging daar goed?"]), ("Sanne", ["Dat liep echt prima."]))
    got = coded(lob, t)
    assert got["Dat liep echt prima."] == ("success", ["parents"])
    assert "theme of the question" in evidence(lob, t, "Dat liep echt prima.")


def test_an_answer_naming_its_own_theme_keeps_it_and_the_questions(lob):
    # Asked about the parents' evenings, the answer is about them too, whatever else it names.
    answer = "De gastlessen van werkgevers waren het sterkst."
    t = transcript((INTERVIEWER, ["Wat ging er goed bij de ouderavonden?"]), ("Sanne", [answer]))
    assert coded(lob, t)[answer] == ("success", ["labour_market", "parents"])
    assert "theme of the question" in evidence(lob, t, answer)
    # A question naming no theme adds none.
    t = transcript((INTERVIEWER, ["Wat ging er goed?"]), ("Sanne", [answer]))
    assert coded(lob, t)[answer] == ("success", ["labour_market"])
    # a weak word of the answer's own for the question's theme ("mentor") does not make it count less
    answer = "Het is lastig, de mentor heeft er geen uren voor."
    t = transcript((INTERVIEWER, ["Hoe zit het met de scholing van de mentoren?"]), ("Sanne", [answer]))
    assert coded(lob, t)[answer] == ("barrier", ["capacity_resources", "professionalisation"])


def test_a_speaker_carries_one_point_over_two_sentences(lob):
    first, then = "De ouders komen bijna nooit naar de ouderavond.", "De mentoren hebben gewoon geen uren om ze te bellen."
    t = transcript((INTERVIEWER, ["Wat gaat er mis?"]), ("Ravi", [first, then]))
    assert coded(lob, t)[then] == ("barrier", ["capacity_resources", "parents"])
    assert "theme of the speaker's sentence before" in evidence(lob, t, then)
    # said by someone else, it is a point of its own
    t = transcript((INTERVIEWER, ["Wat gaat er mis?"]), ("Ravi", [first]), ("Noor", [then]))
    assert coded(lob, t)[then] == ("barrier", ["capacity_resources"])
    # after a sentence about two things, nothing is carried
    both = "De ouders en de werkgevers komen bijna nooit naar de ouderavond."
    t = transcript((INTERVIEWER, ["Wat gaat er mis?"]), ("Ravi", [both, then]))
    assert len(coded(lob, t)[both][1]) == 2 and coded(lob, t)[then] == ("barrier", ["capacity_resources"])


def test_a_spoken_judging_word_about_a_named_subject_is_the_finding(lob):
    import copy

    said = "De ouderavond in het voorjaar was beter."
    t = transcript((INTERVIEWER, ["Hoe was dat voor jou?"]), ("Ravi", [said]))
    assert coded(lob, t)[said] == ("success", ["parents"])
    assert "a judging word about a subject the speaker names" in evidence(lob, t, said)
    # only for the codebook's opposed pair (success, barrier): without it the word stays weak
    plain = copy.deepcopy(lob)
    plain.continuation = None
    assert said not in coded(plain, t)
    # no subject named, nothing judged; and a report's weak word stays weak
    t = transcript((INTERVIEWER, ["Hoe was dat voor jou?"]), ("Ravi", ["Die was beter."]))
    assert "Die was beter." not in coded(lob, t)
    report = [Passage(document="r", passage_id="r:0", index=0, kind="paragraph", text=said, start=0, end=len(said),
                      section=("3 Bevindingen",), block=0)]
    assert code_passages(report, lob) == []


def test_a_turn_lends_its_type_and_theme_to_its_sentences_without_evidence(lob):
    t = transcript((INTERVIEWER, ["Hoe verliep de overstap?"]),
                   ("Sanne", ["De warme overdracht naar het vervolgonderwijs was lastig.", "Daarna hoorden we er maanden niks meer over."]))
    got = coded(lob, t)
    assert got["Daarna hoorden we er maanden niks meer over."] == ("barrier", ["collaboration_chain"])


def test_a_turn_with_two_points_lends_no_type(lob):
    t = transcript((INTERVIEWER, ["Hoe verliep de overstap?"]),
                   ("Sanne", ["De warme overdracht was lastig.", "De intake was wel nuttig.",
                              "Daarna kregen we een andere mentor."]))
    assert "Daarna kregen we een andere mentor." not in coded(lob, t)


def test_an_interviewers_statement_is_not_coded_and_lends_nothing(lob):
    t = transcript((INTERVIEWER, ["De stages waren echt geweldig, hoor ik vaak."]),
                   ("Sanne", ["Daarna hoorden we er maanden niks meer over."]))
    assert coded(lob, t) == {}


# -- spoken judgements ---------------------------------------------------------------------------

@pytest.mark.parametrize("sentence, expected", [
    ("Die meeloopdagen zijn echt goed voor de leerlingen.", "success"),
    ("Leerlingen vinden de snuffelstages geweldig.", "success"),
    ("Het is zonde dat de ouderavond zo rommelig was.", "barrier"),
    ("Die nieuwe planning van de stages werkt niet.", "barrier"),
    ("Jammer genoeg kwamen er weinig ouders.", "barrier"),
])
def test_spoken_judgements_type_a_sentence_without_any_question(lob, sentence, expected):
    assert coded(lob, transcript(("Sanne", [sentence])))[sentence][0] == expected


@pytest.mark.parametrize("sentence", [
    "Het zou veel beter zijn als de mentoren meer uren kregen.",
    "Als de training op school was, dan zou dat een stuk makkelijker zijn voor de mentoren.",
    "Ik zou de gemeente echt willen vragen om de financiering te regelen.",
])
def test_a_proposal_put_as_a_hypothetical_is_a_recommendation(lob, sentence):
    assert coded(lob, transcript(("Sanne", [sentence])))[sentence][0] == "recommendation"


def test_a_hypothetical_effect_without_a_speaker_is_not_a_proposal(lob):
    s = "Leerlingen zouden daardoor beter voorbereid zijn op de keuze voor een vervolgopleiding."
    assert coded(lob, transcript(("Sanne", [s]))).get(s, ("none",))[0] != "recommendation"


def test_a_denied_spoken_judgement_is_not_a_success(lob):
    s = "De voorlichting aan ouders was niet geweldig."
    got = coded(lob, transcript(("Sanne", [s])))
    assert got.get(s, ("none",))[0] != "success"


# -- words in other senses -----------------------------------------------------------------------

def _types(lob, text):
    toks = tokens(text)
    return {(h.code, h.cue) for h in CueIndex(lob.types).match(toks, lemmas(toks), text)}


def test_a_comparative_is_not_the_plain_phrase(lob):
    assert ("barrier", "niet veel") in _types(lob, "Er komen niet veel ouders.")
    assert ("barrier", "niet veel") not in _types(lob, "We zitten niet meer op ons eigen eiland.")
    assert ("success", "echt goed") not in _types(lob, "Het ging echt beter dan vorig jaar.")
    assert ("success", "echt goed") in _types(lob, "Het ging echt goed dit jaar.")


def test_needing_is_a_precondition_but_those_who_need_it_are_not(lob):
    need = "We hebben meer uren voor de mentoren nodig."
    who = "De leerlingen die het het hardst nodig hebben, vallen tussen wal en schip."
    got = coded(lob, transcript(("Sanne", [need]), ("Joost", [who])))
    assert got[need][0] == "precondition"
    assert got.get(who, ("none",))[0] != "precondition"


def test_reports_are_not_framed_by_questions_in_their_text(lob):
    # A report's rhetorical question is not an interviewer's: the paragraph after it is not framed.
    ps = [Passage(document="r", passage_id=f"r:{i:05d}", index=i, kind="paragraph", text=t, start=0, end=len(t), block=i)
          for i, t in enumerate(["Wat zou de school anders moeten doen?", "De ouders eerder betrekken bij de keuze."])]
    assert code_passages(ps, lob) == []


# -- the codebook fields -------------------------------------------------------------------------

def test_interview_fields_survive_save_and_load(lob, tmp_path):
    again = load_codebook(save_codebook(lob, tmp_path / "lob-copy.yaml"))
    assert again.neutral_questions == lob.neutral_questions and again.affirmations == lob.affirmations
    assert [c.questions for c in again.types] == [c.questions for c in lob.types]
    assert again.hash() == lob.hash()


def test_a_codebook_without_interview_fields_codes_no_frames_and_keeps_its_hash(lob, tmp_path):
    path = tmp_path / "mini.yaml"
    path.write_text("name: mini\nlanguage: nl\ntypes:\n  - id: advies\n    cues: [advies]\n"
                    "themes:\n  - id: ouders\n    cues: [ouder]\n", encoding="utf-8")
    cb = load_codebook(path)
    d = cb.to_dict()
    assert "neutral_questions" not in d and "questions" not in d["types"][0]
    t = transcript((INTERVIEWER, ["Wat is uw advies?"]), ("Sanne", ["De ouders eerder betrekken."]))
    # No templates: the question's own cue ("advies") still frames the answer.
    assert [(c.type, c.theme) for c in code_passages(t, cb)] == [("advies", "ouders")]


def test_a_broken_question_template_is_refused_with_file_and_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("name: bad\nlanguage: nl\ntypes:\n  - id: advies\n    questions: ['\\bwat (zou']\n"
                    "themes:\n  - id: ouders\n", encoding="utf-8")
    with pytest.raises(CodebookError) as err:
        load_codebook(path)
    msg = str(err.value)
    assert "bad.yaml" in msg and "questions" in msg and ":5" in msg


# -- probes and the interviewer's whole turn ---------------------------------------------------------

def test_a_probe_frames_what_the_answer_before_it_was(lob):
    t = transcript((INTERVIEWER, ["Hoe is het contact met de school tijdens de stage?"]),
                   ("Ruud", ["Matig.", "Als er onderweg iets misgaat, is de begeleiding van de stagedocent niet genoeg."]),
                   (INTERVIEWER, ["Hoe komt dat, denk je?"]),
                   ("Ruud", ["De stagedocenten hebben veel te veel studenten."]),
                   ("Sanne", ["En de stagedocenten van het college wisselen elk halfjaar."]))
    got = coded(lob, t)
    assert got["En de stagedocenten van het college wisselen elk halfjaar."][0] == "barrier"
    assert "answer to 'Hoe komt dat, denk je?'" in evidence(lob, t, "En de stagedocenten van het college wisselen elk halfjaar.")


def test_a_bare_mixed_verdict_is_not_coded(lob):
    # The codebook sets a mixed verdict with nothing after it aside ("De reacties waren wisselend."):
    # spoken as a fragment, it is not a finding either; the detail after it is.
    t = transcript((INTERVIEWER, ["Hoe is het contact met de school tijdens de stage?"]),
                   ("Ruud", ["Wisselend.", "Er is te weinig contact met de stagedocent."]))
    got = coded(lob, t)
    assert "Wisselend." not in got
    assert got["Er is te weinig contact met de stagedocent."][0] == "barrier"


def test_without_the_probe_the_same_answer_is_not_coded(lob):
    t = transcript((INTERVIEWER, ["Hoe is het contact met de school tijdens de stage?"]),
                   ("Ruud", ["Matig.", "Als er onderweg iets misgaat, is de begeleiding van de stagedocent niet genoeg."]),
                   (INTERVIEWER, ["Hoe zijn de stagedocenten ingedeeld?"]),
                   ("Sanne", ["En de stagedocenten van het college wisselen elk halfjaar."]))
    assert "En de stagedocenten van het college wisselen elk halfjaar." not in coded(lob, t)


def test_a_probe_repeats_a_typed_question_and_frames_nothing_when_first(lob):
    t = transcript((INTERVIEWER, ["Wat heeft jullie geholpen bij de keuze?"]),
                   ("Fleur", ["De meeloopdag op het college."]),
                   (INTERVIEWER, ["En jij?"]),
                   ("Jesse", ["Het gesprek met mijn mentor over mijn stage."]))
    assert coded(lob, t)["Het gesprek met mijn mentor over mijn stage."][0] == "success"
    first = transcript((INTERVIEWER, ["En jij?"]), ("Jesse", ["Het gesprek met mijn mentor over mijn stage."]))
    assert coded(lob, first) == {}


@pytest.mark.parametrize("more", ["Nog meer?", "Wat nog meer?", "Nog iets voor de mentoren?", "En wat anders?"])
def test_asking_for_more_of_the_same_keeps_the_questions_frame(lob, more):
    said = "Dat ze vaker op stage komen kijken bij de leerlingen."
    t = transcript((INTERVIEWER, ["Wat zou de school anders moeten doen?"]),
                   ("Fleur", ["Meer gastlessen van mensen uit het werkveld."]),
                   (INTERVIEWER, [more]),
                   ("Jesse", [said]))
    assert coded(lob, t)[said][0] == "recommendation"
    alone = transcript((INTERVIEWER, [more]), ("Jesse", [said]))
    assert coded(lob, alone).get(said, ("none",))[0] != "recommendation"


def test_a_template_earlier_in_the_interviewers_turn_frames_its_question(lob):
    t = transcript((INTERVIEWER, ["Stel dat jullie iets mochten veranderen aan hoe de school de stages regelt.", "Wat zou dat zijn?"]),
                   ("Ruud", ["Eerder beginnen met het koppelen van studenten aan bedrijven."]))
    assert coded(lob, t)["Eerder beginnen met het koppelen van studenten aan bedrijven."][0] == "recommendation"


@pytest.mark.parametrize("question, expected", [
    ("Als jullie terugkijken: wat had jullie geholpen om beter te kiezen?", "recommendation"),
    ("Wat heeft jullie geholpen om beter te kiezen?", "success"),
])
def test_what_would_have_helped_is_a_wish(lob, question, expected):
    t = transcript((INTERVIEWER, [question]), ("Milan", ["Een dag meelopen in een gewone les op het college."]))
    assert coded(lob, t)["Een dag meelopen in een gewone les op het college."][0] == expected


def test_a_probe_stays_on_the_subject_of_the_answer_before_it(lob):
    t = transcript((INTERVIEWER, ["Hoe gaat het met de warme overdracht naar het mbo?"]),
                   ("Esra", ["Met het ROC gaat de overdracht slecht, de formulieren komen te laat."]),
                   (INTERVIEWER, ["Hoe kan dat?"]),
                   ("Esra", ["Niemand voelt zich er echt verantwoordelijk voor."]))
    got = coded(lob, t)
    assert got["Niemand voelt zich er echt verantwoordelijk voor."] == ("barrier", ["collaboration_chain"])
    assert "theme of the question" in evidence(lob, t, "Niemand voelt zich er echt verantwoordelijk voor.")


# -- a model beside the rules -------------------------------------------------------------------

class _EveryPassage:
    """A model that codes every passage the rules do not skip the same way (as a model does, it
    leaves skipped passages alone): enough to see who decides where."""

    def decide(self, passages, rules, cc):
        return [None if r.skip else ("recommendation", 0.9, [("parents", 0.9)], "rules+model", "model p=0.90")
                for r in rules]


def test_with_a_model_the_rules_decide_the_turns_they_code_and_the_model_the_rest(lob):
    t = transcript((INTERVIEWER, ["Wat heeft jullie geholpen bij het kiezen?"]),
                   ("Fleur", ["De meeloopdag op het college was echt waardevol."]),
                   (INTERVIEWER, ["Wat zeiden jullie ouders ervan?"]),
                   ("Milan", ["Mijn vader was boos."]))
    got = {c.passage_id: (c.type, c.theme, c.method) for c in code_passages(t, lob, model=_EveryPassage())}
    rules_only = {c.passage_id: (c.type, c.theme, c.method) for c in code_passages(t, lob)}
    fleur, milan = t[1].passage_id, t[3].passage_id
    assert got[fleur] == rules_only[fleur] and got[fleur][2] == "rules"
    assert milan not in rules_only and got[milan] == ("recommendation", "parents", "rules+model")
    # interviewer turns stay uncoded whatever the model says
    assert t[0].passage_id not in got and t[2].passage_id not in got


def test_in_a_report_the_model_decides_as_before(lob):
    text = "De meeloopdag op het college was echt waardevol volgens de leerlingen."
    p = Passage(document="r", passage_id="r:0", index=0, kind="paragraph", text=text, start=0, end=len(text),
                section=("3 Bevindingen",), block=0)
    assert [(c.type, c.theme) for c in code_passages([p], lob, model=_EveryPassage())] == [("recommendation", "parents")]


class _Counting(_EveryPassage):
    calls = 0

    def decide(self, passages, rules, cc):
        _Counting.calls += 1
        return super().decide(passages, rules, cc)

    def hash(self):
        return "counting"


def test_turns_only_model_fills_uncoded_turns_and_leaves_reports_to_the_rules(lob):
    from miner.coding.engine import UncodedTurns

    t = transcript((INTERVIEWER, ["Wat zeiden jullie ouders ervan?"]),
                   ("Milan", ["Mijn vader was boos."]))
    got = {c.passage_id: (c.type, c.theme) for c in code_passages(t, lob, model=UncodedTurns(_Counting()))}
    assert got == {t[1].passage_id: ("recommendation", "parents")}

    text = "Veel mentoren hebben het druk."      # a report sentence the rules leave uncoded
    p = Passage(document="r", passage_id="r:0", index=0, kind="paragraph", text=text, start=0, end=len(text),
                section=("3 Bevindingen",), block=0)
    coded_sentence = "De meeloopdag op het college was echt waardevol volgens de leerlingen."
    q = Passage(document="r", passage_id="r:1", index=1, kind="paragraph", text=coded_sentence, start=0,
                end=len(coded_sentence), section=("3 Bevindingen",), block=1)
    before = _Counting.calls
    assert code_passages([p, q], lob, model=UncodedTurns(_Counting())) == code_passages([p, q], lob)
    assert _Counting.calls == before        # a report never runs the model


def test_answers_to_an_introduction_are_left_to_the_rules(lob):
    from miner.coding.engine import UncodedTurns

    intro = transcript((INTERVIEWER, ["Zouden jullie jezelf even kort willen voorstellen?"]),
                       ("Noor", ["Noor, tweede jaar Bouwkunde, en daarvoor een jaar Commerciële economie."]))
    assert code_passages(intro, lob, model=UncodedTurns(_EveryPassage())) == []
    asked = transcript((INTERVIEWER, ["Hoe ging je overstap?"]),
                       ("Noor", ["Noor, tweede jaar Bouwkunde, en daarvoor een jaar Commerciële economie."]))
    assert len(code_passages(asked, lob, model=UncodedTurns(_EveryPassage()))) == 1


def test_a_themeless_turn_the_model_codes_is_about_what_the_talk_was_about(lob):
    from miner.coding.engine import UncodedTurns
    from miner.coding.learned import default_model
    from miner.coding.rules import compile_codebook, rule_pass

    said = "Eigenlijk heeft niemand het me uitgelegd."
    t = transcript((INTERVIEWER, ["Hoe verloopt de overstap naar het mbo?"]),
                   ("Ravi", ["De decanen en de intakers van het mbo bellen elkaar gewoon op."]),
                   (INTERVIEWER, ["Wat gebeurde er daarna met jou?"]),
                   ("Ravi", [said]))
    rules = rule_pass(t, compile_codebook(lob))
    assert rules[3].themes() == [] and [c for c, _ in rules[3].topic] == ["collaboration_chain"]
    assert rules[1].topic == []          # a sentence with a theme of its own has no need of one
    got = [c for c in code_passages(t, lob, model=UncodedTurns(default_model(lob))) if c.passage_id == t[3].passage_id]
    assert [(c.type, c.theme) for c in got] == [("barrier", "collaboration_chain")]
    assert "theme of the conversation before it" in got[0].evidence
    # the rules alone still leave it uncoded: the topic is no evidence of a finding
    assert t[3].passage_id not in {c.passage_id for c in code_passages(t, lob)}


def test_auto_is_the_shipped_model_for_turns_and_rules_only_without_one(lob, tmp_path):
    from miner.coding.engine import UncodedTurns
    from miner.coding.run import resolve_model

    auto = resolve_model("auto", lob)
    assert isinstance(auto, UncodedTurns) and auto.hash() != auto.model.hash()
    assert auto.source == auto.model.source and auto.scope == "uncoded interview turns"
    custom = tmp_path / "mine.yaml"
    save_codebook(lob, custom)
    custom.write_text(custom.read_text(encoding="utf-8").replace("name: lob", "name: mijn-lob", 1), encoding="utf-8")
    mine = load_codebook(custom)
    assert mine.name == "mijn-lob"
    assert resolve_model("auto", mine) is None        # no model ships for a user's own codebook
    assert resolve_model("none", lob) is None


@pytest.mark.parametrize("sentence", ["Dat ging niet zo goed.", "Mijn ouders snappen niet zo goed hoe het mbo werkt."])
def test_not_so_well_is_a_barrier(lob, sentence):
    t = transcript((INTERVIEWER, ["Hoe ging de overstap naar het mbo?"]), ("Milan", [sentence]))
    assert coded(lob, t)[sentence][0] == "barrier"


@pytest.mark.parametrize("question", ["Waar loopt het op vast?", "Wat is voor jou het grootste probleem?",
                                      "Waar zitten de knelpunten, denk je?"])
def test_asking_where_it_gets_stuck_frames_barriers(lob, question):
    t = transcript((INTERVIEWER, [question]), ("Mila", ["Tijd.", "Ik heb anderhalf uur per week voor dertig leerlingen."]))
    got = coded(lob, t)
    assert got["Tijd."][0] == "barrier"
    assert got["Ik heb anderhalf uur per week voor dertig leerlingen."][0] == "barrier"


def test_a_sentence_is_not_lent_the_turn_type_it_states_itself(lob):
    # "Meer tijd" is an amount (a success, said of the past); asked what should change it is a
    # wish. Before, the turn's type (that same amount) was added to it a second time.
    t = transcript((INTERVIEWER, ["Wat zou er moeten veranderen, als jij het voor het zeggen had?"]),
                   ("Mila", ["Meer tijd voor de gesprekken, dat eerst.",
                             "Gewoon een uur per week extra voor het mentoraat."]))
    got = coded(lob, t)
    assert got["Meer tijd voor de gesprekken, dat eerst."][0] == "recommendation"
    assert got["Gewoon een uur per week extra voor het mentoraat."][0] == "recommendation"


@pytest.mark.parametrize(
    "sentence",
    ["Ik heb op de training geleerd om meer door te vragen, en dat werkt echt.", "Mijn stage nu is echt top.",
     "Die meeloopdag heeft me over de streep getrokken.", "Die coach van mij heeft me eigenlijk gered."],
)
def test_spoken_verdicts_are_successes(lob, sentence):
    t = transcript((INTERVIEWER, ["Hoe gaat het op school?"]), ("Sem", [sentence]))
    assert coded(lob, t)[sentence][0] == "success"


def test_it_works_not_and_what_would_have_helped(lob):
    t = transcript((INTERVIEWER, ["Wat zou jullie geholpen hebben, achteraf?"]),
                   ("Sem", ["Eén vaste slb'er voor de hele opleiding."]))
    assert coded(lob, t)["Eén vaste slb'er voor de hele opleiding."][0] == "recommendation"
    t = transcript((INTERVIEWER, ["Hoe gaat het op school?"]), ("Sem", ["Dat rooster werkt niet, het is te vol."]))
    assert coded(lob, t)["Dat rooster werkt niet, het is te vol."][0] == "barrier"


@pytest.mark.parametrize("said, expected", [
    ("Die app voor de stageverslagen, dat scheelt de mentoren een hoop gedoe.", "success"),
    ("De gesprekken met de ouders vond ik echt gaaf.", "success"),
    ("Met de stageplekken ging het heel snel.", "success"),
    ("Daar lopen we steeds tegenaan bij de stageplekken.", "barrier"),
    ("Onze decaan heeft het zo druk dat de gesprekken blijven liggen.", "barrier"),
    ("Als de coördinator vertrekt, begin je op die school met de ouders weer bij nul.", "barrier"),
    ("Die kennis over de stagebedrijven ben je dan gewoon kwijt.", "barrier"),
])
def test_spoken_verdicts_and_complaints(lob, said, expected):
    got = coded(lob, transcript(("Onderzoeker", ["Hoe is het gegaan?"]), ("Marieke", [said])))
    assert got[said][0] == expected


@pytest.mark.parametrize("said, not_expected", [
    ("Het scheelt niet veel voor de stageplekken.", "success"),
    ("We beginnen met de ouders niet meer bij nul.", "barrier"),
])
def test_spoken_look_alikes_are_not_read_as_the_idiom(lob, said, not_expected):
    got = coded(lob, transcript(("Onderzoeker", ["Hoe is het gegaan?"]), ("Marieke", [said])))
    assert got.get(said, ("none", []))[0] != not_expected


def test_running_into_something_asked_is_no_complaint(lob):
    passages = transcript(("Onderzoeker", ["Waar lopen jullie met de stageplekken tegenaan?"]),
                          ("Marieke", ["Vooral de tijd."]))
    assert "Waar lopen jullie met de stageplekken tegenaan?" not in coded(lob, passages)


# -- spoken verdicts ---------------------------------------------------------------------------

@pytest.mark.parametrize("answer, expected", [
    ("Ik stuur de decaan een mail en dan hoor ik drie weken niks over de stageplek.", "barrier"),
    ("Zo'n beroepentest helpt de leerlingen eigenlijk weinig bij hun keuze.", "barrier"),
    ("Van die voorlichting over het mbo had ik echt veel aan gehad, ook voor mijn ouders.", "success"),
    ("Van het mentoruur gaat de helft op aan administratie en absenties.", "barrier"),
    ("Niemand heeft mij gevraagd wat ik zelf van de stage bij het bedrijf vond.", "barrier"),
    ("De decanen zijn nu beter opgeleid dan tien jaar geleden.", "success"),
    ("Wat echt werkt, is een stagedag bij een bedrijf in de buurt.", "success"),
    ("Met de nieuwe planning hebben we veel last van de rooster wijzigingen bij de stages.", "barrier"),
    ("Aan de loopbaangesprekken met ouders kom ik eerlijk gezegd niet aan toe.", "barrier"),
])
def test_spoken_verdicts_are_typed(lob, answer, expected):
    got = coded(lob, transcript((INTERVIEWER, ["Hoe gaat dat bij jullie?"]), ("Sanne", [answer])))
    assert got.get(answer, (None,))[0] == expected


@pytest.mark.parametrize("answer", [
    "Hoor je daar dan nooit meer iets van de school?",                 # a question
    "Daar hebben we eigenlijk geen last van op onze school.",          # no trouble
    "Die test helpt niet alleen de leerlingen maar ook de mentoren.",  # helps, and more
])
def test_spoken_near_misses_are_not_barriers(lob, answer):
    got = coded(lob, transcript((INTERVIEWER, ["Hoe gaat dat bij jullie?"]), ("Sanne", [answer])))
    assert got.get(answer, (None,))[0] != "barrier"


def test_what_someone_learned_is_not_a_barrier_of_the_clause(lob):
    answer = "Wat ik vooral heb geleerd in die training, is dat ik te snel met oplossingen kwam bij leerlingen."
    got = coded(lob, transcript((INTERVIEWER, ["Wat heeft de training u opgeleverd?"]), ("Sanne", [answer])))
    assert got.get(answer, (None,))[0] == "success"


def test_a_turn_that_turns_around_lends_its_type_within_each_part(lob):
    t = transcript((INTERVIEWER, ["Hoe loopt de ouderavond?"]),
                   ("Sanne", ["De ouders uit het dorp komen altijd graag, dat gaat heel goed.",
                              "Het zijn er elk jaar zo'n veertig.",
                              "Maar de ouders van de nieuwkomers zien we bijna nooit op school.",
                              "Die wonen vaak in de stad."]))
    got = coded(lob, t)
    assert got["De ouders uit het dorp komen altijd graag, dat gaat heel goed."][0] == "success"
    assert got.get("Het zijn er elk jaar zo'n veertig.", (None,))[0] == "success"
    assert got["Maar de ouders van de nieuwkomers zien we bijna nooit op school."][0] == "barrier"
    # the praise of the first part is not lent past the turnaround
    assert got.get("Die wonen vaak in de stad.", (None,))[0] != "success"


def test_the_first_reply_to_a_question_of_no_type_is_not_lent_the_turns_type(lob):
    t = transcript((INTERVIEWER, ["Heb je uitleg over de keuzedelen gehad?"]),
                   ("Sanne", ["Eén keer, op een ouderavond in de aula.",
                              "Dat was veel te kort voor mijn ouders."]))
    got = coded(lob, t)
    assert got["Dat was veel te kort voor mijn ouders."][0] == "barrier"
    assert "Eén keer, op een ouderavond in de aula." not in got


def test_a_bare_yes_repeats_the_finding_it_agrees_with(lob):
    t = transcript((INTERVIEWER, ["Dus de planning van de stages was een drempel voor jullie?"]),
                   ("Sanne", ["De planning van de stages was echt een drempel.", "Ja."]))
    t2 = transcript((INTERVIEWER, ["Werk je hier al lang?"]), ("Sanne", ["Ja."]))
    assert coded(lob, t).get("Ja.", (None,))[0] == "barrier"
    assert "Ja." not in coded(lob, t2)


@pytest.mark.parametrize("answer, expected", [
    ("Ik heb dit schooljaar al vier verschillende mentoren gehad.", "barrier"),
    ("Een vaste coach voor de hele opleiding, niet weer een tijdelijke kracht.", "recommendation"),
])
def test_lived_turnover_and_a_proposal_set_against_what_it_should_not_be(lob, answer, expected):
    got = coded(lob, transcript((INTERVIEWER, ["Hoe gaat dat bij jullie?"]), ("Sanne", [answer])))
    assert got.get(answer, (None,))[0] == expected


def test_voorstel_as_a_verb_proposes_nothing(lob):
    answer = "Mijn ouders denken dat dat diploma weinig voorstelt bij een werkgever."
    got = coded(lob, transcript((INTERVIEWER, ["Hoe kijken je ouders daartegen aan?"]), ("Sanne", [answer])))
    assert got.get(answer, (None,))[0] != "recommendation"


def test_a_speaker_introducing_their_role_is_not_coded(lob):
    answer = "Ik ben mentor sinds 2015, dus ik ken de leerlingen en hun ouders goed."
    got = coded(lob, transcript((INTERVIEWER, ["Wat werkt er goed op jullie school?"]), ("Sanne", [answer])))
    assert answer not in got


def test_a_name_in_a_transcripts_title_names_no_theme_for_its_turns(lob):
    # The title line is the only "section" of a transcript: a programme's name in it ("Bedrijfskunde"
    # holds "bedrijf") would otherwise give every answer the world of work. In a report the section
    # title does name the theme of the sentences that name none themselves.
    turns = transcript(
        (INTERVIEWER, ["Wat vindt u lastig?"]),
        ("Respondent", ["Dat we het allemaal er zelf bij moeten doen, dat is echt lastig."]),
    )
    titled = [Passage(**{**p.__dict__, "section": ("Interview opleiding Bedrijfskunde, Hogeschool Veldmark",)}) for p in turns]
    got = coded(lob, titled)
    answer = "Dat we het allemaal er zelf bij moeten doen, dat is echt lastig."
    assert answer in got and "labour_market" not in got[answer][1]
    report = [Passage(**{**p.__dict__, "kind": "paragraph", "role": None, "speaker": None}) for p in titled[1:]]
    assert "labour_market" in coded(lob, report)[answer][1]
    # A topic heading under the title (a structured interview report) does frame the answers.
    topic = [Passage(**{**p.__dict__, "section": (*p.section, "Ouders")}) for p in titled]
    assert "parents" in coded(lob, topic)[answer][1]
    # Whom the interview is with, named as a word of its own, is what it is about throughout.
    employer = [Passage(**{**p.__dict__, "section": ("Interview werkgever bouw",)}) for p in turns]
    assert "labour_market" in coded(lob, employer)[answer][1]


def test_a_probe_follows_the_answer_where_it_moved_away_from_the_question(lob):
    # Asked about the parents, the answer turned to the benefit rules; "tell me more" asks about
    # the rules, so the reply to it is about them, not about the parents.
    t = transcript((INTERVIEWER, ["Hoe betrokken zijn de ouders bij de stage?"]),
                   ("Sanne", ["Het grootste probleem zijn de regels rond de uitkering."]),
                   (INTERVIEWER, ["Kun je daar iets meer over vertellen?"]),
                   ("Sanne", ["Niemand weet precies hoe het zit, ook wij niet."]))
    got = coded(lob, t)
    assert got["Niemand weet precies hoe het zit, ook wij niet."] == ("barrier", ["regulation_quality"])


# -- how it is now, told when asked what should change ------------------------------------------

@pytest.mark.parametrize("answer, expected", [
    ("Nu is slb iets wat je er in de lessen een beetje bij doet.", "barrier"),   # the present: the problem
    ("En nu zit je vooral in een lokaal met theorie, zonder stage.", "barrier"),
    ("Nu moet het gesprek eerder in het jaar komen.", "recommendation"),  # a modal: the proposal itself
])
def test_how_it_is_now_answering_what_should_change_is_the_problem(lob, answer, expected):
    t = transcript((INTERVIEWER, ["Wat zou er volgens jou moeten veranderen?"]),
                   ("Ilse", ["Meer tijd voor de gesprekken, eigenlijk.", answer]))
    assert coded(lob, t)[answer][0] == expected
    if expected == "barrier":
        assert "how it is now" in evidence(lob, t, answer)


def test_how_it_is_now_comes_from_the_codebook(lob):
    import copy

    plain = copy.deepcopy(lob)
    plain.present_state = None
    answer = "Nu is slb iets wat je er in de lessen een beetje bij doet."
    t = transcript((INTERVIEWER, ["Wat zou er volgens jou moeten veranderen?"]), ("Ilse", [answer]))
    assert coded(plain, t)[answer][0] == "recommendation"
    assert coded(lob, t)[answer][0] == "barrier"


BASE = """
name: t
language: nl
types:
  - {id: barrier, label: {nl: Belemmering}}
  - {id: recommendation, label: {nl: Aanbeveling}}
themes:
  - {id: tijd, label: {nl: Tijd}}
"""


@pytest.mark.parametrize("block, message", [
    ("present_state:\n  type: knelpunt\n  frames: [recommendation]\n  markers: [nu]\n", "'present_state.type': no type 'knelpunt'"),
    ("present_state:\n  type: barrier\n  frames: [advies]\n  markers: [nu]\n", "'present_state.frames': no type 'advies'"),
    ("present_state:\n  type: barrier\n  frames: [recommendation]\n", "needs 'type'"),
    ("present_state:\n  type: barrier\n  frames: [recommendation]\n  markers: [nu]\n  woorden: [x]\n",
     "unknown field 'woorden' in 'present_state'"),
    ("spoken_contrast:\n  type: knelpunt\n  markers: [maar]\n", "'spoken_contrast.type': no type 'knelpunt'"),
    ("spoken_contrast:\n  type: barrier\n", "needs 'type'"),
    ("spoken_contrast:\n  type: barrier\n  markers: [maar]\n  na: [ook]\n", "unknown field 'na' in 'spoken_contrast'"),
    ("denial:\n  type: nee\n  words: [nee]\n", "'denial.type': no type 'nee'"),
    ("denial:\n  type: barrier\n", "needs 'type'"),
    ("denial:\n  type: barrier\n  words: [nee]\n  markers: [nee]\n", "unknown field 'markers' in 'denial'"),
])
def test_a_malformed_interview_block_is_reported_with_its_line(block, message):
    import re

    from miner.codebook_io import parse_codebook

    with pytest.raises(CodebookError) as err:
        parse_codebook(BASE + block, "t.yaml")
    assert message in str(err.value) and re.match(r"t\.yaml:\d+: ", str(err.value))


@pytest.mark.parametrize("block, field, words", [
    ("present_state:\n  type: barrier\n  frames: [recommendation]\n  markers: [Nu]\n  openers: [en]\n  not_before: [moet]\n",
     "present_state", ("markers", ["nu"])),
    ("spoken_contrast:\n  type: barrier\n  markers: [Maar]\n  not_after: [ook]\n", "spoken_contrast", ("markers", ["maar"])),
    ("denial:\n  type: barrier\n  words: [Nee, neen]\n", "denial", ("words", ["nee", "neen"])),
])
def test_an_interview_block_round_trips_and_counts_in_the_hash(block, field, words):
    from miner.codebook_io import codebook_to_yaml, parse_codebook

    cb = parse_codebook(BASE + block, "t.yaml")
    assert getattr(getattr(cb, field), words[0]) == words[1]
    again = parse_codebook(codebook_to_yaml(cb), "again.yaml")
    assert getattr(again, field) == getattr(cb, field) and again.hash() == cb.hash()
    assert parse_codebook(BASE, "t.yaml").hash() != cb.hash()


# -- a respondent's "maar" with no type word ------------------------------------------------------

CONTRAST = "De mentoren doen hun best, maar het dossier van de leerling blijft op het vmbo."


def test_a_spoken_contrast_without_a_type_word_is_the_problem(lob):
    import copy

    t = transcript((INTERVIEWER, ["Hoe gaat de overdracht van gegevens naar het mbo?"]), ("Karim", [CONTRAST]))
    assert coded(lob, t)[CONTRAST][0] == "barrier"
    assert "a contrast" in evidence(lob, t, CONTRAST)
    # it comes from the codebook: without the block nothing types the sentence
    plain = copy.deepcopy(lob)
    plain.spoken_contrast = None
    assert CONTRAST not in coded(plain, t)
    # "maar ook" adds good news; a report's "maar" qualifies as often as it complains
    good = "De mentoren doen hun best, maar ook het dossier van de leerling gaat mee naar het mbo."
    t2 = transcript((INTERVIEWER, ["Hoe gaat de overdracht van gegevens naar het mbo?"]), ("Karim", [good]))
    assert "a contrast" not in evidence(lob, t2, good)
    report = [Passage(**{**p.__dict__, "kind": "paragraph", "role": None, "speaker": None}) for p in t]
    assert "a contrast" not in evidence(lob, report, CONTRAST)


# -- a bare "Nee." to a yes-no question ----------------------------------------------------------

def test_a_bare_no_to_a_question_about_a_subject_says_it_does_not_work(lob):
    import copy

    t = transcript((INTERVIEWER, ["Lukt het om de ouders bij de loopbaangesprekken te betrekken?"]),
                   ("Sanne", ["Nee.", "We proberen het elk jaar opnieuw."]))
    assert coded(lob, t)["Nee."][0] == "barrier"
    assert "says no to" in evidence(lob, t, "Nee.")
    assert "parents" in coded(lob, t)["Nee."][1]
    plain = copy.deepcopy(lob)
    plain.denial = None
    assert "Nee." not in coded(plain, t)
    # a no to a question that asks for a type, or about nothing in particular, says nothing
    for question in ("Zijn er knelpunten bij het betrekken van ouders?", "Is dat goed voor jou?", "Heb je nog vragen?"):
        t2 = transcript((INTERVIEWER, [question]), ("Sanne", ["Nee."]))
        assert "Nee." not in coded(lob, t2), question
    # "Ja." is no denial
    t3 = transcript((INTERVIEWER, ["Lukt het om de ouders bij de loopbaangesprekken te betrekken?"]), ("Sanne", ["Ja."]))
    assert coded(lob, t3).get("Ja.", ("",))[0] != "barrier"


def test_a_question_opening_with_its_judging_verb_frames_nothing(lob):
    # "Hielp de school je daarbij?" asks whether it helped; "Wat hielp je daarbij?" presumes it did.
    answer = "De mentoruren gingen vooral over het PTA en over roosters."
    polar = transcript((INTERVIEWER, ["Hielp de school je daarbij?"]), ("Melissa", [answer]))
    assert "answer to" not in evidence(lob, polar, answer)
    open_question = transcript((INTERVIEWER, ["Wat hielp je daarbij?"]), ("Melissa", [answer]))
    assert coded(lob, open_question)[answer][0] == "success"
