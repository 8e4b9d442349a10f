"""Agreement statistics against values computed by hand or published with worked examples."""

import pytest

from miner.evaluation.metrics import (
    alpha_two_coders,
    cohen_kappa,
    confusion,
    krippendorff_alpha_nominal,
    macro_f1,
    micro,
    percent_agreement,
    prf_sets,
)


def test_perfect_agreement():
    a = ["barrier", "none", "success", "success", "recommendation"]
    assert cohen_kappa(a, list(a)) == 1.0
    assert alpha_two_coders(a, list(a)) == 1.0
    table = prf_sets([{x} for x in a], [{x} for x in a])
    assert micro(table).f1 == 1.0 and macro_f1(table) == 1.0


def test_total_disagreement_binary():
    a = [0, 1, 0, 1]
    b = [1, 0, 1, 0]
    # p_o = 0, p_e = 0.5 -> kappa -1; alpha: o01 = o10 = 4, n0 = n1 = 4, 1 - 7*8/32 = -0.75
    assert cohen_kappa(a, b) == pytest.approx(-1.0)
    assert alpha_two_coders(a, b) == pytest.approx(-0.75)
    table = prf_sets([{x} for x in a], [{x} for x in b])
    assert micro(table).f1 == 0.0


def test_kappa_textbook_example():
    # 50 proposals: both yes 20, both no 15, A yes/B no 5, A no/B yes 10 -> p_o .7, p_e .5, kappa .4
    a = ["yes"] * 20 + ["no"] * 15 + ["yes"] * 5 + ["no"] * 10
    b = ["yes"] * 20 + ["no"] * 15 + ["no"] * 5 + ["yes"] * 10
    assert percent_agreement(a, b) == pytest.approx(0.7)
    assert cohen_kappa(a, b) == pytest.approx(0.4)


def test_krippendorff_two_observers_binary():
    # Krippendorff, "Computing Krippendorff's alpha-reliability": 10 units, 2 observers -> 0.095
    a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    assert alpha_two_coders(a, b) == pytest.approx(1 - 19 * 4 / (14 * 6))
    assert round(alpha_two_coders(a, b), 3) == 0.095
    # Cohen's kappa on the same data differs: p_o .6, p_e .56 -> 0.0909
    assert cohen_kappa(a, b) == pytest.approx(0.04 / 0.44)


def test_krippendorff_four_observers_missing_values():
    # The same paper's nominal example: 4 observers, 12 units, missing values -> alpha 0.743
    n = None
    obs = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, n, n, n],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, n, 3],
        [n, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, n],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, n],
    ]
    units = list(zip(*obs))
    assert round(krippendorff_alpha_nominal(units), 3) == 0.743


def test_undefined_statistics_are_none():
    # Every unit in one category for both coders: chance agreement is total, kappa and alpha undefined.
    assert cohen_kappa(["none"] * 5, ["none"] * 5) is None
    assert alpha_two_coders(["none"] * 5, ["none"] * 5) is None
    assert cohen_kappa([], []) is None
    with pytest.raises(ValueError):
        cohen_kappa(["a"], ["a", "b"])


def test_prf_multilabel_counts():
    gold = [{"covid", "parents"}, {"covid"}, set(), {"parents"}]
    pred = [{"covid"}, {"covid", "parents"}, {"parents"}, set()]
    t = prf_sets(gold, pred, ["covid", "parents", "labour_market"])
    assert (t["covid"].tp, t["covid"].fp, t["covid"].fn) == (2, 0, 0)
    assert (t["parents"].tp, t["parents"].fp, t["parents"].fn) == (0, 2, 2)
    assert t["labour_market"].f1 is None            # never used by either side: no F1
    assert t["parents"].precision == 0.0 and t["parents"].f1 == 0.0
    m = micro(t)
    assert (m.tp, m.fp, m.fn) == (2, 2, 2) and m.f1 == pytest.approx(0.5)
    assert macro_f1(t) == pytest.approx(0.5)         # mean of covid 1.0 and parents 0.0


def test_confusion_matrix():
    m = confusion(["barrier", "barrier", "none"], ["barrier", "success", "none"], ["success", "barrier", "none"])
    assert m["barrier"] == {"success": 1, "barrier": 1, "none": 0}
    assert m["none"]["none"] == 1
    assert list(m) == ["success", "barrier", "none"]
