"""FASTA files, plain or gzip-compressed, and one-hot encoding of the sequences they hold.

Records are streamed with Biopython's ``SimpleFastaParser``; :func:`_valid_records` is the one
place that checks names and sequences, for :func:`read_fasta` and for the streaming reader of
:func:`~sklearn_glifac.io.load_dataset`.
"""

from __future__ import annotations

import gzip
import itertools
import os
from collections.abc import Iterable, Iterator, Sequence
from typing import IO

import numpy as np
import numpy.typing as npt

from ..utils import ALPHABET, UNIFORM_CODE, ZERO_CODE, check_onehot, codes_to_onehot
from ._paths import _GZIP_MAGIC, _ZIP_MAGIC, InputError, _head, existing_file

__all__ = ["decode_onehot", "encode_sequences", "read_fasta", "write_fasta"]

UNKNOWN_POLICIES = ("error", "zero", "uniform")
LENGTH_POLICIES = ("error", "pad", "trim")
_IUPAC = "NRYSWKMBDHV"
# Byte -> base index (0-3 for ACGT, either case), 4 for an IUPAC code, 255 for anything else.
_LOOKUP = np.full(256, 255, dtype=np.uint8)
for _i, _b in enumerate(ALPHABET):
    _LOOKUP[ord(_b)] = _LOOKUP[ord(_b.lower())] = _i
for _b in _IUPAC:
    _LOOKUP[ord(_b)] = _LOOKUP[ord(_b.lower())] = 4


def _check_choice(value: object, choices: Sequence[str], name: str) -> None:
    if value not in choices:
        raise ValueError(f"{name} must be one of {list(choices)}, got {value!r}.")


def _open_text(path: str | os.PathLike[str]) -> IO[str]:
    """Text handle on a plain or gzip file; a byte-order mark is dropped (``utf-8-sig``)."""
    if _head(path, 2) == _GZIP_MAGIC:
        return gzip.open(path, "rt", encoding="utf-8-sig", newline=None)
    return open(path, encoding="utf-8-sig", newline=None)


def _fasta_records(path: str | os.PathLike[str]) -> Iterator[tuple[str, str]]:
    """Stream (title, sequence) pairs; text before the first header is an error."""
    from Bio.SeqIO.FastaIO import SimpleFastaParser

    head = _head(path, 4)
    if head == _ZIP_MAGIC:
        raise InputError(
            f"{path}: this is a zip archive (an .npz data file?), not FASTA; pass .npz files "
            "with --data (Python: load_dataset(data=...))."
        )
    with _open_text(path) as fh:
        lineno = 0
        for line in fh:
            lineno += 1
            if line.strip():
                break
        else:
            return
        if not line.startswith(">"):
            raise InputError(
                f"{path}: line {lineno} comes before the first FASTA header ('>name'): "
                f"{line.strip()[:40]!r}; is this a FASTA file?"
            )
        yield from SimpleFastaParser(itertools.chain([line], fh))


def _check_sequence(seq: str, *, name: str, source: str, unknown: str = "error") -> None:
    """Raise for characters that cannot be encoded under ``unknown``; returns nothing."""
    if not seq:
        raise InputError(f"{source}: record '{name}' has an empty sequence.")
    try:
        raw = seq.encode("ascii")
    except UnicodeEncodeError:
        pos = next(i for i, c in enumerate(seq) if ord(c) > 127)
        raise InputError(
            f"{source}: record '{name}' has the non-ASCII character {seq[pos]!r} at position "
            f"{pos + 1}; only A, C, G, T (either case) and IUPAC codes are sequence letters."
        ) from None
    codes = _LOOKUP[np.frombuffer(raw, dtype=np.uint8)]
    bad = np.flatnonzero(codes == 255) if unknown != "error" else np.flatnonzero(codes > 3)
    if bad.size == 0:
        return
    pos = int(bad[0])
    char = seq[pos]
    where = f"{source}: record '{name}' has '{char}' at position {pos + 1}"
    if codes[pos] == 4:
        raise InputError(
            f"{where}: ambiguous bases (N and other IUPAC codes) are not encoded by default. "
            "Choose an encoding explicitly: --unknown-bases zero (all-zero column) or uniform "
            "(0.25 per base); Python: unknown='zero' or 'uniform'."
        )
    raise InputError(
        f"{where}: only A, C, G, T (either case) and IUPAC codes such as N are sequence letters."
    )


