"""How much a later passage is "about the same thing" as a recommendation, and why.

The score mixes three views of the text, because Dutch policy prose rewords freely:

* lemma TF-IDF cosine (simplemma lemmas, stopwords out), fitted on every passage of the corpus,
  so words that every document uses ("LOB", "school") count for little;
* character 3-5-gram TF-IDF over those lemmas, which lets compounds meet their parts
  ("loopbaanbegeleiding" / "begeleiding van de loopbaan");
* rapidfuzz token-set ratio over the lemma strings, for word-order and phrasing variants;

then adds a bonus for shared named things (weighted by how rare the name is across documents)
and multiplies by a boost when the two passages share a coded theme.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import numpy as np

from .text import match_tokens, named_things_display, per_text


@dataclass
class PairEvidence:
    score: float
    lemma_cos: float
    char_cos: float
    fuzzy: float
    shared_lemmas: list[str]
    shared_names: list[str]
    shared_themes: list[str]


class Matcher:
    """Fitted on all passages of a corpus; scores (recommendation, candidate) pairs by row index."""

    def __init__(self, texts: list[str], lemmas: list[list[str]], settings) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.settings = settings
        self.lemmas = lemmas
        self.lemma_strings = [" ".join(ls) for ls in lemmas]
        self.tokens = [" ".join(match_tokens(ls)) for ls in lemmas]
        self.names = per_text(named_things_display, texts)
        # Name rarity counts passages: a name in every other sentence of an LOB corpus ("LOB")
        # says little, a programme named a handful of times says a lot. Counting documents would
        # be too coarse with the three to ten documents a trace usually spans.
        df = Counter(n for names in self.names for n in names)
        n_pass = max(len(texts), 2)
        self._max_name_weight = math.log(n_pass / 2)
        self.name_weight = {n: max(0.0, math.log(n_pass / c)) for n, c in df.items()}

        nonempty = any(self.lemma_strings)
        self.word_vec = TfidfVectorizer(analyzer=str.split, sublinear_tf=True, min_df=1)
        self.char_vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=1)
        if nonempty:
            self.W = self.word_vec.fit_transform(self.tokens)
            self.C = self.char_vec.fit_transform(self.lemma_strings)
            self.idf = dict(zip(self.word_vec.get_feature_names_out(), self.word_vec.idf_))
            # Presence of the words that can count as shared: not the ones in a large share of
            # all passages ("LOB" in an LOB corpus), which join everything to everything.
            from scipy.sparse import diags

            present = (self.W > 0).astype(np.float64)
            df = np.asarray(present.sum(axis=0)).ravel()
            keep = (df <= max(5, settings.common_share * present.shape[0])).astype(np.float64)
            self.P = (present @ diags(keep)).tocsr()
            self.P.eliminate_zeros()
        else:
            self.W = self.C = None
            self.idf = {}

    def scores(self, rec_rows: list[int], cand_rows: list[int], rec_themes: list[set[str]],
               cand_themes: list[set[str]], needed: np.ndarray | None = None) -> np.ndarray:
        """Combined score matrix (recommendations x candidates), from 0 (a little above 1 at most).

        ``needed``, a boolean matrix of the same shape, names the pairs the caller will read (a
        recommendation and a candidate in a later document); elsewhere the fuzzy part may be left
        out, so those entries can be lower than with ``needed=None``. The ratio, the costly part,
        is computed only for pairs where it can change a score.
        """
        from rapidfuzz import fuzz
        from rapidfuzz.process import cpdist

        s = self.settings
        if not rec_rows or not cand_rows or self.W is None:
            return np.zeros((len(rec_rows), len(cand_rows)))
        lemma_cos = (self.W[rec_rows] @ self.W[cand_rows].T).toarray()
        char_cos = (self.C[rec_rows] @ self.C[cand_rows].T).toarray()
        # token_set_ratio is 100 whenever one side's words are a subset of the other's, which for
        # a two-word passage says little: only trust it as far as the texts share real words. That
        # cap also bounds what fuzzy matching can add, so it is computed only for pairs that could
        # reach half the threshold with it; in a corpus of long reports the all-pairs ratio was
        # most of the tracing time.
        cap = np.minimum(1.0, lemma_cos * 2.0)
        fuzzy = np.zeros_like(lemma_cos)
        upper = (s.lemma_weight * lemma_cos + s.char_weight * char_cos + s.fuzzy_weight * cap) * (1.0 + s.theme_boost) \
            + s.name_bonus
        hopeful = (upper >= 0.5 * s.threshold) & (cap > 0)
        # Which of the two ways the ratio was always computed (all pairs in float32 when over a
        # quarter of them could count, else pair by pair in float64) stays decided on all pairs,
        # so that leaving out the pairs nobody reads cannot change a score that is read.
        dtype = np.float32 if np.count_nonzero(hopeful) > 0.25 * lemma_cos.size else np.float64
        if dtype is np.float32:
            hopeful = cap > 0          # min(ratio, cap) is 0 where the cap is
        if needed is not None:
            hopeful &= needed
        # Shared themes and the summed rarity of shared names, as sparse products so that a
        # corpus with thousands of recommendations does not loop over every pair in Python.
        themes = (_indicator(rec_themes, like=cand_themes) @ _indicator(cand_themes, like=rec_themes).T).toarray() > 0
        rec_names = [set(self.names[i]) for i in rec_rows]
        cand_names = [set(self.names[j]) for j in cand_rows]
        weighted = _indicator(cand_names, like=rec_names, weights=self.name_weight)
        names = (_indicator(rec_names, like=cand_names) @ weighted.T).toarray()
        names = np.minimum(1.0, names / self._max_name_weight) if self._max_name_weight > 0 else np.zeros_like(lemma_cos)
        themes = themes.astype(np.float64)
        alive = None
        if s.min_shared > 1:
            # One shared word ("moeite", "ondersteuning") is how unrelated sentences of one field
            # meet; ask for two (compound parts count) unless a rare name is shared.
            shared = (self.P[rec_rows] @ self.P[cand_rows].T).toarray()
            alive = (shared >= s.min_shared) | (names >= 0.5)
            hopeful &= alive           # the others score 0 whatever their ratio
        ri, ci = np.nonzero(hopeful)
        if len(ri):
            recs = np.array([self.lemma_strings[i] for i in rec_rows], dtype=object)
            cands = np.array([self.lemma_strings[j] for j in cand_rows], dtype=object)
            fuzzy[ri, ci] = cpdist(recs[ri], cands[ci], scorer=fuzz.token_set_ratio, dtype=dtype, workers=1) / 100.0
        fuzzy = np.minimum(fuzzy, cap)
        base = s.lemma_weight * lemma_cos + s.char_weight * char_cos + s.fuzzy_weight * fuzzy
        combined = base * (1.0 + s.theme_boost * themes) + s.name_bonus * names * (base > 0)
        if alive is not None:
            combined = np.where(alive, combined, 0.0)
        # Not capped at 1: a shared theme can lift two near-identical passages past it, and the
        # ranking between such candidates still matters; the table shows min(score, 1).
        return np.maximum(combined, 0.0)

    def evidence(self, i: int, j: int, score: float, themes_i: set[str], themes_j: set[str]) -> PairEvidence:
        shared = set(self.lemmas[i]) & set(self.lemmas[j])
        ranked = sorted(shared, key=lambda w: (-self.idf.get(w, 0.0), w))
        names_i, names_j = self.names[i], self.names[j]
        shared_names = sorted(
            (names_i[k] for k in names_i.keys() & names_j.keys() if self.name_weight.get(k, 0) > 0),
            key=lambda n: (-self.name_weight.get(_key(names_i, n), 0.0), n),
        )
        # "Expertisepunt LOB" already says "expertisepunt": list the longest form only.
        shared_names = [n for n in shared_names
                        if not any(o != n and n.casefold() in o.casefold().split() for o in shared_names)]
        lc = _row_dot(self.W, i, j) if self.W is not None else 0.0
        cc = _row_dot(self.C, i, j) if self.C is not None else 0.0
        from rapidfuzz import fuzz

        fz = fuzz.token_set_ratio(self.lemma_strings[i], self.lemma_strings[j]) / 100.0
        return PairEvidence(score, lc, cc, fz, ranked, shared_names, sorted(themes_i & themes_j))


def _row_dot(m, i: int, j: int) -> float:
    """``float(m[i].multiply(m[j]).sum())`` of a CSR matrix without building sparse rows.

    The same to the last bit: scipy's sum puts the non-zero products in column order first
    (sum_duplicates), then numpy adds them up; this does both on the two rows' arrays.
    """
    a, b = slice(m.indptr[i], m.indptr[i + 1]), slice(m.indptr[j], m.indptr[j + 1])
    ia, ib, da, db = m.indices[a], m.indices[b], m.data[a], m.data[b]
    if not len(ia) or not len(ib):
        return 0.0
    if not (ia[1:] > ia[:-1]).all():
        order = np.argsort(ia, kind="stable")
        ia, da = ia[order], da[order]
    if not (ib[1:] > ib[:-1]).all():
        order = np.argsort(ib, kind="stable")
        ib, db = ib[order], db[order]
    if (ia[1:] == ia[:-1]).any() or (ib[1:] == ib[:-1]).any():
        return float(m[i].multiply(m[j]).sum())     # duplicate entries: leave them to scipy
    pos = np.minimum(np.searchsorted(ib, ia), len(ib) - 1)
    hit = ib[pos] == ia
    prod = da[hit] * db[pos[hit]]
    prod = prod[prod != 0]
    return float(np.sum(prod)) if len(prod) else 0.0


def _indicator(sets: list[set[str]], like: list[set[str]] | None = None, weights: dict[str, float] | None = None):
    """Sparse rows x vocabulary matrix of ``sets``; the vocabulary is that of ``sets`` and ``like``
    together, so two calls with their arguments swapped give matching columns."""
    from scipy.sparse import csr_matrix

    vocab = {t: k for k, t in enumerate(sorted(set().union(*sets, *(like or [])) or {""}))}
    rows, cols, vals = [], [], []
    for r, items in enumerate(sets):
        for t in items:
            rows.append(r)
            cols.append(vocab[t])
            vals.append(weights.get(t, 0.0) if weights is not None else 1.0)
    return csr_matrix((vals, (rows, cols)), shape=(len(sets), len(vocab)), dtype=np.float64)


def _key(names: dict[str, str], spelling: str) -> str:
    for k, v in names.items():
        if v == spelling:
            return k
    return spelling
