"""In-silico pair experiments: global importance analysis (GIA) of motif interactions.

Koo et al. (2021) confirm a candidate interaction by experiment on the model: embed motif A,
motif B, both, and neither into the same background sequences, predict, and read the
interaction term ``f(AB) - f(A) - f(B) + f(none)`` (zero for an additive model; positive for an
AND, negative for an inhibition). Sequences come from tangermeme (random one-hot with the
data's base composition, motif substitution) or our dinucleotide shuffles of real sequences.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import torch
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted
from tangermeme.ersatz import substitute
from tangermeme.utils import random_one_hot

from ..datasets import dinucleotide_shuffle
from ..utils import derive_seed
from ._base import check_readout

if TYPE_CHECKING:
    from ..models import BaseReadout

__all__ = ["GIAInteractions", "TABLE_COLUMNS"]

#: Columns of :attr:`GIAInteractions.interaction_table_`.
TABLE_COLUMNS = [
    "motif_a", "motif_b", "spacing", "task", "f_none", "f_a", "f_b", "f_ab",
    "interaction", "ci_low", "ci_high",
]  # fmt: skip


def _consensus(motifs):
    """Motif name -> one-hot consensus (4, width), float32; validates the mapping."""
    if not isinstance(motifs, Mapping) or len(motifs) < 2:
        raise TypeError(
            "motifs must be a mapping name -> (4, width) probability matrix with at least two "
            f"motifs, got {type(motifs).__name__}"
            + (f" of length {len(motifs)}" if isinstance(motifs, Mapping) else "")
            + "."
        )
    out = {}
    for name, pwm in motifs.items():
        pwm = np.asarray(pwm, dtype=np.float64)
        if pwm.ndim != 2 or pwm.shape[0] != 4 or pwm.shape[1] == 0:
            raise ValueError(f"motifs[{name!r}] must have shape (4, width), got shape {pwm.shape}.")
        out[str(name)] = np.eye(4, dtype=np.float32)[pwm.argmax(axis=0)].T.copy()
    return out


def _predict(net, X, output, batch_size):
    """Model outputs (n, n_tasks) of one-hot ``X`` through the net's public ``forward``."""
    X = np.ascontiguousarray(X, dtype=np.float32)
    parts = []
    for start in range(0, len(X), batch_size):
        logits = net.forward(X[start : start + batch_size], training=False)
        parts.append(torch.as_tensor(logits).detach().cpu().double().numpy())
    logits = np.concatenate(parts)
    return 1 / (1 + np.exp(-logits)) if output == "probability" else logits


