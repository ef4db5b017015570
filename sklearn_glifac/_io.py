"""Reading and writing sequences, labels, data sets and fitted models for the command line.

Formats:

* FASTA: one record per sequence, upper-case ``A``, ``C``, ``G``, ``T`` only, all of one length
  (the networks need a fixed length). ``N``, IUPAC codes and lower-case (soft-masked) bases are
  rejected with a message naming the record and position, never encoded silently.
* Labels: a tab-separated table with a header; the first column holds the FASTA record names,
  every other column is one 0/1 task.
* ``.npz``: ``X`` (uint8 one-hot, (n, 4, seq_len)), optionally ``y``, ``names``,
  ``target_names`` and the ground truth ``true_interactions`` / ``motif_names``.
* Models: a pickle of ``{"format": ..., "estimator": ConvAttentionClassifier, ...}``. Like every
  pickle, only load model files you trust.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.utils import Bunch

from .utils import check_onehot

__all__ = [
    "InputError",
    "read_fasta",
    "encode_sequences",
    "decode_onehot",
    "write_fasta",
    "read_labels",
    "write_labels",
    "save_npz",
    "load_npz",
    "load_dataset",
    "save_model",
    "load_model",
]

ALPHABET = "ACGT"
MODEL_FORMAT = "sklearn-glifac-model/1"
_IUPAC = set("NRYSWKMBDHV")
# Byte -> base index; 255 marks anything that is not an upper-case A, C, G or T.
_LOOKUP = np.full(256, 255, dtype=np.uint8)
for _i, _b in enumerate(ALPHABET):
    _LOOKUP[ord(_b)] = _i


class InputError(ValueError):
    """A user-supplied file is missing or malformed (reported without a traceback by the CLI)."""


def _existing_file(path, what):
    path = Path(path)
    if not path.exists():
        raise InputError(f"{what} file '{path}' does not exist.")
    if not path.is_file():
        raise InputError(f"{what} path '{path}' is not a file.")
    return path


def read_fasta(path):
    """Read a FASTA file into record names and sequence strings (validated).

    Parameters
    ----------
    path : str or path-like
        FASTA file. Sequences may span several lines.

    Returns
    -------
    names : list of str
        Record names (the header up to the first whitespace).
    sequences : list of str
        Upper-case sequences, all of the same length.

    Raises
    ------
    InputError
        Missing file, no records, text before the first header, empty or duplicate names, empty
        sequences, characters other than ``ACGT`` (``N``, IUPAC codes, lower case) or sequences of
        unequal length.
    """
    path = _existing_file(path, "FASTA")
    names, chunks = [], []
    with open(path, encoding="utf-8", errors="replace") as fh:
        for lineno, raw in enumerate(fh, start=1):
            line = raw.strip()
            if not line:
                continue
            if line.startswith(">"):
                name = line[1:].split(maxsplit=1)[0] if line[1:].strip() else ""
                if not name:
                    raise InputError(f"{path}: line {lineno} is a FASTA header without a name.")
                names.append(name)
                chunks.append([])
            elif not names:
                raise InputError(
                    f"{path}: line {lineno} comes before the first FASTA header ('>name'); is "
                    "this a FASTA file?"
                )
            else:
                chunks[-1].append(line)
    if not names:
        raise InputError(f"{path}: no FASTA records found.")
    seen = set()
    for name in names:
        if name in seen:
            raise InputError(f"{path}: duplicate record name '{name}'; names must be unique.")
        seen.add(name)
    sequences = ["".join(c) for c in chunks]
    for name, seq in zip(names, sequences):
        _check_sequence(seq, name=name, source=str(path))
    lengths = {len(s) for s in sequences}
    if len(lengths) > 1:
        first = len(sequences[0])
        other = next(i for i, s in enumerate(sequences) if len(s) != first)
        raise InputError(
            f"{path}: sequences must all have the same length, but '{names[0]}' has {first} nt "
            f"and '{names[other]}' has {len(sequences[other])} nt (lengths found: "
            f"{sorted(lengths)[:6]}). Trim or pad them to one length first."
        )
    return names, sequences


def _check_sequence(seq, *, name, source):
    if not seq:
        raise InputError(f"{source}: record '{name}' has an empty sequence.")
    codes = _LOOKUP[np.frombuffer(seq.encode("ascii", errors="replace"), dtype=np.uint8)]
    bad = np.flatnonzero(codes == 255)
    if bad.size == 0:
        return
    pos = int(bad[0])
    char = seq[pos]
    where = f"{source}: record '{name}' has '{char}' at position {pos + 1}"
    if char.upper() in ALPHABET:
        raise InputError(
            f"{where}: lower-case (soft-masked) bases are not accepted. If the masking carries no "
            "meaning for your task, convert the file to upper case first."
        )
    if char.upper() in _IUPAC:
        raise InputError(
            f"{where}: ambiguous bases (N and other IUPAC codes) cannot be one-hot encoded. "
            "Remove or replace such sequences first."
        )
    raise InputError(f"{where}: only the characters A, C, G and T are allowed.")


def encode_sequences(sequences):
    """One-hot encode equal-length ``ACGT`` strings into shape (n, 4, seq_len), float32.

    Examples
    --------
    >>> encode_sequences(["ACGT"])[0].astype(int).tolist()
    [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]
    """
    sequences = list(sequences)
    if not sequences:
        raise InputError("no sequences to encode.")
    length = len(sequences[0])
    for k, s in enumerate(sequences):
        if len(s) != length:
            raise InputError(
                f"sequences must all have the same length: sequence 0 has {length} nt, "
                f"sequence {k} has {len(s)} nt."
            )
        _check_sequence(s, name=str(k), source="sequences")
    idx = _LOOKUP[np.frombuffer("".join(sequences).encode("ascii"), dtype=np.uint8)]
    idx = idx.reshape(len(sequences), length)
    return np.eye(4, dtype=np.float32)[idx].transpose(0, 2, 1).copy()


def decode_onehot(X):
    """Strings of one-hot sequences of shape (n, 4, seq_len) (validated)."""
    X = check_onehot(X, name="X")
    letters = np.frombuffer(ALPHABET.encode(), dtype=np.uint8)[X.argmax(axis=1)]
    return [row.tobytes().decode("ascii") for row in letters]


def write_fasta(path, names, X, *, width=80):
    """Write one-hot sequences (n, 4, seq_len) as FASTA with the given record names."""
    seqs = decode_onehot(X)
    names = [str(n) for n in names]
    if len(names) != len(seqs):
        raise ValueError(f"names has {len(names)} entries but X has {len(seqs)} sequences.")
    with open(path, "w", encoding="utf-8") as fh:
        for name, seq in zip(names, seqs):
            fh.write(f">{name}\n")
            for start in range(0, len(seq), width):
                fh.write(seq[start : start + width] + "\n")


def read_labels(path, names):
    """Read a labels table and align its rows with FASTA record ``names``.

    Parameters
    ----------
    path : str or path-like
        Tab-separated file with a header row; first column = record names, other columns =
        0/1 tasks.
    names : list of str
        FASTA record names, in file order.

    Returns
    -------
    y : ndarray of shape (n_sequences, n_tasks), int64
        Labels in the order of ``names``.
    target_names : list of str
        Task names (the header of the task columns).

    Raises
    ------
    InputError
        Missing file, no task column, duplicate or missing names, names not in the FASTA file,
        values other than 0 and 1.
    """
    path = _existing_file(path, "labels")
    try:
        table = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: could not read a tab-separated labels table: {exc}") from exc
    if table.shape[1] < 2:
        raise InputError(
            f"{path}: a labels table needs a name column and at least one task column "
            f"(tab-separated, with a header); found columns {list(table.columns)}."
        )
    ids = table.iloc[:, 0].astype(str).str.strip()
    dup = ids[ids.duplicated()]
    if len(dup):
        raise InputError(f"{path}: sequence '{dup.iloc[0]}' has more than one label row.")
    index = pd.Index(ids)
    missing = [n for n in names if n not in index]
    extra = [i for i in ids if i not in set(names)]
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"{len(missing)} sequence(s) have no label row (e.g. '{missing[0]}')")
        if extra:
            parts.append(f"{len(extra)} label row(s) name no sequence (e.g. '{extra[0]}')")
        raise InputError(
            f"{path}: the labels do not match the sequences: {'; '.join(parts)}. The first "
            "column must hold the FASTA record names."
        )
    values = table.iloc[:, 1:].set_index(index).loc[names]
    y = values.apply(lambda col: pd.to_numeric(col.str.strip(), errors="coerce")).to_numpy(float)
    ok = np.isin(y, (0, 1))
    if not ok.all():
        r, c = np.argwhere(~ok)[0]
        raise InputError(
            f"{path}: label values must be 0 or 1; sequence '{names[r]}', task "
            f"'{values.columns[c]}' has {values.iat[r, c]!r}."
        )
    return y.astype(np.int64), [str(c) for c in values.columns]


def write_labels(path, names, y, target_names):
    """Write labels (n, n_tasks) as the tab-separated table :func:`read_labels` reads."""
    y = np.asarray(y)
    if y.ndim == 1:
        y = y[:, None]
    table = pd.DataFrame(y.astype(int), columns=[str(t) for t in target_names])
    table.insert(0, "name", [str(n) for n in names])
    table.to_csv(path, sep="\t", index=False)


def save_npz(path, X, y=None, *, names=None, target_names=None, true_interactions=None):
    """Save a data set as compressed ``.npz`` (one-hot stored as uint8)."""
    X = check_onehot(X, name="X")
    arrays = {"X": X.astype(np.uint8)}
    if y is not None:
        arrays["y"] = np.asarray(y).astype(np.int8)
    if names is not None:
        arrays["names"] = np.asarray([str(n) for n in names])
    if target_names is not None:
        arrays["target_names"] = np.asarray([str(t) for t in target_names])
    if true_interactions is not None:
        arrays["true_interactions"] = true_interactions.to_numpy(dtype=np.int8)
        arrays["motif_names"] = np.asarray([str(m) for m in true_interactions.index])
    np.savez_compressed(path, **arrays)


def load_npz(path):
    """Load a data set written by :func:`save_npz` (or any ``.npz`` with ``X`` and ``y``).

    Returns
    -------
    data : Bunch
        ``X`` float32 (n, 4, seq_len); ``y`` (n, n_tasks) or None; ``names``;
        ``target_names`` or None; ``true_interactions`` DataFrame or None.
    """
    path = _existing_file(path, "data")
    try:
        archive = np.load(path, allow_pickle=False)
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: not a readable .npz file: {exc}") from exc
    if not isinstance(archive, np.lib.npyio.NpzFile):
        raise InputError(f"{path}: not a readable .npz file (it holds a single array).")
    with archive:
        content = {k: archive[k] for k in archive.files}
    if "X" not in content:
        raise InputError(f"{path}: the .npz file has no array 'X' (found {sorted(content)}).")
    try:
        X = check_onehot(content["X"], name=f"{path}: X")
    except (TypeError, ValueError) as exc:
        raise InputError(str(exc)) from exc
    y = content.get("y")
    if y is not None:
        y = np.asarray(y)
        if y.ndim == 1:
            y = y[:, None]
        if y.shape[0] != X.shape[0]:
            raise InputError(f"{path}: y has {y.shape[0]} rows but X has {X.shape[0]} sequences.")
        if not np.isin(y, (0, 1)).all():
            raise InputError(f"{path}: y must hold 0/1 labels.")
        y = y.astype(np.int64)
    names = (
        [str(n) for n in content["names"]]
        if "names" in content
        else [f"seq{i}" for i in range(X.shape[0])]
    )
    target_names = [str(t) for t in content["target_names"]] if "target_names" in content else None
    truth = None
    if "true_interactions" in content and "motif_names" in content:
        motif_names = [str(m) for m in content["motif_names"]]
        truth = pd.DataFrame(
            content["true_interactions"].astype(int), index=motif_names, columns=motif_names
        )
    return Bunch(X=X, y=y, names=names, target_names=target_names, true_interactions=truth)


def load_dataset(*, fasta=None, labels=None, data=None, require_labels=True):
    """Sequences (and labels) from FASTA + labels TSV, or from an ``.npz`` file.

    Exactly one of ``fasta`` and ``data`` must be given. Returns the :func:`load_npz` Bunch.
    """
    if (fasta is None) == (data is None):
        raise InputError("give either a FASTA file (with a labels table) or an .npz data file.")
    if data is not None:
        if labels is not None:
            raise InputError("labels come from the .npz file; do not pass a labels table too.")
        out = load_npz(data)
        if require_labels and out.y is None:
            raise InputError(f"{data}: the .npz file has no labels 'y'.")
        return out
    names, seqs = read_fasta(fasta)
    X = encode_sequences(seqs)
    y = target_names = None
    if labels is not None:
        y, target_names = read_labels(labels, names)
    elif require_labels:
        raise InputError("training needs labels: pass a labels table with the FASTA file.")
    if target_names is None and y is not None:
        target_names = [f"task{i}" for i in range(y.shape[1])]
    return Bunch(X=X, y=y, names=names, target_names=target_names, true_interactions=None)


def save_model(estimator, path, **metadata):
    """Pickle a fitted classifier with a format tag and metadata (e.g. ``target_names``)."""
    payload = {"format": MODEL_FORMAT, "estimator": estimator, **metadata}
    with open(path, "wb") as fh:
        pickle.dump(payload, fh, protocol=pickle.HIGHEST_PROTOCOL)


def load_model(path):
    """Load a model file written by :func:`save_model`; returns the payload dict.

    Only load files you trust: unpickling can run code.
    """
    path = _existing_file(path, "model")
    try:
        with open(path, "rb") as fh:
            payload = pickle.load(fh)
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError) as exc:
        raise InputError(
            f"{path}: not a model file written by sklearn-glifac train: {exc}"
        ) from exc
    if not isinstance(payload, dict) or payload.get("format") != MODEL_FORMAT:
        raise InputError(f"{path}: not a model file written by sklearn-glifac train.")
    return payload
