"""The learned layer: TF-IDF over lemmas and character n-grams plus the rule scores, into
logistic regression (one multinomial classifier for the type including 'none', one binary
classifier a theme).

Models are saved as plain JSON — feature names, idf weights, coefficients, intercepts, classes —
and predictions are rebuilt from those numbers with numpy. A model file may come from anyone, so it
is never unpickled: loading only parses JSON and checks every shape and number.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..codebook import Codebook
from ..errors import FormatError
from ..fileio import write_text
from ..model import Passage
from .context import is_list_item
from .engine import squash
from .rules import TYPE_THRESHOLD, CompiledCodebook, RuleResult, compile_codebook, rule_pass

FORMAT = "miner-coding-model"
VERSION = 1
NONE = "none"
SAVED_DECIMALS = 6
CHAR_NGRAMS = (4, 5)
MAX_MODEL_BYTES = 300 * 1024 * 1024
TOP_FEATURES = 3
RULE_SHARPNESS = 3.0    # rule score -> log-odds: one point of rule score ahead is ~20:1


def text_features(toks: list[str], lems: list[str]) -> list[str]:
    feats = [f"w:{lem}" for lem in lems if not lem.isdigit()]
    feats += [f"b:{a}_{b}" for a, b in zip(lems, lems[1:])]
    for t in toks:
        feats += _char_grams(t)
    return feats


_GRAMS: dict[str, list[str]] = {}


def _char_grams(tok: str) -> list[str]:
    g = _GRAMS.get(tok)
    if g is None:
        g = []
        if len(tok) >= 4 and not tok.isdigit():
            s = f"<{tok}>"
            g = [f"c:{s[i:i + n]}" for n in CHAR_NGRAMS for i in range(len(s) - n + 1)]
        if len(_GRAMS) > 200_000:
            _GRAMS.clear()
        _GRAMS[tok] = g
    return g


def rule_feature_names(cc: CompiledCodebook) -> list[str]:
    return _feature_names(cc.type_ids, cc.theme_ids)


def _feature_names(type_ids: list[str], theme_ids: list[str]) -> list[str]:
    names = []
    for t in type_ids:
        names += [f"rule:type={t}", f"rule:heading={t}", f"rule:lead_in={t}"]
    names += [f"rule:theme={t}" for t in theme_ids]
    names += ["rule:list_item", "rule:negated", "rule:no_type_evidence"]
    return names


def rule_features(p: Passage, r: RuleResult, cc: CompiledCodebook) -> list[float]:
    v: list[float] = []
    for t in cc.type_ids:
        v += [squash(r.type_scores.get(t, 0.0)), float(r.heading_type == t), float(r.lead_type == t)]
    v += [squash(r.theme_scores.get(t, 0.0)) for t in cc.theme_ids]
    v += [float(is_list_item(p)), float(bool(r.negated)), float(not r.type_scores)]
    return v


def rule_distribution(r: RuleResult, type_classes: list[str]) -> np.ndarray:
    """Rule scores as a distribution over the type classes (with 'none').

    A softmax over the rule scores with 'none' standing at the rules' own threshold, so the argmax
    agrees with the rules and the distribution is sharp where the rules are sure (one type well
    ahead) and flat where they are not (near-ties, scores near the threshold): blended with the
    model, the model decides the close calls and leaves the clear ones to the rules.
    """
    z = np.full(len(type_classes), -np.inf)
    z[type_classes.index(NONE)] = TYPE_THRESHOLD
    for t, s in r.type_scores.items():
        if t in type_classes:
            z[type_classes.index(t)] = s
    z = RULE_SHARPNESS * (z - z.max())
    out = np.exp(z)
    return out / out.sum()


@dataclass
class Model:
    type_classes: list[str]
    theme_classes: list[str]
    vocabulary: list[str]
    idf: np.ndarray
    rule_names: list[str]
    type_coef: np.ndarray          # (n_type_classes, n_vocab + n_rules)
    type_intercept: np.ndarray
    theme_coef: np.ndarray         # (n_themes, n_vocab + n_rules)
    theme_intercept: np.ndarray
    use_rules: bool = True         # rule scores are features of the model
    blend: float = 1.0             # weight of the model against the rule distribution
    theme_threshold: float = 0.5
    theme_blend: float = 1.0       # weight of the model's theme probabilities against the rule theme scores
    codebook: str = ""
    codebook_hash: str = ""
    language: str = "nl"
    trained_on: dict[str, Any] = field(default_factory=dict)
    source: str = ""

    def __post_init__(self) -> None:
        # Weights are kept at the precision they are saved with, so a model codes the same before
        # and after a save and load (a score on a rounding edge would otherwise differ).
        for name in ("idf", "type_coef", "type_intercept", "theme_coef", "theme_intercept"):
            setattr(self, name, np.round(np.asarray(getattr(self, name), dtype=np.float64), SAVED_DECIMALS))
        self._index = {f: i for i, f in enumerate(self.vocabulary)}
        self._tok_cache: dict[str, tuple[int, ...]] = {}

    # -- identity -----------------------------------------------------------------------------
    def hash(self) -> str:
        import hashlib

        h = hashlib.sha256()
        for arr in (self.idf, self.type_coef, self.type_intercept, self.theme_coef, self.theme_intercept):
            h.update(np.ascontiguousarray(arr, dtype=np.float64).tobytes())
        h.update(json.dumps([self.type_classes, self.theme_classes, self.vocabulary, self.rule_names,
                             self.use_rules, self.blend, self.theme_threshold, self.theme_blend]).encode())
        return h.hexdigest()[:16]

    # -- features -----------------------------------------------------------------------------
    def _row(self, toks: list[str], lems: list[str]) -> tuple[np.ndarray, np.ndarray]:
        idx = self._index
        cache = self._tok_cache
        counts: Counter[int] = Counter()
        for t, lem in zip(toks, lems):
            # A token's lemma feature and character n-grams are looked up once per process.
            cached = cache.get(t)
            if cached is None:
                w = idx.get(f"w:{lem}")
                grams = tuple(i for g in _char_grams(t) if (i := idx.get(g)) is not None)
                cached = cache[t] = ((w,) if w is not None else ()) + grams
            counts.update(cached)
        for a, b in zip(lems, lems[1:]):
            j = idx.get(f"b:{a}_{b}")
            if j is not None:
                counts[j] += 1
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        cols = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
        vals = (1.0 + np.log(tf)) * self.idf[cols]
        norm = math.sqrt(float(vals @ vals))
        return cols, vals / norm if norm else vals

    def matrix(self, passages: list[Passage], rules: list[RuleResult], cc: CompiledCodebook):
        from scipy.sparse import csr_matrix

        n_vocab = len(self.vocabulary)
        indptr, indices, data = [0], [], []
        for p, r in zip(passages, rules):
            cols, vals = self._row(r.tokens, r.lemmas)
            if self.use_rules:
                rv = np.asarray(rule_features(p, r, cc), dtype=np.float64)
                nz = np.nonzero(rv)[0]
                cols = np.concatenate([cols, nz + n_vocab])
                vals = np.concatenate([vals, rv[nz]])
            indices.append(cols)
            data.append(vals)
            indptr.append(indptr[-1] + len(cols))
        width = n_vocab + (len(self.rule_names) if self.use_rules else 0)
        ind = np.concatenate(indices) if indices else np.zeros(0, dtype=np.int64)
        dat = np.concatenate(data) if data else np.zeros(0)
        return csr_matrix((dat, ind, np.asarray(indptr)), shape=(len(passages), width))

    def predict(self, passages: list[Passage], rules: list[RuleResult], cc: CompiledCodebook):
        X = self.matrix(passages, rules, cc)
        zt = X @ self.type_coef.T + self.type_intercept
        zt = zt - zt.max(axis=1, keepdims=True)
        pt = np.exp(zt)
        pt /= pt.sum(axis=1, keepdims=True)
        if self.blend < 1.0:
            rd = np.vstack([rule_distribution(r, self.type_classes) for r in rules]) if rules else pt
            pt = self.blend * pt + (1.0 - self.blend) * rd
        zh = X @ self.theme_coef.T + self.theme_intercept
        ph = 1.0 / (1.0 + np.exp(-np.clip(zh, -50, 50)))
        return X, np.asarray(pt), np.asarray(ph)

    def check_codebook(self, cb: CompiledCodebook | Codebook) -> None:
        # A plain Codebook is enough to check: loading a model must not pay for compiling the
        # codebook's patterns, which a run whose documents are all in the store never uses.
        if isinstance(cb, CompiledCodebook):
            cb = cb.codebook
        type_ids, theme_ids = cb.type_ids(), cb.theme_ids()
        unknown = [t for t in self.type_classes if t != NONE and t not in type_ids]
        unknown += [t for t in self.theme_classes if t not in theme_ids]
        if unknown:
            raise FormatError(
                f"model codes {', '.join(unknown)} are not in codebook '{cb.name}'; train the model for this codebook",
                path=self.source or None,
            )
        if self.use_rules and self.rule_names != _feature_names(type_ids, theme_ids):
            raise FormatError(
                f"model was trained with another codebook's rule features (codebook '{self.codebook}'); retrain it",
                path=self.source or None,
            )

    def decide(self, passages: list[Passage], rules: list[RuleResult], cc: CompiledCodebook):
        self.check_codebook(cc)
        X, pt, ph = self.predict(passages, rules, cc)
        method = "rules+model" if (self.use_rules or self.blend < 1.0) else "model"
        out = []
        for i, r in enumerate(rules):
            if r.skip:
                out.append(None)
                continue
            k = int(np.argmax(pt[i]))
            type_id = self.type_classes[k]
            if type_id == NONE:
                out.append(None)
                continue
            tb = self.theme_blend
            rule_themes = r.themes()
            if tb == 0.0 and rule_themes:
                # Themes left to the rules: exactly their choice (thresholds, relative cut, carry-over).
                themes = [(c, squash(v)) for c, v in rule_themes]
            elif not rule_themes and r.topic:
                # A turn naming nothing is about what the conversation was about (see
                # conversation.conversation_topics); the model's theme words have nothing to go on there.
                themes = [(c, squash(v)) for c, v in r.topic]
            else:
                # No rule theme at all: the model's own theme probabilities decide, whatever the
                # blend (a blend of 0 would otherwise rank every theme at 0 and pick by name).
                w = tb if rule_themes else 1.0
                ranked = sorted(((c, w * float(ph[i, j]) + (1.0 - w) * squash(r.theme_scores.get(c, 0.0)))
                                 for j, c in enumerate(self.theme_classes)), key=lambda kv: (-kv[1], kv[0]))
                themes = [(c, s) for c, s in ranked if s >= self.theme_threshold][:3]
                if not themes:
                    themes = [(c, squash(s)) for c, s in rule_themes] if rule_themes else ranked[:1]
            extra = f"model p={pt[i, k]:.2f}"
            feats = self._top_features(X, i, self.type_coef[k])
            if feats:
                extra += " top features " + ", ".join(feats)
            out.append((type_id, float(pt[i, k]), themes, method, extra))
        return out

    def _top_features(self, X, i: int, coef: np.ndarray) -> list[str]:
        lo, hi = X.indptr[i], X.indptr[i + 1]
        cols, data = X.indices[lo:hi], X.data[lo:hi]
        contrib = data * coef[cols]
        order = np.argsort(-contrib)[:TOP_FEATURES]
        n_vocab = len(self.vocabulary)

        def name(j: int) -> str:
            return self.vocabulary[j] if j < n_vocab else self.rule_names[j - n_vocab]

        return [f"'{name(int(cols[j]))}' {contrib[j]:+.2f}" for j in order if contrib[j] > 0]

    # -- JSON ------------------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        def arr(a: np.ndarray) -> Any:
            return np.round(a.astype(np.float64), SAVED_DECIMALS).tolist()

        return {
            "format": FORMAT, "version": VERSION, "codebook": self.codebook, "codebook_hash": self.codebook_hash,
            "language": self.language, "trained_on": self.trained_on,
            "features": {"char_ngrams": list(CHAR_NGRAMS), "use_rules": self.use_rules, "tf": "sublinear", "norm": "l2"},
            "blend": self.blend, "theme_threshold": self.theme_threshold, "theme_blend": self.theme_blend,
            "vocabulary": self.vocabulary, "idf": arr(self.idf), "rule_features": self.rule_names,
            "type": {"classes": self.type_classes, "coef": arr(self.type_coef), "intercept": arr(self.type_intercept)},
            "themes": {"classes": self.theme_classes, "coef": arr(self.theme_coef), "intercept": arr(self.theme_intercept)},
        }


def default_model_path(codebook: Codebook) -> Path | None:
    """The model shipped in the package for a shipped codebook (trained on its examples only)."""
    from importlib import resources

    try:
        ref = resources.files("miner") / "data" / f"model-{codebook.name}.json"
    except ModuleNotFoundError:
        return None
    return Path(str(ref)) if ref.is_file() else None


def default_model(codebook: Codebook) -> Model | None:
    """The shipped model for ``codebook`` (None when none ships or it belongs to another codebook)."""
    path = default_model_path(codebook)
    if path is None:
        return None
    model = load_model(path)
    try:
        model.check_codebook(codebook)
    except FormatError:
        return None
    return model


def save_model(model: Model, path: str | Path) -> Path:
    path = Path(path)
    write_text(path, json.dumps(model.to_json(), ensure_ascii=False, separators=(",", ":")) + "\n")
    return path


def load_model(path: str | Path) -> Model:
    """Load a model JSON file, checking its structure; raises FormatError naming the file."""
    path = Path(path)
    where = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise FormatError("model file not found", path=where) from None
    if size > MAX_MODEL_BYTES:
        raise FormatError(f"model file is {size // (1024 * 1024)} MB, more than a coding model can be", path=where)
    raw = path.read_bytes()
    if raw[:2] in (b"\x80\x02", b"\x80\x03", b"\x80\x04", b"\x80\x05") or raw[:1] == b"\x80":
        raise FormatError("this is a Python pickle; miner only loads JSON models and never unpickles files", path=where)
    try:
        d = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise FormatError(f"not a JSON model file: {err}", path=where) from None
    return model_from_json(d, where)


def model_from_json(d: Any, where: str = "<model>") -> Model:
    def bad(problem: str) -> FormatError:
        return FormatError(f"malformed model: {problem}", path=where)

    if not isinstance(d, dict) or d.get("format") != FORMAT:
        raise bad(f"'format' must be '{FORMAT}'")
    if d.get("version") != VERSION:
        raise bad(f"unsupported version {d.get('version')!r} (this miner reads version {VERSION})")

    def strings(x: Any, name: str) -> list[str]:
        if not isinstance(x, list) or not all(isinstance(s, str) for s in x):
            raise bad(f"'{name}' must be a list of strings")
        return x

    def numbers(x: Any, name: str, shape: tuple[int, ...]) -> np.ndarray:
        try:
            a = np.asarray(x, dtype=np.float64)
        except (TypeError, ValueError):
            raise bad(f"'{name}' must hold numbers only") from None
        if a.shape != shape:
            raise bad(f"'{name}' has shape {a.shape}, expected {shape}")
        if not np.all(np.isfinite(a)):
            raise bad(f"'{name}' holds NaN or infinite values")
        return a

    vocab = strings(d.get("vocabulary"), "vocabulary")
    if len(set(vocab)) != len(vocab):
        raise bad("'vocabulary' has duplicate features")
    rule_names = strings(d.get("rule_features", []), "rule_features")
    feats = d.get("features") or {}
    if not isinstance(feats, dict):
        raise bad("'features' must be a mapping")
    use_rules = feats.get("use_rules", True)
    if not isinstance(use_rules, bool):
        raise bad("'features.use_rules' must be true or false")
    if list(feats.get("char_ngrams", CHAR_NGRAMS)) != list(CHAR_NGRAMS):
        raise bad(f"char n-grams {feats.get('char_ngrams')} differ from this miner's {list(CHAR_NGRAMS)}")
    width = len(vocab) + (len(rule_names) if use_rules else 0)
    idf = numbers(d.get("idf"), "idf", (len(vocab),))
    t = d.get("type")
    h = d.get("themes")
    if not isinstance(t, dict) or not isinstance(h, dict):
        raise bad("'type' and 'themes' must be mappings with classes, coef and intercept")
    tc = strings(t.get("classes"), "type.classes")
    hc = strings(h.get("classes"), "themes.classes")
    if NONE not in tc or len(tc) < 2:
        raise bad("'type.classes' must include 'none' and at least one type")
    blend = d.get("blend", 1.0)
    thr = d.get("theme_threshold", 0.5)
    tblend = d.get("theme_blend", 1.0)
    if not all(isinstance(x, (int, float)) and not isinstance(x, bool) and 0.0 <= x <= 1.0 for x in (blend, thr, tblend)):
        raise bad("'blend', 'theme_blend' and 'theme_threshold' must be numbers in 0..1")
    trained_on = d.get("trained_on") or {}
    if not isinstance(trained_on, dict):
        raise bad("'trained_on' must be a mapping")
    return Model(
        type_classes=tc, theme_classes=hc, vocabulary=vocab, idf=idf, rule_names=rule_names,
        type_coef=numbers(t.get("coef"), "type.coef", (len(tc), width)),
        type_intercept=numbers(t.get("intercept"), "type.intercept", (len(tc),)),
        theme_coef=numbers(h.get("coef"), "themes.coef", (len(hc), width)),
        theme_intercept=numbers(h.get("intercept"), "themes.intercept", (len(hc),)),
        use_rules=use_rules, blend=float(blend), theme_threshold=float(thr), theme_blend=float(tblend),
        codebook=str(d.get("codebook", "")), codebook_hash=str(d.get("codebook_hash", "")),
        language=str(d.get("language", "nl")), trained_on=trained_on, source=where,
    )


# -- training ------------------------------------------------------------------------------------

@dataclass
class Labelled:
    """Human-coded documents for training: passages in reading order with their labels.

    ``labels[passage_id] = (type or 'none' or None, themes or None)``; None means unknown (a
    codebook example of a theme says nothing about the type, and the other way round).
    """

    documents: list[list[Passage]] = field(default_factory=list)
    labels: dict[str, tuple[str | None, list[str] | None]] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)

    def extend(self, other: "Labelled") -> "Labelled":
        self.documents += other.documents
        self.labels.update(other.labels)
        self.sources += other.sources
        return self


def codebook_examples(cb: Codebook) -> Labelled:
    """The codebook's own examples: each sentence its own document, without context."""
    out = Labelled(sources=[f"codebook {cb.name} examples"])
    n = 0

    def add(text: str, type_id: str | None, themes: list[str] | None) -> None:
        nonlocal n
        pid = f"example:{n:05d}"
        out.documents.append([Passage(document="example", passage_id=pid, index=n, kind="paragraph",
                                      text=text, start=0, end=len(text), block=n)])
        out.labels[pid] = (type_id, themes)
        n += 1

    for c in cb.types:
        for ex in c.examples:
            add(ex, c.id, None)
        for ex in c.counter_examples:
            add(ex, NONE, [])
    for c in cb.themes:
        for ex in c.examples:
            add(ex, None, [c.id])
        for ex in c.counter_examples:
            add(ex, None, [])
    return out


