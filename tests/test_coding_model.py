"""The learned layer: training, JSON round trip, refusing unsafe or malformed model files."""

from __future__ import annotations

import json
import pickle

import numpy as np
import pytest

from miner.cli import main
from miner.codebook_io import load_codebook
from miner.coding import code_passages
from miner.coding.learned import codebook_examples, default_model, load_model, save_model, train_model
from miner.errors import FormatError
from miner.model import Passage
from miner.settings import Settings


@pytest.fixture(scope="module")
def lob():
    return load_codebook("lob")


@pytest.fixture(scope="module")
def model(lob):
    return train_model(codebook_examples(lob), lob, use_rules=True, blend=1.0)


def passages():
    texts = [
        ("Een groot knelpunt is het gebrek aan stageplaatsen in de zorg.", ("Knelpunten",)),
        ("Wij adviseren scholen ouders vroeg te betrekken bij de profielkeuze.", ("Aanbevelingen",)),
        ("De school telt zeshonderd leerlingen.", ("Inleiding",)),
        ("De training van mentoren heeft de loopbaangesprekken sterk verbeterd.", ("Succesfactoren",)),
    ]
    return [Passage(document="d", passage_id=f"d:{i:05d}", index=i, kind="paragraph", text=t, start=0, end=len(t),
                    section=s, block=i) for i, (t, s) in enumerate(texts)]


def test_model_codes_with_probabilities_and_features(lob, model):
    cods = code_passages(passages(), lob, Settings(), model=model)
    assert cods
    for c in cods:
        assert c.method == "rules+model"
        assert "model p=" in c.evidence and "top features" in c.evidence
        assert 0.0 <= c.score <= 1.0
    types = {c.passage_id: c.type for c in cods}
    assert types.get("d:00000") == "barrier"
    assert types.get("d:00001") == "recommendation"


def test_json_round_trip_gives_identical_codings(tmp_path, lob, model):
    path = save_model(model, tmp_path / "m.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "miner-coding-model" and data["type"]["classes"][0] == "none"
    assert len(data["vocabulary"]) == len(data["idf"])
    again = load_model(path)
    assert again.hash() == load_model(save_model(again, tmp_path / "m2.json")).hash()
    a = [c.to_dict() for c in code_passages(passages(), lob, Settings(), model=model)]
    b = [c.to_dict() for c in code_passages(passages(), lob, Settings(), model=again)]
    assert [(x["passage_id"], x["type"], x["theme"], x["score"]) for x in a] == \
           [(x["passage_id"], x["type"], x["theme"], x["score"]) for x in b]


def test_training_is_deterministic(lob, model):
    other = train_model(codebook_examples(lob), lob, use_rules=True, blend=1.0)
    assert np.allclose(other.type_coef, model.type_coef) and other.vocabulary == model.vocabulary


def test_a_pickle_is_refused_without_being_loaded(tmp_path):
    class Boom:
        def __reduce__(self):
            return (exec, ("raise SystemExit('unpickled!')",))

    path = tmp_path / "evil.json"
    path.write_bytes(pickle.dumps(Boom()))
    with pytest.raises(FormatError, match="pickle"):
        load_model(path)


def _mutated(tmp_path, model, change):
    d = json.loads(json.dumps(model.to_json()))
    change(d)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(d), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "change, words",
    [
        (lambda d: d.update(format="sklearn-pickle"), "'format'"),
        (lambda d: d.update(version=99), "unsupported version"),
        (lambda d: d["type"].update(coef=d["type"]["coef"][:-1]), "'type.coef' has shape"),
        (lambda d: d["themes"]["intercept"].__setitem__(0, "x"), "numbers only"),
        (lambda d: d.update(idf=d["idf"][:3]), "'idf' has shape"),
        (lambda d: d.update(vocabulary=d["vocabulary"][:1] * len(d["vocabulary"])), "duplicate"),
        (lambda d: d["type"].update(classes=["success", "barrier", "precondition", "recommendation", "other"]), "'none'"),
        (lambda d: d.update(blend=3), "'blend'"),
        (lambda d: d.update(features={"char_ngrams": [2, 3], "use_rules": True}), "char n-grams"),
    ],
)
def test_malformed_models_are_refused_with_the_file_named(tmp_path, model, change, words):
    path = _mutated(tmp_path, model, change)
    with pytest.raises(FormatError, match=words) as info:
        load_model(path)
    assert str(path) in str(info.value)


