"""Gold loaders: the sentence-unit JSONL format and a human codings CSV, good and malformed."""

import json
from pathlib import Path

import pytest

from miner.errors import FormatError
from miner.evaluation.gold import load_codings_gold, load_units_gold

FIX = Path(__file__).parent / "fixtures" / "evaluate"
TYPES = {"success", "barrier", "precondition", "recommendation"}
THEMES = {"covid", "parents", "labour_market", "professionalisation"}


def write_jsonl(path: Path, rows) -> Path:
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def unit(i, text="Een zin over stages.", doc="a.txt"):
    return {"id": i, "doc": doc, "line_start": 1, "line_end": 2, "text": text}


def test_loads_fixture_gold():
    g = load_units_gold(FIX / "units.jsonl", FIX / "labels.jsonl")
    assert len(g.units) == 9 and g.complete and g.documents == ["rapport-lob-fictief.txt"]
    u6 = next(u for u in g.units if u.id == "f-06")
    assert u6.type == "precondition" and u6.themes == ("capacity_resources", "collaboration_chain")
    assert set(u6.pairs) == {("precondition", "capacity_resources"), ("precondition", "collaboration_chain")}
    assert u6.note == "budget and the vo-mbo networks"
    assert next(u for u in g.units if u.id == "f-01").pairs == ()


@pytest.mark.parametrize(
    "units, labels, line_file, problem",
    [
        ([unit("1"), "{not json"], [{"id": "1", "type": "none", "themes": []}], "units", "invalid JSON"),
        ([{"id": "1", "doc": "a.txt"}], [{"id": "1", "type": "none", "themes": []}], "units", "missing field(s): text"),
        ([unit("1"), unit("1")], [{"id": "1", "type": "none", "themes": []}], "units", "duplicate unit id '1'"),
        ([unit("1")], [{"id": "1", "type": "obstacle", "themes": ["covid"]}], "labels", "unknown type 'obstacle'"),
        ([unit("1")], [{"id": "1", "type": "none", "themes": ["covid"]}], "labels", "themes must be empty exactly when"),
        ([unit("1")], [{"id": "1", "type": "barrier", "themes": []}], "labels", "without themes"),
        ([unit("1")], [{"id": "1", "type": "barrier", "themes": ["weather"]}], "labels", "unknown theme(s) weather"),
        ([unit("1")], [{"id": "1", "type": "barrier", "themes": "covid"}], "labels", "'themes' must be list"),
        ([unit("1")], [{"id": "1", "type": "none", "themes": []}, {"id": "2", "type": "none", "themes": []}], "labels", "label for unit '2', which is not in"),
        ([unit("1")], [{"id": "1", "type": "none", "themes": []}, {"id": "1", "type": "none", "themes": []}], "labels", "duplicate label for unit '1'"),
        ([unit("1"), unit("2")], [{"id": "1", "type": "none", "themes": []}], "units", "1 unit(s) have no label"),
        ([unit("1")], ["[1, 2]"], "labels", "expected a JSON object"),
    ],
)
def test_malformed_units_gold(tmp_path, units, labels, line_file, problem):
    up = write_jsonl(tmp_path / "units.jsonl", units)
    lp = write_jsonl(tmp_path / "labels.jsonl", labels)
    with pytest.raises(FormatError) as err:
        load_units_gold(up, lp, TYPES, THEMES)
    msg = str(err.value)
    assert problem in msg
    # The message names the file and the offending line.
    expected = up if line_file == "units" else lp
    assert msg.startswith(f"{expected}:") and err.value.line is not None


def test_error_names_the_right_line(tmp_path):
    up = write_jsonl(tmp_path / "units.jsonl", [unit("1"), unit("2"), unit("3")])
    lp = write_jsonl(tmp_path / "labels.jsonl", [
        {"id": "1", "type": "none", "themes": []},
        {"id": "2", "type": "success", "themes": ["covid"]},
        {"id": "3", "type": "none", "themes": ["parents"]},
    ])
    with pytest.raises(FormatError) as err:
        load_units_gold(up, lp, TYPES, THEMES)
    assert err.value.line == 3


