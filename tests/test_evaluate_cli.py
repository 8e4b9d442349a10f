"""miner evaluate end to end on a small fictional gold and run folder (tests/fixtures/evaluate)."""

import csv
import json
import shutil
from pathlib import Path

import pytest

from miner.cli import main
from miner.evaluation import corpus_from_results, evaluate, load_codings_gold, load_units_gold

FIX = Path(__file__).parent / "fixtures" / "evaluate"
CB = str(FIX / "codebook.yaml")


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_units_gold_against_run_folder(tmp_path, capsys):
    out = tmp_path / "eval"
    code = main(["evaluate", "--gold", str(FIX / "units.jsonl"), str(FIX / "labels.jsonl"),
                 "--auto", str(FIX / "run"), "--codebook", CB, "--out", str(out)])
    assert code == 0
    printed = capsys.readouterr()
    assert "kappa 0.719" in printed.out and "8 of 9 gold units matched" in printed.out
    assert "only 88.9% of the gold units were aligned" in printed.err

    ev = json.loads((out / "evaluation.json").read_text(encoding="utf-8"))
    assert ev["run_info"]["command"] == "evaluate" and ev["run_info"]["codebook_hash"]
    al = ev["alignment"]
    assert (al["gold_units"], al["matched"]) == (9, 8)
    assert al["by_method"] == {"exact": 7, "fuzzy": 1, "unmatched": 1}
    assert al["unmatched_units"] == ["f-09"]
    t = ev["type"]
    # Hand-computed: 7 of 9 identical; both marginals none 2, success 2, barrier 2, recommendation 2,
    # precondition 1 -> p_e = 17/81, kappa = (63 - 17) / (81 - 17) = 46/64.
    assert t["kappa"] == round(46 / 64, 4)
    assert t["percent_agreement"] == round(7 / 9, 4)
    assert (t["both_uncoded"], t["gold_uncoded"], t["auto_uncoded"]) == (1, 2, 2)
    assert t["coded_only"]["units"] == 8
    assert t["confusion"]["none"]["success"] == 1 and t["confusion"]["success"]["none"] == 1
    # Themes and pairs: 6 hits, 3 spurious, 3 missed each.
    for facet in ("theme", "pair"):
        m = ev[facet]["micro"]
        assert (m["tp"], m["fp"], m["fn"]) == (6, 3, 3) and m["f1"] == round(2 / 3, 4)

    per_code = {(r["facet"], r["code"]): r for r in read_csv(out / "per_code.csv")}
    s = per_code[("type", "success")]
    assert (s["tp"], s["fp"], s["fn"], s["f1"]) == ("1", "1", "1", "0.5")
    assert per_code[("theme", "collaboration_chain")]["recall"] == "0.0"
    assert per_code[("pair", "precondition/collaboration_chain")]["fn"] == "1"

    dis = {r["unit"]: r for r in read_csv(out / "disagreements.csv")}
    assert sorted(dis) == ["f-04", "f-05", "f-06", "f-07", "f-08", "f-09"]
    assert dis["f-07"]["disagreement"] == "type+themes" and "model features" in dis["f-07"]["evidence"]
    assert dis["f-06"]["passage_ids"] == "rapport-lob-fictief:5 rapport-lob-fictief:6"
    assert dis["f-06"]["gold_note"] == "budget and the vo-mbo networks"
    assert dis["f-09"]["alignment"] == "unmatched" and dis["f-09"]["auto_type"] == "none"
    # The merged-segment row of codings.csv (not a passage) played no part.
    assert "vision_policy" not in " ".join(r["auto_themes"] for r in dis.values())


def test_skip_unmatched_leaves_them_out(tmp_path):
    gold = load_units_gold(FIX / "units.jsonl", FIX / "labels.jsonl")
    ev = evaluate(gold, corpus_from_results(FIX / "run"), skip_unmatched=True)
    assert len(ev.units) == 8 and [r.unit.id for r in ev.skipped] == ["f-09"]
    # Without f-09 (gold success, auto none): 7 of 8 identical.
    assert ev.summary["type"]["percent_agreement"] == round(7 / 8, 4)