def test_nan_and_non_json_are_refused(tmp_path, model):
    path = tmp_path / "nan.json"
    d = model.to_json()
    d["type"]["intercept"][0] = float("nan")
    path.write_text(json.dumps(d), encoding="utf-8")
    with pytest.raises(FormatError, match="NaN"):
        load_model(path)
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(FormatError, match="not a JSON model"):
        load_model(path)
    with pytest.raises(FormatError, match="not found"):
        load_model(tmp_path / "missing.json")


def test_model_for_another_codebook_is_refused(tmp_path, lob, model):
    path = _mutated(tmp_path, model, lambda d: d["themes"]["classes"].__setitem__(0, "budget"))
    bad = load_model(path)
    with pytest.raises(FormatError, match="budget"):
        code_passages(passages(), lob, Settings(), model=bad)


def test_shipped_default_model_is_trained_on_examples_only(lob):
    m = default_model(lob)
    assert m is not None
    assert m.trained_on["sources"] == ["codebook lob examples"]
    n_examples = sum(len(c.examples) + len(c.counter_examples) for c in lob.codes)
    assert m.trained_on["passages"] == n_examples
    # Retrain the shipped model whenever the codebook changes (see codebooks/README.md).
    assert m.codebook_hash == lob.hash()
    assert code_passages(passages(), lob, Settings(), model=m)


def test_loading_the_shipped_model_does_not_compile_the_codebook(monkeypatch):
    # A re-run whose documents all come from the store codes nothing: loading the model must not
    # pay for compiling the codebook's patterns (most of such a run's time before this was kept).
    from miner.coding import rules

    def refuse(cb):
        raise AssertionError("compiled the codebook")

    monkeypatch.setattr(rules, "CompiledCodebook", refuse)
    monkeypatch.setattr(rules, "_COMPILED", {})
    monkeypatch.setattr(rules, "_BY_OBJECT", {})
    cb = load_codebook("lob")
    m = default_model(cb)
    assert m is not None
    m.check_codebook(cb)
    other = load_codebook("lob")
    other.themes[0].id = "budget"
    with pytest.raises(FormatError, match="not in codebook"):
        m.check_codebook(other)


def test_train_command_on_unit_gold(tmp_path, capsys):
    units = [
        ("u1", "Het gebrek aan stageplaatsen remt de oriëntatie."),
        ("u2", "Zorg ervoor dat mentoren scholing krijgen."),
        ("u3", "De school ligt aan de rand van de stad."),
        ("u4", "De gastlessen van bedrijven werkten goed."),
    ]
    labels = [("u1", "barrier", ["labour_market"]), ("u2", "recommendation", ["professionalisation"]),
              ("u3", "none", []), ("u4", "success", ["labour_market"])]
    up, lp = tmp_path / "units.jsonl", tmp_path / "labels.jsonl"
    up.write_text("\n".join(json.dumps({"id": i, "doc": "a.txt", "text": t}) for i, t in units), encoding="utf-8")
    lp.write_text("\n".join(json.dumps({"id": i, "type": t, "themes": th}) for i, t, th in labels), encoding="utf-8")
    out = tmp_path / "model.json"
    assert main(["train", "--codebook", "lob", "--gold", str(up), str(lp), "--out", str(out)]) == 0
    m = load_model(out)
    assert m.use_rules and "gold units.jsonl" in m.trained_on["sources"]
    lp.write_text(json.dumps({"id": "u1", "type": "obstacle", "themes": []}), encoding="utf-8")
    assert main(["train", "--codebook", "lob", "--gold", str(up), str(lp), "--out", str(tmp_path / "x.json")]) == 1
    assert "labels.jsonl:1" in capsys.readouterr().err
    assert not (tmp_path / "x.json").exists()