def read_fasta(
    path: str | os.PathLike[str], *, unknown: str = "error", length_policy: str = "error"
) -> tuple[list[str], list[str]]:
    """Read a FASTA file into record names and sequence strings (validated).

    Parameters
    ----------
    path : str or path-like
        FASTA file, plain or gzip-compressed; sequences may span several lines.
    unknown : {"error", "zero", "uniform"}, default="error"
        What ``N`` and other IUPAC codes do: raise (naming record and position), or pass through
        to :func:`encode_sequences`, which encodes them as an all-zero or a uniform column.
    length_policy : {"error", "pad", "trim"}, default="error"
        ``"error"`` rejects sequences of unequal length (naming the first record that differs
        and both lengths); ``"pad"`` and ``"trim"`` accept them for :func:`encode_sequences`.

    Returns
    -------
    names : list of str
        Record names (the header up to the first whitespace).
    sequences : list of str
        Upper-case sequences.

    Raises
    ------
    InputError
        Missing file, no records, text before the first header, empty or duplicate names, empty
        sequences, characters that are neither bases nor IUPAC codes, IUPAC codes when
        ``unknown="error"``, or unequal lengths when ``length_policy="error"``.
    """
    _check_choice(unknown, UNKNOWN_POLICIES, "unknown")
    _check_choice(length_policy, LENGTH_POLICIES, "length_policy")
    path = existing_file(path, "FASTA")
    names, sequences = [], []
    for name, seq in _valid_records(path, unknown=unknown):
        names.append(name)
        sequences.append(seq)
    if length_policy == "error":
        _check_lengths(names, [len(s) for s in sequences], source=str(path))
    return names, sequences


def _valid_records(path: str | os.PathLike[str], *, unknown: str) -> Iterator[tuple[str, str]]:
    """Stream validated ``(name, upper-case sequence)`` records of an existing FASTA file.

    The one place that checks names (present, unique) and sequences (not empty, encodable under
    ``unknown``); :func:`read_fasta` collects its records, ``load_dataset(stream=True)``
    encodes them chunk by chunk.
    """
    seen: set[str] = set()
    try:
        for title, seq in _fasta_records(path):
            parts = title.split(maxsplit=1)
            if not parts:
                raise InputError(
                    f"{path}: record {len(seen) + 1} has a FASTA header without a name."
                )
            name = parts[0]
            if name in seen:
                raise InputError(f"{path}: duplicate record name '{name}'; names must be unique.")
            seen.add(name)
            _check_sequence(seq, name=name, source=str(path), unknown=unknown)
            yield name, seq.upper()
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}); is this a FASTA file?"
        ) from exc
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise InputError(f"{path}: could not read the file: {exc}") from exc
    if not seen:
        raise InputError(f"{path}: no FASTA records found.")


def _check_lengths(
    names: Sequence[str], lengths: Sequence[int], *, source: str, seq_len: int | None = None
) -> None:
    """Error naming the first record whose length differs from ``seq_len`` (or the first's)."""
    target = lengths[0] if seq_len is None else seq_len
    for name, n in zip(names, lengths):
        if n != target:
            advice = (
                " Choose --length-policy pad or trim (Python: length_policy='pad' or 'trim'), "
                "or make them one length first."
            )
            if seq_len is not None:
                raise InputError(
                    f"{source}: '{name}' has {n} nt but the required length (seq_len, e.g. the "
                    f"model's) is {target} nt.{advice}"
                )
            raise InputError(
                f"{source}: sequences must all have the same length, but '{names[0]}' has "
                f"{target} nt and '{name}' has {n} nt.{advice}"
            )


def _target_length(
    names: Sequence[str],
    lengths: Sequence[int],
    *,
    length_policy: str,
    seq_len: int | None,
    source: str,
) -> int:
    if length_policy == "error":
        _check_lengths(names, lengths, source=source, seq_len=seq_len)
        return lengths[0] if seq_len is None else seq_len
    if seq_len is not None:
        return seq_len
    return max(lengths) if length_policy == "pad" else min(lengths)


