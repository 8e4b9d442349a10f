from collections import Counter

from miner.extract.textnorm import dehyphenate, hyphenated_forms, join_lines, keep_hyphen, normalise


def test_normalise_ligatures_spaces_and_pdfium_hyphen():
    assert normalise("e\ufb03ci\u00ebnt") == "efficiënt"
    assert normalise("a\u00a0b\u202fc\u2009d") == "a b c d"
    assert normalise("zero\u200bwidth\ufeff") == "zerowidth"
    # pdfium's U+0002 is a line-end hyphen: it becomes "-\n" so the rules can decide.
    assert normalise("curri\u0002culum") == "curri-\nculum"
    assert normalise("curri\u0002\nculum") == "curri-\nculum"
    assert normalise("Loop\u00adbaan") == "Loopbaan"
    assert normalise("a\r\nb\rc") == "a\nb\nc"


def test_dutch_dehyphenation_rules():
    known = {"lob-activiteiten", "mbo-instellingen"}
    # Plain compound split by hyphenation: join.
    assert join_lines(["de loopbaan-", "gesprekken"], known) == "de loopbaangesprekken"
    # Capital before the hyphen: keep.
    assert join_lines(["de LOB-", "activiteiten"], known) == "de LOB-activiteiten"
    # Capital after the hyphen: keep.
    assert join_lines(["in Noord-", "Brabant"], known) == "in Noord-Brabant"
    # Suspended compound: hyphen and space kept.
    assert join_lines(["vo-", "en mbo-scholen"], known) == "vo- en mbo-scholen"
    # Prefix the document writes hyphenated elsewhere.
    assert join_lines(["alle mbo-", "scholen"], known) == "alle mbo-scholen"
    # Document spells the hyphenated form elsewhere.
    assert keep_hyphen("loopbaan", "oriëntatie", {"loopbaan-oriëntatie"}, Counter())
    # ... unless it spells the joined form too.
    assert not keep_hyphen("loopbaan", "oriëntatie", {"loopbaan-oriëntatie"}, Counter({"loopbaanoriëntatie": 3}))


def test_hyphenated_forms_ignores_line_end_hyphens():
    forms = hyphenated_forms("de LOB-activiteiten en loopbaan-\ngesprekken")
    assert forms == {"lob-activiteiten"}


def test_dehyphenate_whole_text_keeps_other_line_breaks():
    text = "Eerste regel met onder-\nwijs en meer\nTweede regel"
    assert dehyphenate(text) == "Eerste regel met onderwijs en meer\nTweede regel"


def test_suspended_compound_after_dash_and_initialisms():
    assert join_lines(["loopbaanoriëntatie en -", "begeleiding"]) == "loopbaanoriëntatie en -begeleiding"
    # Dutch writes a hyphen after a lower-case abbreviation even when the document has no other example.
    assert join_lines(["alle vmbo-", "scholen"]) == "alle vmbo-scholen"
    assert join_lines(["de loopbaan-", "begeleiding"]) == "de loopbaanbegeleiding"