def test_train_on_a_gold_with_its_source_documents(tmp_path, capsys):
    """--sources trains on the documents as extracted (headings and lists in context); a missing
    source document is named, the rest still trains, and the exit says something failed."""
    units = [
        ("u1", "Het gebrek aan stageplaatsen remt de oriëntatie van leerlingen."),
        ("u2", "Zorg ervoor dat mentoren scholing krijgen in het loopbaangesprek."),
        ("u3", "De gastlessen van bedrijven werkten in alle klassen goed."),
        ("u4", "Ouders komen graag naar de avonden over de profielkeuze."),
    ]
    labels = [("u1", "barrier", ["labour_market"]), ("u2", "recommendation", ["professionalisation"]),
              ("u3", "success", ["labour_market"]), ("u4", "success", ["parents"])]
    src = tmp_path / "docs"
    src.mkdir()
    (src / "a.txt").write_text("Knelpunten\n\n" + units[0][1] + "\n\nAanbevelingen\n\n" + units[1][1] + "\n", encoding="utf-8")
    (src / "b.txt").write_text("Succesfactoren\n\n" + units[2][1] + " " + units[3][1] + "\n", encoding="utf-8")
    up, lp = tmp_path / "units.jsonl", tmp_path / "labels.jsonl"
    up.write_text("\n".join(json.dumps({"id": i, "doc": "a.txt" if i in ("u1", "u2") else "b.txt", "text": t})
                            for i, t in units), encoding="utf-8")
    lp.write_text("\n".join(json.dumps({"id": i, "type": t, "themes": th}) for i, t, th in labels), encoding="utf-8")
    out = tmp_path / "model.json"
    args = ["train", "--codebook", "lob", "--no-examples", "--gold", str(up), str(lp), "--out", str(out)]
    assert main(args + ["--sources", str(src)]) == 0
    m = load_model(out)
    assert m.trained_on["passages"] == 4 and m.trained_on["sources"] == ["gold units.jsonl on docs/"]
    (src / "b.txt").unlink()
    assert main(args + ["--sources", str(src)]) == 1
    err = capsys.readouterr().err
    assert "b.txt" in err and "not in the sources folder" in err
    assert load_model(out).trained_on["passages"] == 2
    assert main(args + ["--sources", str(src), "--sources", str(src)]) == 1
    assert "--sources once" in capsys.readouterr().err


def test_rule_distribution_agrees_with_the_rules_and_is_sure_only_when_they_are():
    from miner.coding.learned import rule_distribution
    from miner.coding.rules import RuleResult

    classes = ["none", "success", "barrier", "precondition", "recommendation"]
    clear = rule_distribution(RuleResult(type_scores={"barrier": 3.4, "success": 0.4}), classes)
    close = rule_distribution(RuleResult(type_scores={"barrier": 1.3, "recommendation": 1.2}), classes)
    nothing = rule_distribution(RuleResult(type_scores={"success": 0.4}), classes)
    assert classes[int(np.argmax(clear))] == "barrier" and clear.max() > 0.95
    assert classes[int(np.argmax(close))] == "barrier" and close.max() < 0.6
    assert classes[int(np.argmax(nothing))] == "none"
    for d in (clear, close, nothing):
        assert d.sum() == pytest.approx(1.0) and (d >= 0).all()


def test_blended_model_keeps_clear_rule_types_and_rule_themes(lob):
    m = train_model(codebook_examples(lob), lob, use_rules=False, blend=0.3, theme_blend=0.0, C=4.0, text_weight=1.0)
    ps = passages()
    with_model = {(c.passage_id, c.type, c.theme) for c in code_passages(ps, lob, Settings(), model=m)}
    rules_only = {(c.passage_id, c.type, c.theme) for c in code_passages(ps, lob, Settings())}
    # The knelpunt and the advice are clear to the rules: a weak model does not overturn them, and
    # with theme_blend 0 their themes are exactly the rules' themes.
    for pid in ("d:00000", "d:00001"):
        assert {x for x in with_model if x[0] == pid} == {x for x in rules_only if x[0] == pid}


def test_without_a_rule_theme_the_model_picks_its_own_theme_not_the_first_by_name(lob, monkeypatch):
    from scipy.sparse import csr_matrix

    from miner.coding.rules import compile_codebook, rule_pass

    m = train_model(codebook_examples(lob), lob, use_rules=False, blend=0.3, theme_blend=0.0, C=4.0, text_weight=1.0)
    text = "Het werkte uiteindelijk toch."
    p = Passage(document="d", passage_id="d:00000", index=0, kind="paragraph", text=text, start=0, end=len(text))
    cc = compile_codebook(lob)
    r = rule_pass([p], cc)[0]
    r.theme_scores.clear()
    pt = np.zeros((1, len(m.type_classes)))
    pt[0, m.type_classes.index("success")] = 1.0
    ph = np.zeros((1, len(m.theme_classes)))
    ph[0, m.theme_classes.index("parents")] = 0.9
    monkeypatch.setattr(m, "predict", lambda *a: (csr_matrix((1, len(m.vocabulary))), pt, ph))
    type_id, _, themes, _, _ = m.decide([p], [r], cc)[0]
    assert type_id == "success" and [t for t, _ in themes] == ["parents"]