def train_model(
    data: Labelled,
    codebook: Codebook,
    use_rules: bool = True,
    blend: float = 0.3,
    C: float = 0.3,
    min_df: int = 1,
    theme_blend: float = 0.0,
    text_weight: float = 0.5,
    balanced: bool = True,
) -> Model:
    """Fit the type and theme classifiers on labelled passages (deterministic).

    The defaults were chosen by leave-one-document-out runs on the development gold: strong
    regularisation, words at half the weight of the rule scores, type decisions that average the
    model's distribution with the rules' own (``blend`` 0.3 against a sharp rule distribution, see
    ``rule_distribution``: with a few hundred labelled sentences from two or three reports the model
    alone overfits their vocabulary and loses to the rules; it gets the close calls), and themes
    left to the rules (``theme_blend`` 0: the per-theme classifiers see too few positives).
    """
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    cc = compile_codebook(codebook)
    rows_feats, rows_rules, y_type, y_themes = [], [], [], []
    for doc in data.documents:
        rules = rule_pass(doc, cc, code_interviewer=True)
        for p, r in zip(doc, rules):
            if p.passage_id not in data.labels:
                continue
            t, th = data.labels[p.passage_id]
            rows_feats.append(text_features(r.tokens, r.lemmas))
            rows_rules.append(rule_features(p, r, cc))
            y_type.append(t)
            y_themes.append(th)
    if not rows_feats:
        raise FormatError("no labelled passages to train on")
    vec = TfidfVectorizer(analyzer=lambda x: x, sublinear_tf=True, min_df=min_df, norm="l2", lowercase=False)
    Xt = vec.fit_transform(rows_feats)
    vocab = [None] * len(vec.vocabulary_)
    for f, i in vec.vocabulary_.items():
        vocab[i] = f
    R = csr_matrix(np.asarray(rows_rules, dtype=np.float64)) if use_rules else None
    # text_weight < 1 shrinks the words against the rule features under the same regularisation;
    # the coefficients are scaled back below, so inference uses the unscaled TF-IDF rows.
    Xt = Xt * text_weight if use_rules else Xt
    X = hstack([Xt, R]).tocsr() if use_rules else Xt.tocsr()
    names = rule_feature_names(cc) if use_rules else []
    width = X.shape[1]

    type_classes = [NONE] + cc.type_ids
    ti = [i for i, t in enumerate(y_type) if t in type_classes]
    present = sorted({y_type[i] for i in ti}, key=type_classes.index)
    type_coef = np.zeros((len(type_classes), width))
    type_int = np.full(len(type_classes), -10.0)
    if len(present) >= 2:
        clf = LogisticRegression(C=C, max_iter=3000, class_weight="balanced" if balanced else None)
        clf.fit(X[ti], [y_type[i] for i in ti])
        coef, inter = clf.coef_, clf.intercept_
        if len(clf.classes_) == 2:  # binary: sklearn keeps one row for the second class
            coef = np.vstack([-coef[0] / 2, coef[0] / 2])
            inter = np.array([-inter[0] / 2, inter[0] / 2])
        for k, cls in enumerate(clf.classes_):
            j = type_classes.index(cls)
            type_coef[j], type_int[j] = coef[k], inter[k]
    else:
        raise FormatError(f"need examples of at least two type classes to train (found: {', '.join(present) or 'none'})")

    theme_classes = cc.theme_ids
    hi = [i for i, th in enumerate(y_themes) if th is not None and (y_type[i] != NONE)]
    theme_coef = np.zeros((len(theme_classes), width))
    theme_int = np.full(len(theme_classes), -10.0)
    for j, theme in enumerate(theme_classes):
        y = np.array([theme in y_themes[i] for i in hi])
        if y.sum() == 0 or y.sum() == len(y):
            continue
        clf = LogisticRegression(C=C, max_iter=3000, class_weight="balanced")
        clf.fit(X[hi], y)
        theme_coef[j], theme_int[j] = clf.coef_[0], clf.intercept_[0]
    if use_rules:
        n = len(vocab)
        type_coef[:, :n] *= text_weight
        theme_coef[:, :n] *= text_weight
    return Model(
        type_classes=type_classes, theme_classes=theme_classes, vocabulary=vocab,
        idf=np.asarray(vec.idf_, dtype=np.float64), rule_names=names,
        type_coef=type_coef, type_intercept=type_int, theme_coef=theme_coef, theme_intercept=theme_int,
        use_rules=use_rules, blend=blend, theme_blend=theme_blend, codebook=codebook.name, codebook_hash=codebook.hash(),
        language=cc.language,
        trained_on={"sources": data.sources, "passages": len(y_type),
                    "types": dict(sorted(Counter(t for t in y_type if t).items())), "C": C,
                    "text_weight": text_weight},
    )