def test_codings_csv_gold_counts_uncoded_passages(tmp_path, capsys):
    out = tmp_path / "eval"
    code = main(["evaluate", "--gold-codings", str(FIX / "human-codings.csv"), "--auto", str(FIX / "run"),
                 "--codebook", CB, "--out", str(out), "--quiet"])
    assert code == 0
    ev = json.loads((out / "evaluation.json").read_text(encoding="utf-8"))
    assert ev["alignment"]["by_method"] == {"id": 3}
    assert ev["alignment"]["uncoded_passages_added"] == 6 and ev["units"] == 9
    t = ev["type"]
    # gold none x6, success, barrier x2; auto none x3, success x2, barrier x2, recommendation, precondition;
    # 6 identical -> p_o 54/81, p_e (6*3 + 1*2 + 2*2)/81 = 24/81, kappa 30/57.
    assert t["kappa"] == round(30 / 57, 4)
    assert t["both_uncoded"] == 3
    pair = ev["pair"]["micro"]
    assert (pair["tp"], pair["fn"]) == (3, 1)      # barrier/capacity_resources missed


def test_default_out_is_the_run_folder(tmp_path):
    run = tmp_path / "run"
    shutil.copytree(FIX / "run", run)
    assert main(["evaluate", "--gold", str(FIX / "units.jsonl"), str(FIX / "labels.jsonl"),
                 "--auto", str(run), "--codebook", CB, "--quiet"]) == 0
    assert (run / "evaluation.json").exists() and (run / "codings.csv").exists()


def test_bad_gold_is_one_clear_error_and_nothing_written(tmp_path, capsys):
    labels = tmp_path / "labels.jsonl"
    lines = (FIX / "labels.jsonl").read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace('"recommendation"', '"advice"')
    labels.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "eval"
    code = main(["evaluate", "--gold", str(FIX / "units.jsonl"), str(labels), "--auto", str(FIX / "run"),
                 "--codebook", CB, "--out", str(out)])
    assert code == 1
    err = capsys.readouterr().err
    assert f"{labels}:4: unknown type 'advice'" in err and "Traceback" not in err
    assert not out.exists()


def test_run_folder_without_codings(tmp_path, capsys):
    run = tmp_path / "run"
    run.mkdir()
    for f in ("documents.csv", "passages.csv"):
        shutil.copy(FIX / "run" / f, run / f)
    code = main(["evaluate", "--gold", str(FIX / "units.jsonl"), str(FIX / "labels.jsonl"),
                 "--auto", str(run), "--codebook", CB])
    assert code == 1 and "codings.csv: no codings.csv" in capsys.readouterr().err


def test_sources_mode_needs_out(capsys):
    code = main(["evaluate", "--gold", str(FIX / "units.jsonl"), str(FIX / "labels.jsonl"),
                 "--sources", str(FIX), "--codebook", CB])
    assert code == 1 and "--out DIR is required" in capsys.readouterr().err


def _fake_coder(passages, codebook, settings=None, model=None):
    from miner.model import Coding

    return [Coding(p.document, p.passage_id, "success", "professionalisation", 0.9, "rules", "cue 'succesfactor'")
            for p in passages if "succesfactor" in p.text]


def test_sources_mode_extracts_codes_and_evaluates(tmp_path, capsys, monkeypatch):
    import miner.coding

    monkeypatch.setattr(miner.coding, "code_passages", _fake_coder)
    out = tmp_path / "eval"
    code = main(["evaluate", "--gold", str(FIX / "units.jsonl"), str(FIX / "labels.jsonl"),
                 "--sources", str(FIX / "sources"), "--codebook", CB, "--out", str(out), "--quiet"])
    assert code == 0
    ev = json.loads((out / "evaluation.json").read_text(encoding="utf-8"))
    assert ev["alignment"]["matched"] == 8            # the hyphen-wrapped source lines align too
    assert ev["run_info"]["model"] == "rules only" and ev["run_info"]["sources"] == str(FIX / "sources")
    success = next(r for r in ev["per_code"]["type"] if r["code"] == "success")
    assert (success["tp"], success["fp"], success["fn"]) == (1, 0, 1)
    rows = read_csv(out / "codings.csv")
    assert [(r["type"], r["theme"]) for r in rows] == [("success", "professionalisation")]


