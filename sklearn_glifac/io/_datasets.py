"""One loader for sequences and labels: FASTA + labels table or ``.npz``, in memory or streamed."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
from sklearn.utils import Bunch

from ..utils import OneHotStore, check_chunk_size
from ._fasta import (
    LENGTH_POLICIES,
    UNKNOWN_POLICIES,
    _check_choice,
    _check_lengths,
    _conform,
    _fill_codes,
    _target_length,
    _valid_records,
    encode_sequences,
    read_fasta,
)
from ._labels import _check_tasks, read_labels
from ._npz import _npz_bunch, _npz_code_chunks, _npz_members, _npz_path, _npz_x_shape, load_npz
from ._paths import InputError, existing_file

__all__ = ["MAX_SEQ_LEN", "STREAM_CHUNK_SIZE", "load_dataset"]

#: Sequences encoded at a time by ``load_dataset(stream=True)`` (about 2 MB of codes at 200 nt).
STREAM_CHUNK_SIZE = 10_000
#: Longest sequence accepted for training by default. Attention memory grows with the square of
#: the pooled length: at 5,000 nt a CNN4 model needs about 5 GB per batch of 100 sequences.
MAX_SEQ_LEN = 5_000


def _fit_array(
    X: np.ndarray,
    names: Sequence[str],
    *,
    length_policy: str,
    seq_len: int | None,
    source: str,
) -> np.ndarray:
    """Apply ``length_policy`` to a one-hot array that must have length ``seq_len``."""
    if seq_len is None or X.shape[2] == seq_len:
        return X
    n = X.shape[2]
    if length_policy == "error":
        raise InputError(
            f"{source}: the sequences have {n} nt but the required length (seq_len, e.g. the "
            f"model's) is {seq_len} nt. Choose "
            "--length-policy pad or trim (Python: length_policy='pad' or 'trim')."
        )
    _conform(names[:1], [n], length_policy=length_policy, target=seq_len, source=source)
    if length_policy == "trim":
        return np.ascontiguousarray(X[:, :, :seq_len])
    return np.concatenate([X, np.zeros((*X.shape[:2], seq_len - n), dtype=X.dtype)], axis=2)


def load_dataset(
    *,
    fasta: str | os.PathLike[str] | None = None,
    labels: str | os.PathLike[str] | None = None,
    data: str | os.PathLike[str] | None = None,
    require_labels: bool = True,
    unknown: str = "error",
    length_policy: str = "error",
    seq_len: int | None = None,
    max_length: int | None = MAX_SEQ_LEN,
    stream: bool = False,
    chunk_size: int = STREAM_CHUNK_SIZE,
    directory: str | os.PathLike[str] | None = None,
) -> Bunch:
    """Sequences (and labels) from FASTA + labels TSV, or from an ``.npz`` file.

    Parameters
    ----------
    fasta, labels, data : path-like, default=None
        Exactly one of ``fasta`` (with ``labels`` when ``require_labels``) and ``data``.
    require_labels : bool, default=True
        Whether labels are needed (training) or not (interactions).
    unknown : {"error", "zero", "uniform"}, default="error"
        Encoding of ``N`` and other IUPAC codes in FASTA (see :func:`encode_sequences`).
    length_policy : {"error", "pad", "trim"}, default="error"
        Unequal lengths, or a length other than ``seq_len`` (see :func:`encode_sequences`).
    seq_len : int, default=None
        Required length, e.g. a fitted model's; checked before anything is encoded.
    max_length : int or None, default=MAX_SEQ_LEN
        Longest accepted length (None: no limit); longer sequences are an error before any
        network sees them.
    stream : bool, default=False
        Encode the sequences ``chunk_size`` at a time into a
        :class:`~sklearn_glifac.utils.OneHotStore` (one byte per base in a temporary file)
        instead of a float32 array in memory: memory is one chunk plus the record names, about
        70 bytes per sequence, whatever the number of sequences (a million 200-nt sequences:
        200 MB on disk instead of 3.2 GB in memory). The same checks and errors as without
        streaming; a FASTA file is read once (twice for ``pad``/``trim`` without ``seq_len``),
        an ``.npz`` member is decompressed as a stream.
    chunk_size : int, default=10000
        Sequences encoded at a time when ``stream=True``.
    directory : str or path-like, default=None
        Folder of the store's temporary file (default: the system's temporary folder).

    Returns
    -------
    data : Bunch
        ``X`` (ndarray, or a ``OneHotStore`` when ``stream``), ``y`` (or None), ``names``,
        ``target_names``, ``true_interactions``.
    """
    _check_choice(unknown, UNKNOWN_POLICIES, "unknown")
    _check_choice(length_policy, LENGTH_POLICIES, "length_policy")
    if not isinstance(stream, bool):
        raise TypeError(f"stream must be True or False, got {stream!r}.")
    chunk_size = check_chunk_size(chunk_size)
    if (fasta is None) == (data is None):
        raise InputError("give either a FASTA file (with a labels table) or an .npz data file.")
    if stream:
        out = _stream_dataset(fasta=fasta, data=data, labels=labels, unknown=unknown,
                              length_policy=length_policy, seq_len=seq_len,
                              max_length=max_length, chunk_size=chunk_size,
                              directory=directory)  # fmt: skip
        if require_labels and out.y is None:
            raise InputError(
                f"{data}: the .npz file has no labels 'y'." if data is not None else
                "training needs labels: pass a labels table with the FASTA file."
            )  # fmt: skip
    elif data is not None:
        if labels is not None:
            raise InputError("labels come from the .npz file; do not pass a labels table too.")
        out = load_npz(data)
        if require_labels and out.y is None:
            raise InputError(f"{data}: the .npz file has no labels 'y'.")
        _check_max_length(out.names, [out.X.shape[2]], max_length, source=str(data))
        out.X = _fit_array(
            out.X, out.names, length_policy=length_policy, seq_len=seq_len, source=str(data)
        )
    else:
        assert fasta is not None  # exactly one of fasta and data, checked above
        names, seqs = read_fasta(fasta, unknown=unknown, length_policy="pad")
        lengths = [len(s) for s in seqs]
        target = _target_length(
            names, lengths, length_policy=length_policy, seq_len=seq_len, source=str(fasta)
        )
        _conform(names, lengths, length_policy=length_policy, target=target, source=str(fasta))
        _check_max_length(names, [target], max_length, source=str(fasta))
        X = encode_sequences(seqs, unknown=unknown, length_policy=length_policy,
                             seq_len=target, names=names)  # fmt: skip
        y = target_names = None
        if labels is not None:
            y, target_names = read_labels(labels, names)
        elif require_labels:
            raise InputError("training needs labels: pass a labels table with the FASTA file.")
        out = Bunch(X=X, y=y, names=names, target_names=target_names, true_interactions=None)
    if out.y is not None:
        if out.target_names is None:
            out.target_names = [f"task{i}" for i in range(out.y.shape[1])]
        if require_labels:
            _check_tasks(out.y, out.target_names, str(labels if labels is not None else data))
    return out


def _stream_dataset(
    *,
    fasta: str | os.PathLike[str] | None,
    data: str | os.PathLike[str] | None,
    labels: str | os.PathLike[str] | None,
    unknown: str,
    length_policy: str,
    seq_len: int | None,
    max_length: int | None,
    chunk_size: int,
    directory: str | os.PathLike[str] | None,
) -> Bunch:
    """``load_dataset(stream=True)``: the sequences go to a :class:`OneHotStore` chunk by chunk."""
    if data is not None:
        if labels is not None:
            raise InputError("labels come from the .npz file; do not pass a labels table too.")
        data = _npz_path(data)
        content = _npz_members(data, skip=("X",))
        n, _, length = _npz_x_shape(data)
        names = (
            [str(k) for k in content["names"]] if "names" in content else [f"seq{i}" for i in
                                                                           range(n)]
        )  # fmt: skip
        _check_max_length(names, [length], max_length, source=str(data))
        target = length if seq_len is None else seq_len
        if length != target:  # the same checks (and messages) as the in-memory path
            _fit_array(np.zeros((1, 4, length), np.float32), names, length_policy=length_policy,
                       seq_len=target, source=str(data))  # fmt: skip
        chunks = _npz_code_chunks(data, chunk_size=chunk_size, target=target)
        X = OneHotStore.from_chunks(chunks, target, directory=directory)
        return _npz_bunch(data, content, X)
    assert fasta is not None  # exactly one of fasta and data, checked by load_dataset
    fasta = existing_file(fasta, "FASTA")
    width = seq_len
    if width is None and length_policy != "error":  # the longest / shortest: one more pass
        lengths = [len(seq) for _, seq in _valid_records(fasta, unknown=unknown)]
        width = max(lengths) if length_policy == "pad" else min(lengths)
    names = []
    X = OneHotStore.from_chunks(
        _fasta_code_chunks(fasta, names, unknown=unknown, length_policy=length_policy,
                           target=width, seq_len=seq_len, max_length=max_length,
                           chunk_size=chunk_size),
        width if width is not None else _first_length(fasta, unknown=unknown),
        directory=directory,
    )  # fmt: skip
    y = target_names = None
    if labels is not None:
        y, target_names = read_labels(labels, names)
    return Bunch(X=X, y=y, names=names, target_names=target_names, true_interactions=None)


def _first_length(path: Path, *, unknown: str) -> int:
    for _, seq in _valid_records(path, unknown=unknown):
        return len(seq)
    raise AssertionError("not reached: _valid_records raises for a file without records")


def _fasta_code_chunks(
    path: Path,
    names: list[str],
    *,
    unknown: str,
    length_policy: str,
    target: int | None,
    seq_len: int | None,
    max_length: int | None,
    chunk_size: int,
) -> Iterator[np.ndarray]:
    """Base codes of a FASTA file, ``chunk_size`` records at a time; appends to ``names``.

    The checks of the in-memory path, record by record: lengths under ``length_policy`` (with
    ``pad``/``trim`` the records that cannot reach ``target`` are counted and reported at the
    end, as :func:`_conform` does), ``max_length``, and every sequence check of
    :func:`_valid_records`.
    """
    source = str(path)
    buffer = np.empty((0, 0), dtype=np.uint8)  # sized at the first record
    first: tuple[str, int] | None = None
    wrong: tuple[list[str], list[int]] = ([], [])
    width = 0  # the target length, known from the first record on
    k = 0
    for name, seq in _valid_records(path, unknown=unknown):
        n = len(seq)
        if first is None:
            first = (name, n)
            width = n if target is None else target
            _check_max_length([name], [width], max_length, source=source)
            buffer = np.empty((chunk_size, width), dtype=np.uint8)
        if length_policy == "error" and n != width:
            _check_lengths([first[0], name], [first[1], n], source=source, seq_len=seq_len)
        if (length_policy == "pad" and n > width) or (length_policy == "trim" and n < width):
            wrong[0].append(name)
            wrong[1].append(n)
        names.append(name)
        _fill_codes(buffer[k], seq, unknown)
        k += 1
        if k == chunk_size:
            yield buffer.copy()
            k = 0
    if wrong[0]:
        _conform(*wrong, length_policy=length_policy, target=width, source=source)
    if k:
        yield buffer[:k].copy()


def _check_max_length(
    names: Sequence[str], lengths: Sequence[int], max_length: int | None, *, source: str
) -> None:
    if max_length is None:
        return
    n = max(lengths)
    if n > max_length:
        raise InputError(
            f"{source}: sequences of {n:,} nt are longer than the maximum of {max_length:,} nt; "
            "the networks are built for fixed windows of a few hundred nt (attention memory "
            "grows with the square of the length). Cut windows first, or raise the limit "
            "(--max-length; Python: max_length=)."
        )
