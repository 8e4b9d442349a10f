"""Decoding plain text files: encodings, binary junk and undecodable bytes."""

from __future__ import annotations

import random

import pytest

from miner.errors import ExtractionError
from miner.extract import extract_bytes
from miner.extract.text import decode_text, read_text

TEXT = "De decaan besprak de profielkeuze met Anouk en haar ouders.\n\nZe kiest voor zorg en welzijn; dat past bij haar ideeën."


def test_utf8_with_and_without_bom_give_the_same_text():
    plain, w1 = decode_text(TEXT.encode("utf-8"))
    bom, w2 = decode_text(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    assert plain == bom == TEXT
    assert w1 == w2 == []


@pytest.mark.parametrize("enc", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_decoded_with_or_without_bom(enc):
    data = TEXT.encode(enc)  # "utf-16" writes a BOM, the -le/-be variants do not
    text, warnings = decode_text(data)
    assert text == TEXT
    if enc == "utf-16":
        assert warnings == []
    else:
        assert any("no byte-order mark" in w for w in warnings)


def test_cp1252_file_is_decoded_with_a_warning():
    data = "Café-overleg: de coördinator zei “prima” – en ging door.".encode("cp1252")
    text, warnings = decode_text(data)
    assert "coördinator" in text and "“prima”" in text and "–" in text
    assert warnings == ["decoded as cp1252 (the file is not valid UTF-8)"]


def test_cp1252_warning_reaches_the_document():
    data = ("Evaluatie\n\nDe coördinator van de pilot was tevreden over de opkomst bij de ouderavond. " * 3).encode("cp1252")
    ex = extract_bytes(data, "verslag.txt")
    assert any("cp1252" in w for w in ex.document.warnings)
    assert "coördinator" in ex.document.text


def test_binary_junk_is_refused():
    rng = random.Random(7)
    junk = bytes(rng.randrange(256) for _ in range(4000))
    with pytest.raises(ExtractionError, match=r"not a text file \(binary content"):
        read_text(junk, "junk.txt")


def test_control_characters_without_nul_are_refused():
    rng = random.Random(3)
    junk = bytes(rng.choice([1, 2, 3, 4, 5, 6, 14, 15, 16, 65, 66, 67, 32]) for _ in range(3000))
    with pytest.raises(ExtractionError, match="binary content"):
        read_text(junk, "junk.txt")


def test_renamed_pdf_is_named_in_the_error():
    with pytest.raises(ExtractionError, match="looks like a PDF"):
        read_text(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "rapport.txt")


def test_bytes_neither_utf8_nor_cp1252_give_an_encoding_error():
    # 0x81 and 0x8d are undefined in Windows-1252 and invalid as UTF-8 here.
    data = b"Dit is tekst met een rare byte \x81\x8d in het midden."
    with pytest.raises(ExtractionError, match=r"cannot decode text: not valid UTF-8 \(byte 0x81 at offset 31\)"):
        decode_text(data)


def test_broken_utf16_after_bom_names_the_encoding():
    data = b"\xff\xfe" + "Goed".encode("utf-16-le") + b"\x00\xd8"  # unpaired surrogate at the end
    with pytest.raises(ExtractionError, match="UTF-16-LE"):
        decode_text(data)


def test_error_through_extract_bytes_names_the_file():
    with pytest.raises(ExtractionError) as info:
        extract_bytes(b"\x00\x01\x02\x03" * 100, "map/ruis.txt")
    assert str(info.value).startswith("map/ruis.txt: not a text file")


def test_whitespace_only_file_has_no_text():
    with pytest.raises(ExtractionError, match="no text found"):
        extract_bytes(b"  \n\n\t\n", "leeg.txt")