def test_sources_mode_missing_document_is_reported_rest_evaluated(tmp_path, capsys, monkeypatch):
    import miner.coding

    monkeypatch.setattr(miner.coding, "code_passages", _fake_coder)
    units = tmp_path / "units.jsonl"
    labels = tmp_path / "labels.jsonl"
    units.write_text((FIX / "units.jsonl").read_text(encoding="utf-8")
                     + json.dumps({"id": "x-1", "doc": "ontbreekt.txt", "text": "Een zin."}) + "\n", encoding="utf-8")
    labels.write_text((FIX / "labels.jsonl").read_text(encoding="utf-8")
                      + json.dumps({"id": "x-1", "type": "none", "themes": []}) + "\n", encoding="utf-8")
    out = tmp_path / "eval"
    code = main(["evaluate", "--gold", str(units), str(labels), "--sources", str(FIX / "sources"),
                 "--codebook", CB, "--out", str(out), "--quiet"])
    assert code == 1
    assert "ontbreekt.txt: source document 'ontbreekt.txt' named by the gold is not in the sources folder" in capsys.readouterr().err
    ev = json.loads((out / "evaluation.json").read_text(encoding="utf-8"))
    assert ev["alignment"]["gold_units"] == 10 and ev["alignment"]["matched"] == 8
    assert "x-1" in ev["alignment"]["unmatched_units"]


def test_per_document_breakdown(tmp_path):
    gold = load_units_gold(FIX / "units.jsonl", FIX / "labels.jsonl")
    ev = evaluate(gold, corpus_from_results(FIX / "run"))
    per = ev.summary["per_document"]
    assert list(per) == ["rapport-lob-fictief.txt"]
    assert per["rapport-lob-fictief.txt"] == {"units": 9, "type_kappa": round(46 / 64, 4), "pair_micro_f1": round(2 / 3, 4)}



def _interview_folder(folder, speakers: str | None):
    # "Karin" asks the questions; nothing in the text says so, only speakers.csv does.
    src = folder / "bronnen"
    src.mkdir(parents=True)
    (src / "gesprek-mentor.txt").write_text(
        "[00:00:01] Karin: Wat werkt er volgens u goed bij de loopbaangesprekken?\n"
        "[00:00:05] Ans: De training voor mentoren hielp enorm bij die gesprekken.\n"
        "[00:00:12] Karin: Dank u wel, dit gesprek over de training was heel nuttig.\n",
        encoding="utf-8")
    if speakers is not None:
        (src / "speakers.csv").write_text(speakers, encoding="utf-8")
    units = folder / "units.jsonl"
    labels = folder / "labels.jsonl"
    units.write_text(json.dumps({"id": "g-1", "doc": "gesprek-mentor.txt",
                                 "text": "De training voor mentoren hielp enorm bij die gesprekken."}) + "\n", encoding="utf-8")
    labels.write_text(json.dumps({"id": "g-1", "type": "success", "themes": ["professionalisation"]}) + "\n", encoding="utf-8")
    return src, load_units_gold(units, labels), units, labels


ROLES = "document,speaker,role,group\ngesprek-mentor.txt,Karin,interviewer,\ngesprek-mentor.txt,Ans,respondent,mentor\n"


def test_sources_mode_applies_the_folders_speaker_roles(tmp_path):
    from miner.evaluation import corpus_from_sources

    src, gold, _, _ = _interview_folder(tmp_path, ROLES)
    seen = []
    corpus, errors = corpus_from_sources(gold, src, lambda ps: seen.extend(ps) or [])
    assert errors == []
    # The coder sees the roles and groups a run would give it.
    assert {(p.speaker, p.role, p.group) for p in seen} == {("Karin", "interviewer", None), ("Ans", "respondent", "mentor")}

    bare, _, _, _ = _interview_folder(tmp_path / "zonder", None)
    seen.clear()
    corpus_from_sources(gold, bare, lambda ps: seen.extend(ps) or [])
    assert {p.role for p in seen if p.speaker == "Karin"} != {"interviewer"}


def test_sources_mode_refuses_a_bad_speakers_file_naming_it(tmp_path):
    from miner.errors import FormatError
    from miner.evaluation import corpus_from_sources

    src, gold, _, _ = _interview_folder(tmp_path, "document,speaker,role\ngesprek-mentor.txt,Karin,vragensteller\n")
    with pytest.raises(FormatError) as err:
        corpus_from_sources(gold, src, lambda ps: [])
    assert "speakers.csv" in str(err.value) and "vragensteller" in str(err.value)


def test_sources_mode_codes_only_the_respondent(tmp_path):
    src, _, units, labels = _interview_folder(tmp_path, ROLES)
    out = tmp_path / "eval"
    code = main(["evaluate", "--gold", str(units), str(labels), "--sources", str(src), "--out", str(out), "--quiet"])
    assert code == 0
    rows = read_csv(out / "codings.csv")
    # The interviewer's closing praise ("heel nuttig") is not coded: Karin is known to be the interviewer.
    assert [(r["type"], r["theme"]) for r in rows] == [("success", "professionalisation")]
    assert rows[0]["passage_id"].endswith(":00001")