def test_missing_and_empty_files(tmp_path):
    with pytest.raises(FormatError, match="not found"):
        load_units_gold(tmp_path / "nope.jsonl", tmp_path / "nope2.jsonl")
    (tmp_path / "u.jsonl").write_text("\n\n", encoding="utf-8")
    with pytest.raises(FormatError, match="empty gold file"):
        load_units_gold(tmp_path / "u.jsonl", tmp_path / "u.jsonl")


def test_loads_human_codings_csv():
    g = load_codings_gold(FIX / "human-codings.csv", TYPES | {"barrier"}, THEMES | {"curriculum_time", "capacity_resources"})
    assert not g.complete and g.kind == "codings"
    assert [u.id for u in g.units] == ["rapport-lob-fictief:2", "rapport-lob-fictief:3", "rapport-lob-fictief:8"]
    u3 = g.units[1]
    assert u3.type == "barrier" and u3.themes == ("curriculum_time", "capacity_resources")
    assert u3.passage_id == "rapport-lob-fictief:3"


def test_codings_csv_passage_by_offsets_and_several_types(tmp_path):
    p = tmp_path / "human.csv"
    p.write_text(
        "document,start,end,text,type,theme,coder\n"
        "doc,0,20,Scholen moeten meer doen.,recommendation,parents,human\n"
        "doc,0,20,Scholen moeten meer doen.,barrier,parents,human\n"
        "doc,0,20,Scholen moeten meer doen.,recommendation,covid,human\n"
        "doc,21,40,Niets bijzonders hier.,none,,human\n",
        encoding="utf-8",
    )
    g = load_codings_gold(p, TYPES, THEMES, ["success", "barrier", "precondition", "recommendation"])
    first, second = g.units
    assert first.id == "doc:0-20" and first.passage_id is None
    assert first.type == "recommendation"          # two of its three rows
    assert set(first.pairs) == {("recommendation", "parents"), ("barrier", "parents"), ("recommendation", "covid")}
    assert second.type == "none" and second.themes == ()


@pytest.mark.parametrize(
    "body, problem, line",
    [
        ("document,text,type\n", "missing column(s): theme, passage_id (or start and end)", 1),
        ("document,passage_id,text,type,theme\nd,d:1,Tekst.,obstacle,covid\n", "unknown type 'obstacle'", 2),
        ("document,passage_id,text,type,theme\nd,d:1,Tekst.,barrier,weather\n", "unknown theme 'weather'", 2),
        ("document,passage_id,text,type,theme\nd,d:1,Tekst.,barrier,covid\nd,d:2,Tekst.,barrier,\n", "without a theme", 3),
        ("document,start,end,text,type,theme\nd,x,4,Tekst.,barrier,covid\n", "no passage_id and no integer start/end", 2),
        ("document,passage_id,text,type,theme\n,d:1,Tekst.,barrier,covid\n", "empty 'document'", 2),
        ("document,passage_id,text,type,theme\nd,d:1,,barrier,covid\n", "has no text to align on", 2),
        ("document,passage_id,text,type,theme\n", "no codings", None),
    ],
)
def test_malformed_codings_csv(tmp_path, body, problem, line):
    p = tmp_path / "human.csv"
    p.write_text(body, encoding="utf-8")
    with pytest.raises(FormatError) as err:
        load_codings_gold(p, TYPES, THEMES)
    assert problem in str(err.value) and str(err.value).startswith(str(p))
    assert err.value.line == line


def test_theme_without_type_counts_for_themes_only(tmp_path):
    # A themes-only code tree (common in NVivo projects) imported with `miner import qdpx`.
    path = tmp_path / "codings.csv"
    path.write_text("document,passage_id,text,type,theme\n"
                    "d,d:1,Ouders kwamen naar de avond.,,parents\n"
                    "d,d:2,Er was te weinig tijd.,barrier,capacity_resources\n", encoding="utf-8")
    gold = load_codings_gold(path)
    units = {u.id: u for u in gold.units}
    assert units["d:1"].type == "none" and units["d:1"].themes == ("parents",)
    assert units["d:2"].type == "barrier" and units["d:2"].pairs == (("barrier", "capacity_resources"),)
