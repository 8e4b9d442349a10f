"""Speaker turns from every transcript format: Name: lines, Otter headers, WebVTT, SRT, Markdown."""

from __future__ import annotations

from pathlib import Path

import pytest

from miner.errors import ExtractionError
from miner.extract import extract_bytes, parse_bytes
from miner.extract.transcript import parse_time, parse_turns, read_subtitles

FIXTURES = Path(__file__).parent / "fixtures" / "transcripts"


def _parse(name: str):
    path = FIXTURES / name
    return parse_bytes(path.read_bytes(), path.name)[1]


def _turns(parsed):
    return [(b.speaker, b.time, b.text) for b in parsed.blocks if b.kind == "turn"]


@pytest.mark.parametrize(
    "stamp, seconds",
    [("1:02", 62), ("01:02:03", 3723), ("[00:01:02]", 62), ("(12:30)", 750), ("00:00:01,500", 1.5), ("00:02.250", 2.25), ("", None)],
)
def test_parse_time(stamp, seconds):
    assert parse_time(stamp) == seconds


def test_bracketed_stamps_before_the_name():
    p = _parse("interview-docent.txt")
    assert p.kind == "transcript"
    turns = _turns(p)
    assert [(s, t) for s, t, _ in turns] == [
        ("Interviewer", 4), ("Docent", 11), ("Interviewer", 32), ("Docent", 37), ("Interviewer", 75), ("Docent", 78)]
    # Continuation lines belong to the turn above; "Let op:" inside a turn is not a speaker.
    assert turns[1][2] == "Ik ben mentor van twee derde klassen en ik geef economie. Daarnaast coördineer ik de snuffelstages in het voorjaar."
    assert "Let op: dat zeg ik niet om te klagen." in turns[3][2]
    # The lines before the first turn are the title and a paragraph, not turns.
    assert p.blocks[0].kind == "heading" and p.title.startswith("Interview docent economie")
    assert p.blocks[1].kind == "paragraph" and p.blocks[1].text == "Datum: 14 maart 2024"


def test_otter_style_headers():
    p = _parse("interview-leerling-otter.txt")
    turns = _turns(p)
    assert [(s, t) for s, t, _ in turns] == [
        ("Interviewer", 2), ("Sanne", 6), ("Interviewer", 11), ("Sanne", 15), ("Interviewer", 62), ("Sanne", 65)]
    assert turns[3][2].startswith("Best leuk eigenlijk.") and "iemand van de brandweer. Daarna" in turns[3][2]


def test_stamp_after_the_name_and_markdown_bold_names():
    p = _parse("interview-stage-begeleider.md")
    assert p.kind == "transcript"
    assert [(s, t) for s, t, _ in _turns(p)] == [("Interviewer", 3), ("Begeleider", 7), ("Interviewer", 12), ("Begeleider", 16)]
    assert _turns(p)[-1][2] == "Ze weten vaak niet wat ze kunnen verwachten. Een kennismakingsgesprek vooraf zou veel schelen."
    assert p.title == "Interview stagebegeleider (fictief)"


@pytest.mark.parametrize(
    "line, speaker, time, text",
    [
        ("Interviewer [00:01:02]: Hoe gaat het?", "Interviewer", 62, "Hoe gaat het?"),
        ("Dhr. Jansen (12:05): Prima.", "Dhr. Jansen", 725, "Prima."),
        ("00:00:09 R1: Dat klopt.", "R1", 9, "Dat klopt."),
        ("Mevr. de Vries: [00:00:30] Zeker weten.", "Mevr. de Vries", 30, "Zeker weten."),
    ],
)
def test_turn_line_variants(line, speaker, time, text):
    other = "Interviewer [00:00:01]: Welkom." if speaker != "Interviewer" else "R1 [00:00:05]: Dank u."
    lines = [other, line, other.replace("01]", "40]").replace("05]", "50]"), line]
    _, turns = parse_turns(lines)
    t = next(t for t in turns if t.speaker == speaker)
    assert t.time == time
    assert t.paragraphs == [[text]]


def test_report_with_colon_lines_is_not_a_transcript():
    lines = [
        "Let op: de cijfers zijn voorlopig.",
        "De scholen hebben in 2023 een plan gemaakt voor loopbaanbegeleiding in alle leerjaren.",
        "Conclusie: het plan wordt goed uitgevoerd, maar de uren zijn krap.",
        "De decanen noemen vooral de samenwerking met het mbo als succes van het afgelopen jaar.",
        "Let op: niet alle scholen leverden gegevens aan.",
        "Doel: meer leerlingen voeren een gesprek met hun mentor.",
    ]
    assert parse_turns(lines) is None
    p = parse_bytes("\n\n".join(lines).encode(), "notitie.txt")[1]
    assert p.kind == "report"


def test_single_mention_of_a_name_with_colon_is_not_enough():
    lines = ["Jan: ik kom morgen.", "Daarna gaan we verder met het verslag van de bijeenkomst in de aula.",
             "Er waren veel ouders aanwezig en de sfeer was goed.", "De volgende bijeenkomst is in mei."]
    assert parse_turns(lines) is None


def test_teams_vtt_voice_tags_merge_and_notes():
    p = _parse("focusgroep-ouders-teams.vtt")
    assert p.kind == "transcript"
    turns = _turns(p)
    # Consecutive cues of one speaker form one turn with the first cue's start; NOTE/STYLE ignored.
    assert turns == [
        ("Interviewer", 1.2, "Welkom allemaal bij deze focusgroep. We praten vandaag over de overstap naar het mbo."),
        ("Ouder Jansen", 9.0, "Ik merk dat mijn zoon pas in de laatste maanden echt ging kiezen. De open dagen kwamen eigenlijk te laat."),
        ("Mevr. de Vries", 17.5, "Bij ons was het juist andersom & dat gaf rust."),
    ]