def _conform(
    names: Sequence[str], lengths: Sequence[int], *, length_policy: str, target: int, source: str
) -> None:
    """Check that ``pad``/``trim`` can reach ``target`` for every record."""
    if length_policy == "pad":
        longer = [(n, k) for n, k in zip(names, lengths) if k > target]
        if longer:
            raise InputError(
                f"{source}: length_policy 'pad' only lengthens, but '{longer[0][0]}' has "
                f"{longer[0][1]} nt > {target} nt ({len(longer)} such record(s)); use 'trim'."
            )
    elif length_policy == "trim":
        shorter = [(n, k) for n, k in zip(names, lengths) if k < target]
        if shorter:
            raise InputError(
                f"{source}: length_policy 'trim' only shortens, but '{shorter[0][0]}' has "
                f"{shorter[0][1]} nt < {target} nt ({len(shorter)} such record(s)); use 'pad'."
            )


def encode_sequences(
    sequences: Iterable[str],
    *,
    unknown: str = "error",
    length_policy: str = "error",
    seq_len: int | None = None,
    names: Iterable[str] | None = None,
) -> np.ndarray:
    """One-hot encode DNA strings into shape (n, 4, seq_len), float32.

    Parameters
    ----------
    sequences : sequence of str
        DNA strings (either case).
    unknown : {"error", "zero", "uniform"}, default="error"
        Encoding of ``N`` and other IUPAC codes: raise, an all-zero column, or 0.25 per base.
    length_policy : {"error", "pad", "trim"}, default="error"
        Unequal lengths: raise, pad with all-zero columns at the 3' end (to ``seq_len`` or the
        longest sequence), or cut bases from the 3' end (to ``seq_len`` or the shortest).
    seq_len : int, default=None
        Required length (e.g. a fitted model's); None: the sequences' own.
    names : sequence of str, default=None
        Record names for error messages (default: the indices).

    Returns
    -------
    X : ndarray of shape (n_sequences, 4, seq_len), float32

    Examples
    --------
    >>> encode_sequences(["ACGT"])[0].astype(int).tolist()
    [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]
    >>> encode_sequences(["ACN"], unknown="uniform")[0, :, 2].tolist()
    [0.25, 0.25, 0.25, 0.25]
    """
    _check_choice(unknown, UNKNOWN_POLICIES, "unknown")
    _check_choice(length_policy, LENGTH_POLICIES, "length_policy")
    sequences = list(sequences)
    if not sequences:
        raise InputError("no sequences to encode.")
    names = [str(i) for i in range(len(sequences))] if names is None else list(names)
    lengths = [len(s) for s in sequences]
    target = _target_length(
        names, lengths, length_policy=length_policy, seq_len=seq_len, source="sequences"
    )
    _conform(names, lengths, length_policy=length_policy, target=target, source="sequences")
    codes = np.empty((len(sequences), target), dtype=np.uint8)
    for k, (name, seq) in enumerate(zip(names, sequences)):
        _check_sequence(seq, name=name, source="sequences", unknown=unknown)
        _fill_codes(codes[k], seq, unknown)
    return codes_to_onehot(codes)


def _fill_codes(row: np.ndarray, seq: str, unknown: str) -> None:
    """Write the base codes of ``seq`` (checked) into ``row``: cut or padded to its length.

    Codes index :data:`~sklearn_glifac.utils.CODE_TABLE`: 0-3 ACGT, 4 a uniform column,
    5 an all-zero column (an unknown base under ``unknown="zero"``, and padding).
    """
    target = len(row)
    codes = _LOOKUP[np.frombuffer(seq[:target].encode("ascii"), dtype=np.uint8)]
    if unknown == "zero":
        codes = np.where(codes == UNIFORM_CODE, ZERO_CODE, codes)
    row[: len(codes)] = codes
    row[len(codes) :] = ZERO_CODE


def decode_onehot(X: npt.ArrayLike) -> list[str]:
    """Strings of one-hot sequences of shape (n, 4, seq_len) (validated)."""
    onehot = check_onehot(X, name="X")
    letters = np.frombuffer(ALPHABET.encode(), dtype=np.uint8)[onehot.argmax(axis=1)]
    return [row.tobytes().decode("ascii") for row in letters]


def write_fasta(
    path: str | os.PathLike[str], names: Iterable[object], X: npt.ArrayLike, *, width: int = 80
) -> None:
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