class GIAInteractions(TransformerMixin, BaseEstimator):
    """Motif interactions by in-silico pair experiments (global importance analysis).

    For every pair of motifs ``(A, B)`` and every spacing ``s`` (nucleotides between the end of
    A and the start of B, the pair centred in the sequence), the consensus of A, of B, of both
    and of neither is substituted into the same ``n_background`` background sequences, and the
    interaction term ``f(AB) - f(A) - f(B) + f(none)`` is computed per background sequence and
    task. Its mean over the backgrounds is the effect; a percentile bootstrap over the
    backgrounds gives its confidence interval. The score of a pair is the effect of largest
    magnitude over spacings and tasks (signed); ``interaction_table_`` holds every pair,
    spacing and task. The orientation is A before B as given by ``pairs``.

    Parameters
    ----------
    motifs : dict
        Motif name -> (4, width) probability matrix (its consensus is embedded); at least two.
        The names label the rows and columns of the output, so the interaction scorers can
        compare them with a ground truth.
    pairs : list of (str, str), default=None
        Pairs to test; ``None``: every unordered pair of distinct motifs, in ``motifs`` order.
    spacings : sequence of int, default=(4, 10, 20)
        Gaps between the two sites, each ``>= 0``; A + gap + B must fit into the sequences.
    n_background : int, default=100
        Number of background sequences (``>= 1``).
    background : {"random", "shuffle"}, default="random"
        ``"random"``: i.i.d. bases with the base composition of the read-out's sequences
        (tangermeme's ``random_one_hot``); ``"shuffle"``: dinucleotide shuffles of sequences
        drawn from the read-out.
    output : {"probability", "logit"}, default="probability"
        Scale of ``f``: sigmoid probabilities (Koo et al.) or logits.
    tasks : list of int, default=None
        Tasks to score; ``None``: all.
    effect_threshold : float, default=0.1
        Reported interactions are pairs whose score magnitude exceeds it.
    n_bootstrap : int, default=1000
        Bootstrap resamples of the backgrounds for the confidence interval.
    confidence : float, default=0.95
        Level of the percentile bootstrap interval.
    batch_size : int, default=256
        Sequences per forward pass.
    random_state : int, RandomState instance or None, default=None
        Seeds the backgrounds and the bootstrap.

    Attributes
    ----------
    filter_interactions_ : ndarray of shape (n_motifs, n_motifs)
        Symmetric score matrix (the signed effect of largest magnitude over spacings and
        tasks), 0 on the diagonal and for untested pairs. Called "filter" for the scorers'
        contract: here every "filter" is a motif.
    motif_interactions_ : pandas.DataFrame
        The same matrix labelled by motif names.
    interactions_ : ndarray of bool, shape (n_motifs, n_motifs)
        ``|score| > effect_threshold``.
    confirmed_ : ndarray of bool, shape (n_motifs, n_motifs)
        Pairs whose bootstrap interval (at the scored spacing and task) excludes zero.
    interaction_table_ : pandas.DataFrame
        One row per pair, spacing and task, columns :data:`TABLE_COLUMNS` (``f_*`` are means
        over the backgrounds).
    filter_motifs_ : list of str
        The motif names (row and column labels).
    n_filters_ : int
        Number of motifs.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_glifac.interactions import GIAInteractions
    >>> from sklearn_glifac.models import ConvAttentionClassifier
    >>> rng = np.random.default_rng(0)
    >>> X = np.eye(4, dtype=np.float32)[rng.integers(0, 4, (20, 40))].transpose(0, 2, 1)
    >>> y = rng.integers(0, 2, (20, 2)).astype(np.float32)
    >>> net = ConvAttentionClassifier(module__n_filters=4, module__n_heads=2,
    ...     module__dense_units=8, max_epochs=1, verbose=0, random_state=0).fit(X, y)
    >>> motifs = {"A": np.eye(4)[:, [0, 1, 2, 3]], "B": np.eye(4)[:, [3, 3, 0, 0]]}
    >>> gia = GIAInteractions(motifs, n_background=10, n_bootstrap=50, random_state=0)
    >>> gia.fit(net.transform(X)).motif_interactions_.shape
    (2, 2)
    >>> list(gia.interaction_table_.columns[:4])
    ['motif_a', 'motif_b', 'spacing', 'task']
    """

    _parameter_constraints: dict = {
        "motifs": "no_validation",  # checked by _consensus with our messages
        "pairs": [None, list, tuple],
        "spacings": "no_validation",
        "n_background": [Interval(numbers.Integral, 1, None, closed="left")],
        "background": [StrOptions({"random", "shuffle"})],
        "output": [StrOptions({"probability", "logit"})],
        "tasks": [None, list, tuple],
        "effect_threshold": [Interval(numbers.Real, 0, None, closed="left")],
        "n_bootstrap": [Interval(numbers.Integral, 1, None, closed="left")],
        "confidence": [Interval(numbers.Real, 0, 1, closed="neither")],
        "batch_size": [Interval(numbers.Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        motifs: Mapping[str, Any],
        *,
        pairs: Any = None,
        spacings: Any = (4, 10, 20),
        n_background: int = 100,
        background: str = "random",
        output: str = "probability",
        tasks: Any = None,
        effect_threshold: float = 0.1,
        n_bootstrap: int = 1000,
        confidence: float = 0.95,
        batch_size: int = 256,
        random_state: int | np.random.RandomState | None = None,
    ) -> None:
        self.motifs = motifs
        self.pairs = pairs
        self.spacings = spacings
        self.n_background = n_background
        self.background = background
        self.output = output
        self.tasks = tasks
        self.effect_threshold = effect_threshold
        self.n_bootstrap = n_bootstrap
        self.confidence = confidence
        self.batch_size = batch_size
        self.random_state = random_state

    # ------------------------------------------------------------------ validation
    def _check_net_readout(self, readout):
        readout = check_readout(readout)
        net = getattr(readout, "net", None)
        if net is None or not hasattr(net, "forward") or getattr(readout, "X", None) is None:
            raise TypeError(
                "GIAInteractions needs the read-out of a fitted network with its sequences "
                f"(net.transform(X)), got {type(readout).__name__}: in-silico experiments "
                "predict new sequences."
            )
        if isinstance(net, BaseEstimator):
            check_is_fitted(net)
        return readout, net

    def _check_setup(self, seq_len, n_tasks):
        consensus = _consensus(self.motifs)
        names = list(consensus)
        if self.pairs is None:
            pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1 :]]
        else:
            pairs = []
            for pair in self.pairs:
                if (
                    not isinstance(pair, list | tuple)
                    or len(pair) != 2
                    or not all(p in consensus for p in pair)
                    or pair[0] == pair[1]
                ):
                    raise ValueError(
                        f"pairs must hold (a, b) pairs of two different names in motifs, got "
                        f"{pair!r}; motif names: {names}."
                    )
                pairs.append((str(pair[0]), str(pair[1])))
            if not pairs:
                raise ValueError("pairs is empty: give at least one (a, b) pair, or None.")
        spacings = self.spacings
        if isinstance(spacings, numbers.Integral):
            spacings = [spacings]
        if isinstance(spacings, str) or not all(
            isinstance(s, numbers.Integral) and not isinstance(s, bool) and s >= 0
            for s in spacings
        ) or len(spacings) == 0:  # fmt: skip
            raise ValueError(
                f"spacings must be a non-empty sequence of integers >= 0, got {self.spacings!r}."
            )
        spacings = [int(s) for s in spacings]
        for a, b in pairs:
            need = consensus[a].shape[1] + max(spacings) + consensus[b].shape[1]
            if need > seq_len:
                raise ValueError(
                    f"motifs {a!r} and {b!r} with spacing {max(spacings)} need {need} nt, but "
                    f"the sequences have {seq_len}: lower spacings or use shorter motifs."
                )
        tasks = list(range(n_tasks)) if self.tasks is None else list(self.tasks)
        if not tasks or not all(
            isinstance(t, numbers.Integral) and not isinstance(t, bool) and 0 <= t < n_tasks
            for t in tasks
        ):
            raise ValueError(
                f"tasks must be a non-empty list of task indices in [0, {n_tasks}), "
                f"got {self.tasks!r}."
            )
        return consensus, names, pairs, spacings, [int(t) for t in tasks]

    # ------------------------------------------------------------------ computation
    def _backgrounds(self, X, seed):
        n, seq_len = self.n_background, X.shape[2]
        rng = check_random_state(seed)
        if self.background == "random":
            sample = np.asarray(X[: min(len(X), 5000)], dtype=np.float64)
            probs = sample.sum(axis=(0, 2))
            probs = probs / probs.sum()
            bg = random_one_hot((n, 4, seq_len), probs=[probs], dtype="float32",
                                random_state=rng)  # fmt: skip
            return bg.numpy()
        rows = rng.choice(len(X), size=n, replace=len(X) < n)
        picked = np.asarray(X[np.sort(rows)], dtype=np.float32)
        return dinucleotide_shuffle(picked, random_state=rng)

    def _scores(self, readout, *, fitting):
        readout, net = self._check_net_readout(readout)
        X = readout.X
        seq_len = X.shape[2]
        n_tasks = _predict(net, np.asarray(X[:1], dtype=np.float32), "logit", 1).shape[1]
        consensus, names, pairs, spacings, tasks = self._check_setup(seq_len, n_tasks)
        seed = derive_seed(self.random_state)
        bg = self._backgrounds(X, seed)
        bg_t = torch.from_numpy(bg)

        def predict(seqs):
            return _predict(net, seqs, self.output, self.batch_size)[:, tasks]

        def embed(seqs, name, start):
            return substitute(seqs, torch.from_numpy(consensus[name])[None], start=start)

        f_none = predict(bg)
        boot = check_random_state(seed + 1).randint(0, len(bg), size=(self.n_bootstrap, len(bg)))
        q = (1 - self.confidence) / 2
        rows = []
        index = {name: k for k, name in enumerate(names)}
        W = np.zeros((len(names), len(names)))
        confirmed = np.zeros_like(W, dtype=bool)
        n_bg = len(bg)
        for a, b in pairs:
            wa, wb = consensus[a].shape[1], consensus[b].shape[1]
            # one forward pass per pair: A, B and AB at every spacing
            seqs = []
            for s in spacings:
                start_a = (seq_len - (wa + s + wb)) // 2
                start_b = start_a + wa + s
                with_a = embed(bg_t, a, start_a)
                seqs += [with_a, embed(bg_t, b, start_b), embed(with_a, b, start_b)]
            preds = predict(torch.cat(seqs).numpy()).reshape(len(spacings), 3, n_bg, -1)
            best = None
            for s, (f_a, f_b, f_ab) in zip(spacings, preds):
                terms = f_ab - f_a - f_b + f_none  # (n_background, n_tasks)
                effect = terms.mean(axis=0)
                boot_means = terms[boot].mean(axis=1)  # (n_bootstrap, n_tasks)
                low, high = np.quantile(boot_means, [q, 1 - q], axis=0)
                for k, t in enumerate(tasks):
                    rows.append((a, b, s, t, f_none[:, k].mean(), f_a[:, k].mean(),
                                 f_b[:, k].mean(), f_ab[:, k].mean(), effect[k], low[k],
                                 high[k]))  # fmt: skip
                k = int(np.argmax(np.abs(effect)))
                if best is None or abs(effect[k]) > abs(best[0]):
                    best = (effect[k], low[k] > 0 or high[k] < 0)
            i, j = index[a], index[b]
            if abs(best[0]) >= abs(W[i, j]):
                W[i, j] = W[j, i] = best[0]
                confirmed[i, j] = confirmed[j, i] = best[1]
        if fitting:
            self.filter_motifs_ = names
            self.n_filters_ = len(names)
            self.confirmed_ = confirmed
            self.interaction_table_ = pd.DataFrame(rows, columns=TABLE_COLUMNS)
            self.motif_interactions_ = pd.DataFrame(W, index=names, columns=names)
        return W

    # ------------------------------------------------------------------ public API
    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, readout: BaseReadout, y: None = None) -> GIAInteractions:
        """Run the pair experiments on the network behind ``readout``.

        Parameters
        ----------
        readout : BaseReadout
            Read-out of a fitted network (``net.transform(X)``): its ``net`` predicts, its
            ``X`` sets the base composition or provides the sequences to shuffle.
        y : None
            Ignored.

        Returns
        -------
        self : object
            The fitted transformer.
        """
        W = self._scores(readout, fitting=True)
        self.filter_interactions_ = W
        self.interactions_ = self.reported_interactions(W)
        return self

    def transform(self, readout: BaseReadout) -> np.ndarray:
        """Motif x motif scores of the network behind another read-out, same settings.

        Parameters
        ----------
        readout : BaseReadout
            Read-out of a fitted network.

        Returns
        -------
        W : ndarray of shape (n_motifs, n_motifs)
        """
        check_is_fitted(self, "filter_interactions_")
        return self._scores(readout, fitting=False)

    def fit_transform(self, readout: BaseReadout, y: None = None) -> np.ndarray:
        """Fit and return ``filter_interactions_`` (computed once).

        Parameters
        ----------
        readout : BaseReadout
        y : None
            Ignored.

        Returns
        -------
        W : ndarray of shape (n_motifs, n_motifs)
        """
        return self.fit(readout).filter_interactions_.copy()

    def reported_interactions(self, W: npt.ArrayLike) -> np.ndarray:
        """Pairs whose score magnitude exceeds ``effect_threshold``.

        Parameters
        ----------
        W : array-like of shape (n_motifs, n_motifs)

        Returns
        -------
        reported : ndarray of bool, shape (n_motifs, n_motifs)
        """
        check_is_fitted(self, "filter_interactions_")
        W = np.asarray(W, dtype=np.float64)
        if W.shape != (self.n_filters_, self.n_filters_):
            raise ValueError(
                f"W must have shape ({self.n_filters_}, {self.n_filters_}), got {W.shape}."
            )
        return np.abs(W) > self.effect_threshold

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.requires_fit = True
        return tags