def test_zoom_vtt_names_inside_cues():
    turns = _turns(_parse("gesprek-mentor-zoom.vtt"))
    assert [(s, t) for s, t, _ in turns] == [("Interviewer", 2.0), ("Dhr. Bakker", 6.0), ("Interviewer", 15.0), ("Dhr. Bakker", 18.5)]
    assert turns[1][2] == "Ik laat leerlingen eerst een vragenlijst invullen. Dan weet ik waar ze staan voordat we praten."


def test_srt_cues_and_speakers():
    turns = _turns(_parse("gesprek-decaan.srt"))
    assert [(s, t) for s, t, _ in turns] == [("Interviewer", 1.0), ("Decaan", 4.5), ("Interviewer", 62.25), ("Decaan", 65.5)]
    assert turns[1][2] == "Ik begeleid de profielkeuze en organiseer de voorlichtingsavonden. Ook help ik bij de aanmelding voor het mbo."


def test_two_voices_in_one_cue_and_tags():
    vtt = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v.loud Anna>Klaar?</v>\n<v Bram>Ja, <i>bijna</i>.</v>\n\n"
        "00:00:04.000 --> 00:00:06.000\n<v Bram><c.yellow>We</c> <00:00:04.500>beginnen.</v>\n"
    )
    p = read_subtitles(vtt.encode(), "x.vtt", "vtt")
    assert _turns(p) == [("Anna", 1.0, "Klaar?"), ("Bram", 1.0, "Ja, bijna. We beginnen.")]


def test_subtitles_without_speakers_become_unnamed_turns():
    srt = "1\n00:00:01,000 --> 00:00:02,000\nGoedemiddag.\n\n2\n00:00:02,500 --> 00:00:04,000\nWe gaan beginnen.\n"
    p = read_subtitles(srt.encode(), "x.srt", "srt")
    assert _turns(p) == [(None, 1.0, "Goedemiddag. We gaan beginnen.")]


def test_vtt_with_only_a_header_has_no_text():
    with pytest.raises(ExtractionError, match=r"leeg\.vtt: no text found \(the WebVTT file has no cues\)"):
        extract_bytes(b"WEBVTT\n\nNOTE nog niets opgenomen\n", "leeg.vtt")


def test_subtitle_file_without_timings_is_refused():
    with pytest.raises(ExtractionError, match="not a valid SRT file: no cue timings"):
        extract_bytes(b"Dit is gewoon tekst\nzonder tijden.\n", "verkeerd.srt")


def test_vtt_without_header_is_read_with_a_warning():
    p = read_subtitles(b"00:00:01.000 --> 00:00:02.000\n<v Kim>Hallo.</v>\n", "x.vtt", "vtt")
    assert _turns(p) == [("Kim", 1.0, "Hallo.")]
    assert "no WEBVTT header line" in p.warnings


def test_crlf_and_bom_subtitles():
    srt = "\ufeff1\r\n00:00:01,000 --> 00:00:02,000\r\nDecaan: Welkom.\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\nLeerling: Dank u.\r\n\r\n3\r\n00:00:05,000 --> 00:00:06,000\r\nDecaan: Zullen we?\r\n\r\n4\r\n00:00:07,000 --> 00:00:08,000\r\nLeerling: Ja.\r\n"
    p = read_subtitles(srt.encode("utf-8"), "x.srt", "srt")
    assert [(s, t) for s, t, _ in _turns(p)] == [("Decaan", 1.0), ("Leerling", 3.0), ("Decaan", 5.0), ("Leerling", 7.0)]


def test_utf16_transcript_text():
    text = (FIXTURES / "interview-docent.txt").read_text(encoding="utf-8")
    p = parse_bytes(text.encode("utf-16"), "interview.txt")[1]
    assert p.kind == "transcript" and len(_turns(p)) == 6


def test_passages_carry_speaker_and_time():
    path = FIXTURES / "gesprek-decaan.srt"
    ex = extract_bytes(path.read_bytes(), path.name)
    assert ex.document.kind == "transcript"
    p = [(p.speaker, p.time, p.text) for p in ex.passages]
    assert p[1] == ("Decaan", 4.5, "Ik begeleid de profielkeuze en organiseer de voorlichtingsavonden.")
    assert p[2] == ("Decaan", 4.5, "Ook help ik bij de aanmelding voor het mbo.")
    assert all(p.kind == "turn" for p in ex.passages)


def test_two_speakers_in_one_srt_cue():
    srt = (
        "1\n00:00:01,000 --> 00:00:03,000\nMentor: Heb je je keuze gemaakt?\nLeerling: Bijna.\n\n"
        "2\n00:00:03,500 --> 00:00:05,000\nMentor: Vertel.\n\n"
        "3\n00:00:05,500 --> 00:00:08,000\nLeerling: Ik twijfel tussen zorg en\ntechniek.\n\n"
        "4\n00:00:09,000 --> 00:00:10,000\n- Dank je.\n- Graag gedaan.\n"
    )
    p = read_subtitles(srt.encode(), "x.srt", "srt")
    assert _turns(p) == [
        ("Mentor", 1.0, "Heb je je keuze gemaakt?"),
        ("Leerling", 1.0, "Bijna."),
        ("Mentor", 3.5, "Vertel."),
        ("Leerling", 5.5, "Ik twijfel tussen zorg en techniek."),
        (None, 9.0, "Dank je. Graag gedaan."),
    ]
