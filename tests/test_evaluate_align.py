"""Aligning gold units to passages cut differently, by text within the same document."""

from miner.evaluation.align import AutoCorpus, AutoDocument, align, text_key
from miner.evaluation.gold import GoldUnit
from miner.model import Passage


def passages(doc, texts):
    return [Passage(document=doc, passage_id=f"{doc}:{i}", index=i, kind="paragraph", text=t, start=0, end=len(t))
            for i, t in enumerate(texts)]


def corpus():
    a = passages("verslag-a", [
        "Samenvatting",
        "De decanen voerden loopbaangesprekken met alle leerlingen. Dat werkte goed.",
        "Het ontbrak aan tijd",
        "in het rooster van de tweede klas.",
        "Het ontbrak aan tijd voor terugkoppeling aan ouders.",
        "Scholen moeten werkgevers vaker uitnodigen.",
    ])
    b = passages("verslag-b", ["Scholen moeten werkgevers vaker uitnodigen."])
    return AutoCorpus({
        "verslag-a": AutoDocument("verslag-a", "in/Verslag A.pdf", a),
        "verslag-b": AutoDocument("verslag-b", "in/verslag-b.docx", b),
    })


def gold(i, doc, text, order=0):
    return GoldUnit(id=i, doc=doc, text=text, type="none", order=order)


def test_text_key_ignores_hyphenation_case_whitespace_ligatures():
    assert text_key("loopbaan-\ngesprekken  met\u00adde  ﬁguren") == text_key("Loopbaangesprekken met de figuren")


def test_different_sentence_cuts():
    units = [
        # half of a passage (miner did not split after "leerlingen.")
        gold("u1", "Verslag A.pdf", "De decanen voerden loopbaan-\ngesprekken met alle leerlingen.", 0),
        gold("u2", "Verslag A.pdf", "Dat werkte goed.", 1),
        # one unit over two passages (miner cut at a line break)
        gold("u3", "Verslag A.pdf", "Het ontbrak aan tijd in het rooster van de tweede klas.", 2),
        # a repeated opening: must land on the later passage, not the first "Het ontbrak aan tijd"
        gold("u4", "Verslag A.pdf", "Het ontbrak aan tijd voor terugkoppeling aan ouders.", 3),
    ]
    al = align(units, corpus())
    assert al["u1"].passage_ids == ["verslag-a:1"] and al["u1"].method == "exact"
    assert al["u2"].passage_ids == ["verslag-a:1"]
    assert al["u3"].passage_ids == ["verslag-a:2", "verslag-a:3"]
    assert al["u4"].passage_ids == ["verslag-a:4"]


def test_near_match_and_document_names():
    units = [
        # extraction noise: a dropped letter and a split word
        gold("n1", "verslag-a", "Scholen moeten werkgevers vaker uitnodgen.", 0),
        # the same sentence in another document: alignment stays within the named document
        gold("n2", "verslag-b.docx", "Scholen moeten werkgevers vaker uitnodigen.", 0),
        gold("n3", "verslag-c.pdf", "Scholen moeten werkgevers vaker uitnodigen.", 0),
        gold("n4", "verslag-a", "Een zin die nergens in het verslag staat en ook niet lijkt op iets.", 1),
    ]
    al = align(units, corpus())
    assert al["n1"].method == "fuzzy" and al["n1"].passage_ids == ["verslag-a:5"] and al["n1"].score >= 85
    assert al["n2"].document == "verslag-b" and al["n2"].passage_ids == ["verslag-b:0"]
    assert al["n3"].method == "unmatched" and al["n3"].document is None
    assert al["n4"].method == "unmatched" and al["n4"].document == "verslag-a"


def test_passage_id_from_a_miner_export_is_trusted_only_when_text_agrees():
    c = corpus()
    ok = GoldUnit(id="x", doc="verslag-a", text="Dat werkte goed.", type="none", passage_id="verslag-a:1")
    stale = GoldUnit(id="y", doc="verslag-a", text="Scholen moeten werkgevers vaker uitnodigen.", type="none",
                     passage_id="verslag-a:1")
    al = align([ok, stale], c)
    assert al["x"].method == "id" and al["x"].passage_ids == ["verslag-a:1"]
    assert al["y"].method == "exact" and al["y"].passage_ids == ["verslag-a:5"]


def test_labelled_passages_for_training():
    from miner.evaluation.align import labelled_passages

    units = [
        GoldUnit(id="a", doc="verslag-a", text="De decanen voerden loopbaangesprekken met alle leerlingen.",
                 type="success", themes=("professionalisation",)),
        GoldUnit(id="b", doc="verslag-a", text="Dat werkte goed.", type="none"),
        GoldUnit(id="c", doc="verslag-a", text="Scholen moeten werkgevers vaker uitnodigen.",
                 type="recommendation", themes=("labour_market",)),
    ]
    got = [(p.passage_id, t, th) for p, t, th in labelled_passages(units, corpus())]
    # Two units in one passage: the longer one's label; unaligned passages are left out.
    assert got == [
        ("verslag-a:1", "success", ("professionalisation",)),
        ("verslag-a:5", "recommendation", ("labour_market",)),
    ]


def test_a_short_answer_aligns_to_the_passage_that_says_exactly_that():
    """"Nee." asked back as "Nee?" and "Tijd." inside "Hoeveel tijd heb je?" came first in the
    document; the unit is the respondent's own passage."""
    texts = [("interviewer", "Dat is niet vanzelfsprekend?"), ("interviewer", "Nee?"), ("respondent", "Nee."),
             ("interviewer", "Hoeveel tijd heb je eigenlijk voor dit werk?"), ("respondent", "Tijd."),
             ("respondent", "Die is er niet.")]
    ps = [Passage(document="t", passage_id=f"t:{i}", index=i, kind="turn", text=x, start=0, end=len(x), role=r)
          for i, (r, x) in enumerate(texts)]
    corpus = AutoCorpus({"t": AutoDocument("t", "t.txt", ps)})
    units = [GoldUnit(id=f"u{i}", doc="t.txt", text=x, type="none", themes=(), order=i)
             for i, x in enumerate(["Nee.", "Tijd.", "Die is er niet."])]
    got = align(units, corpus)
    assert [got[f"u{i}"].passage_ids for i in range(3)] == [["t:2"], ["t:4"], ["t:5"]]


def test_a_repeated_short_unit_takes_the_next_passage_even_as_part_of_one():
    texts = [("respondent", "Ja."), ("interviewer", "Klopt dat voor de hele groep?"), ("respondent", "Ja. Dat klopt wel.")]
    ps = [Passage(document="t", passage_id=f"t:{i}", index=i, kind="turn", text=x, start=0, end=len(x), role=r)
          for i, (r, x) in enumerate(texts)]
    corpus = AutoCorpus({"t": AutoDocument("t", "t.txt", ps)})
    units = [GoldUnit(id=f"u{i}", doc="t.txt", text="Ja.", type="none", themes=(), order=i) for i in range(2)]
    got = align(units, corpus)
    assert [got["u0"].passage_ids, got["u1"].passage_ids] == [["t:0"], ["t:2"]]
