"""The tracer's fast paths give the very numbers of the slow ones they replace (fictional Dutch text)."""

from __future__ import annotations

import random

import numpy as np
import pytest
from scipy.sparse import csr_matrix

from miner.tracing import TraceSettings
from miner.tracing.match import Matcher, _row_dot
from miner.tracing.text import content_lemmas, match_tokens, stopwords

TEXTS = [
    "Wij bevelen aan om de loopbaangesprekken met ouders structureel in te plannen.",
    "Het Expertisepunt LOB zal per 2020 een netwerk van decanen ondersteunen.",
    "Scholen zetten de loopbaanbegeleiding voort; ouderbetrokkenheid blijft een knelpunt.",
    "",
    "Aanbevelingen",
    "De minister heeft besloten het kwaliteitskader LOB te verankeren in de wet.",
    "Leerlingen in het vmbo lopen vaker mee op het mbo dan havisten (zie tabel 3.2).",
    "Wij bevelen aan om de loopbaangesprekken met ouders structureel in te plannen.",
    "Mentoren krijgen scholing in gespreksvoering; de subsidieregeling wordt verlengd.",
    "Straße ÉÉN café-achtige naïeve coördinatie – ‘loopbaan’ … begeleiding",
    "   ",
    "Decanen en mentoren: wie doet wat bij de keuzebegeleiding in klas 2 en 3?",
]


def _corpus(n: int = 300, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    words = " ".join(TEXTS).split()
    out = []
    for _ in range(n):
        k = rng.randint(0, 25)
        out.append(" ".join(rng.choice(words) for _ in range(k)))
    return out + TEXTS


def test_row_dot_is_scipys_sum_also_for_unsorted_rows():
    rng = np.random.default_rng(3)
    rows, cols, vals = [], [], []
    for r in range(60):
        k = rng.integers(0, 40)
        for c in rng.permutation(200)[:k]:          # unsorted column order within a row
            rows.append(r)
            cols.append(int(c))
            vals.append(float(rng.random()) * 1e-3)
    m = csr_matrix((vals, (rows, cols)), shape=(60, 200))
    order = np.concatenate([rng.permutation(np.arange(m.indptr[i], m.indptr[i + 1])) for i in range(60)])
    m = csr_matrix((m.data[order], m.indices[order], m.indptr), shape=m.shape)
    assert not m.has_sorted_indices
    for i in range(60):
        for j in range(60):
            assert _row_dot(m, i, j) == float(m[i].multiply(m[j]).sum())


def test_scores_for_needed_pairs_equal_the_full_matrix():
    texts = _corpus(200, seed=11)
    lemmas = [content_lemmas(t) for t in texts]
    st = TraceSettings()
    m = Matcher(texts, lemmas, st)
    rng = random.Random(5)
    recs = sorted(rng.sample(range(len(texts)), 40))
    cands = sorted(rng.sample(range(len(texts)), 150))
    rec_themes = [set(rng.sample(["lob", "ouders", "stage"], rng.randint(0, 2))) for _ in recs]
    cand_themes = [set(rng.sample(["lob", "ouders", "stage"], rng.randint(0, 2))) for _ in cands]
    full = m.scores(recs, cands, rec_themes, cand_themes)
    assert (full > 0).any()
    needed = np.array([[rng.random() < 0.5 for _ in cands] for _ in recs])
    part = m.scores(recs, cands, rec_themes, cand_themes, needed=needed)
    assert np.array_equal(full[needed], part[needed])


def test_stopwords_are_spacys_dutch_list_plus_ours():
    from spacy.lang.nl.stop_words import STOP_WORDS

    words = stopwords()
    assert {w.casefold() for w in STOP_WORDS} <= words
    assert "aanbeveling" in words and "loopbaan" not in words
