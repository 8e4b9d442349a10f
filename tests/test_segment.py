from miner.model import Block
from miner.segment import assemble, passages_from_blocks, sentence_spans


def _sents(text):
    return [text[s:e] for s, e in sentence_spans(text)]


def test_dutch_abbreviations_do_not_end_sentences():
    text = ("Scholen werken o.a. met loopbaangesprekken, bijv. in de bovenbouw. "
            "Dhr. Jansen en mevr. De Vries spraken t.a.v. het beleid m.b.t. stages. Daarna volgde de rest.")
    assert _sents(text) == [
        "Scholen werken o.a. met loopbaangesprekken, bijv. in de bovenbouw.",
        "Dhr. Jansen en mevr. De Vries spraken t.a.v. het beleid m.b.t. stages.",
        "Daarna volgde de rest.",
    ]


def test_closing_abbreviation_before_capital_ends_sentence():
    text = "Er waren stages, gastlessen e.d. Daarnaast kwamen ouders langs."
    assert _sents(text) == ["Er waren stages, gastlessen e.d.", "Daarnaast kwamen ouders langs."]


def test_enumerator_is_glued_to_its_sentence():
    assert _sents("1. Zorg voor tijd in het rooster. 2. Train mentoren.") == [
        "1. Zorg voor tijd in het rooster.", "2. Train mentoren."]


def test_offsets_point_into_document_text():
    blocks = [
        Block(kind="heading", text="2 Knelpunten", section=("2 Knelpunten",), level=1, page=1),
        Block(kind="paragraph", text="Er is te weinig tijd. Mentoren missen training.", section=("2 Knelpunten",), page=1),
        Block(kind="table", text="Thema | Aantal\nTijd | 4", rows=[["Thema", "Aantal"], ["Tijd", "4"]], page=2),
    ]
    text = assemble(blocks)
    ps = passages_from_blocks(blocks, "doc")
    assert [p.text for p in ps] == ["2 Knelpunten", "Er is te weinig tijd.", "Mentoren missen training.",
                                    "Thema | Aantal", "Tijd | 4"]
    for p in ps:
        assert text[p.start:p.end] == p.text
    assert ps[1].section == ("2 Knelpunten",) and ps[4].page == 2
    assert [p.passage_id for p in ps][:2] == ["doc:00000", "doc:00001"]


def test_opening_bracket_moves_to_the_sentence_it_opens():
    assert _sents("Dat werkt goed. (Zie ook hoofdstuk 3.) Verder niets.")[1].startswith("(Zie")


def test_a_school_sector_ends_a_sentence():
    # spaCy's Dutch tokenizer reads "vo." and "po." as abbreviations; in reports they are sectors.
    text = "Dat geldt vooral voor het vo. De scholen in het mbo doen het beter dan in het po. Daarna volgt de rest."
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "Dat geldt vooral voor het vo.", "De scholen in het mbo doen het beter dan in het po.", "Daarna volgt de rest."]
    # not before a lower-case word: no cut
    text = "Leerlingen in het vo. en mbo kiezen later."
    assert len(sentence_spans(text)) == 1
