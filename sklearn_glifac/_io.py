"""Reading and writing sequences, labels, data sets and fitted models for the command line.

Formats (the :ref:`inputs` page of the user guide lists every hostile input and what happens):

* FASTA, plain or gzip-compressed (detected from the content, not the name), UTF-8 with or
  without a byte-order mark, ``\\n`` or ``\\r\\n`` line endings, sequences on one or many lines.
  Parsed with Biopython's streaming ``SimpleFastaParser``. Lower-case (soft-masked) bases are
  read as upper case. ``N`` and the other IUPAC codes are an error naming the record and the
  position unless ``unknown="zero"`` (all-zero column) or ``unknown="uniform"`` (0.25 in every
  channel) asks for an encoding. Sequences of unequal length are an error naming the first
  record that differs unless ``length_policy="pad"`` (all-zero columns added at the 3' end, up
  to the longest sequence) or ``"trim"`` (bases cut from the 3' end, down to the shortest).
* Labels: a tab-separated table with a header; the first column holds the FASTA record names,
  every other column is one 0/1 task.
* ``.npz``: ``X`` (uint8 one-hot, (n, 4, seq_len)), optionally ``y``, ``names``,
  ``target_names`` and the ground truth ``true_interactions`` / ``motif_names``.
* Models (``.pt``): a ``torch.save`` file holding the network's state dict and a JSON text of
  everything needed to rebuild the classifier (preset, ``module__*`` arguments, ``seq_len``,
  ``n_tasks``, target names, ground truth, library version); read back with
  ``torch.load(weights_only=True)``, which cannot run code. Pickles are written and read only on
  request (``allow_pickle=True``): unpickling a file runs whatever code it names.
"""

from __future__ import annotations

import gzip
import itertools
import json
import pickle
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.utils import Bunch

from .utils import (
    UNIFORM_CODE,
    ZERO_CODE,
    OneHotStore,
    check_chunk_size,
    check_onehot,
    codes_to_onehot,
    onehot_to_codes,
)

__all__ = [
    "InputError",
    "MAX_SEQ_LEN",
    "read_fasta",
    "encode_sequences",
    "decode_onehot",
    "write_fasta",
    "read_labels",
    "write_labels",
    "save_npz",
    "load_npz",
    "load_dataset",
    "check_writable",
    "existing_file",
    "save_model",
    "load_model",
]

ALPHABET = "ACGT"
#: Sequences encoded at a time by ``load_dataset(stream=True)`` (about 2 MB of codes at 200 nt).
STREAM_CHUNK_SIZE = 10_000
MODEL_FORMAT = "sklearn-glifac-model/2"
_PICKLE_FORMAT = "sklearn-glifac-model/1"
UNKNOWN_POLICIES = ("error", "zero", "uniform")
LENGTH_POLICIES = ("error", "pad", "trim")
#: Longest sequence accepted for training by default. Attention memory grows with the square of
#: the pooled length: at 5,000 nt a CNN4 model needs about 5 GB per batch of 100 sequences.
MAX_SEQ_LEN = 5_000
_IUPAC = "NRYSWKMBDHV"
# Byte -> base index (0-3 for ACGT, either case), 4 for an IUPAC code, 255 for anything else.
_LOOKUP = np.full(256, 255, dtype=np.uint8)
for _i, _b in enumerate(ALPHABET):
    _LOOKUP[ord(_b)] = _LOOKUP[ord(_b.lower())] = _i
for _b in _IUPAC:
    _LOOKUP[ord(_b)] = _LOOKUP[ord(_b.lower())] = 4
_GZIP_MAGIC = b"\x1f\x8b"
_ZIP_MAGIC = b"PK\x03\x04"


class InputError(ValueError):
    """A user-supplied file is missing or malformed (reported without a traceback by the CLI)."""


def existing_file(path, what):
    """``Path(path)`` if it is an existing file, else an :class:`InputError` naming ``what``."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{what} file '{path}' does not exist.")
    if not path.is_file():
        raise InputError(f"{what} path '{path}' is not a file.")
    return path


def _check_choice(value, choices, name):
    if value not in choices:
        raise ValueError(f"{name} must be one of {list(choices)}, got {value!r}.")


def _head(path, n=8):
    with open(path, "rb") as fh:
        return fh.read(n)


def _examples(items, k=3):
    shown = ", ".join(f"'{i}'" for i in items[:k])
    return shown + (", ..." if len(items) > k else "")


# ------------------------------------------------------------------------------------ FASTA
def _open_text(path):
    """Text handle on a plain or gzip file; a byte-order mark is dropped (``utf-8-sig``)."""
    if _head(path, 2) == _GZIP_MAGIC:
        return gzip.open(path, "rt", encoding="utf-8-sig", newline=None)
    return open(path, encoding="utf-8-sig", newline=None)


def _fasta_records(path):
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


def _check_sequence(seq, *, name, source, unknown="error"):
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


def read_fasta(path, *, unknown="error", length_policy="error"):
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


def _valid_records(path, *, unknown):
    """Stream validated ``(name, upper-case sequence)`` records of an existing FASTA file.

    The one place that checks names (present, unique) and sequences (not empty, encodable under
    ``unknown``); :func:`read_fasta` collects its records, ``load_dataset(stream=True)``
    encodes them chunk by chunk.
    """
    seen = set()
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


def _check_lengths(names, lengths, *, source, seq_len=None):
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


def _target_length(names, lengths, *, length_policy, seq_len, source):
    if length_policy == "error":
        _check_lengths(names, lengths, source=source, seq_len=seq_len)
        return lengths[0] if seq_len is None else seq_len
    if seq_len is not None:
        return seq_len
    return max(lengths) if length_policy == "pad" else min(lengths)


def _conform(names, lengths, *, length_policy, target, source):
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


def encode_sequences(sequences, *, unknown="error", length_policy="error", seq_len=None,
                     names=None):  # fmt: skip
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


def _fill_codes(row, seq, unknown):
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


# ------------------------------------------------------------------------------------ labels
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
        Missing file, no header (the first line names a sequence), no task column, duplicate or
        missing names, names not in the FASTA file (counts and first examples), empty cells,
        values other than 0 and 1.
    """
    path = existing_file(path, "labels")
    try:
        table = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: could not read a tab-separated labels table: {exc}") from exc
    name_set = set(names)
    header = [str(c).strip() for c in table.columns]
    if header and header[0] in name_set:
        raise InputError(
            f"{path}: the first line looks like data, not a header: it starts with the sequence "
            f"name '{header[0]}'. Add a header line (e.g. 'name<TAB>task1<TAB>...')."
        )
    if table.shape[1] < 2:
        raise InputError(
            f"{path}: a labels table needs a name column and at least one task column "
            f"(tab-separated, with a header); found columns {header}."
        )
    ids = table.iloc[:, 0].astype(str).str.strip()
    dup = ids[ids.duplicated()]
    if len(dup):
        raise InputError(f"{path}: sequence '{dup.iloc[0]}' has more than one label row.")
    index = pd.Index(ids)
    missing = [n for n in names if n not in index]
    extra = [i for i in ids if i not in name_set]
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"{len(missing)} sequence(s) have no label row ({_examples(missing)})")
        if extra:
            parts.append(f"{len(extra)} label row(s) name no sequence ({_examples(extra)})")
        raise InputError(
            f"{path}: the labels do not match the {len(names)} FASTA records: "
            f"{'; '.join(parts)}. The first column must hold the FASTA record names."
        )
    values = table.iloc[:, 1:].set_index(index).loc[names]
    cells = values.apply(lambda col: col.str.strip())
    empty = np.argwhere((cells == "").to_numpy())
    if len(empty):
        r, c = empty[0]
        raise InputError(
            f"{path}: missing label: sequence '{names[r]}', task '{values.columns[c]}' has an "
            f"empty cell ({len(empty)} empty cell(s) in all); every label must be 0 or 1."
        )
    y = cells.apply(lambda col: pd.to_numeric(col, errors="coerce")).to_numpy(float)
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


def _check_tasks(y, target_names, source):
    """A task whose labels are all equal teaches nothing and has no defined AUPR: an error."""
    if len(y) < 2:  # one sequence: the caller's own count check says so more plainly
        return
    constant = [
        (str(t), int(y[0, k])) for k, t in enumerate(target_names) if (y[:, k] == y[0, k]).all()
    ]
    if constant:
        shown = ", ".join(f"'{t}' (all {v})" for t, v in constant[:5])
        raise InputError(
            f"{source}: {len(constant)} task column(s) have a single label value: {shown}. "
            "Such a task has no positives (or no negatives) to learn from; remove the column."
        )


# ------------------------------------------------------------------------------------ .npz
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


def _not_npz(path):
    head = _head(path, 8)
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b">") or head[:2] == _GZIP_MAGIC:
        kind = "a FASTA file" if head[:2] != _GZIP_MAGIC else "a gzip file (FASTA?)"
        return (
            f"{path}: this looks like {kind}, not an .npz archive; pass FASTA with --fasta "
            "(Python: load_dataset(fasta=...))."
        )
    if head.startswith(b"\x93NUMPY"):
        return f"{path}: a single .npy array, not an .npz archive with 'X' (and 'y')."
    if head[:4] != _ZIP_MAGIC:
        return f"{path}: not an .npz archive (it does not start like a zip file)."
    return None


def load_npz(path):
    """Load a data set written by :func:`save_npz` (or any ``.npz`` with ``X`` and ``y``).

    Returns
    -------
    data : Bunch
        ``X`` float32 (n, 4, seq_len); ``y`` (n, n_tasks) or None; ``names``;
        ``target_names`` or None; ``true_interactions`` DataFrame or None.
    """
    path = _npz_path(path)
    content = _npz_members(path)
    try:
        X = check_onehot(content["X"], name=f"{path}: X", allow_unknown=True)
    except (TypeError, ValueError) as exc:
        raise InputError(str(exc)) from exc
    return _npz_bunch(path, content, X)


def _npz_path(path):
    path = existing_file(path, "data")
    problem = _not_npz(path)
    if problem:
        raise InputError(problem)
    return path


def _npz_errors(path):
    """Context manager turning numpy/zip errors on ``path`` into :class:`InputError`."""
    from contextlib import contextmanager

    @contextmanager
    def guard():
        try:
            yield
        except InputError:
            raise
        except ValueError as exc:
            if "allow_pickle" in str(exc):
                raise InputError(
                    f"{path}: the archive holds object (pickled) arrays, which are never loaded "
                    "(loading them could run code); store X and y as numeric arrays."
                ) from exc
            raise InputError(f"{path}: not a readable .npz archive: {exc}") from exc
        except Exception as exc:  # OSError, BadZipFile, zlib.error from a truncated member
            raise InputError(f"{path}: truncated or damaged .npz archive: {exc}") from exc

    return guard()


def _npz_members(path, *, skip=()):
    """The arrays of an ``.npz`` file except those in ``skip``; an error if it has no ``X``."""
    with _npz_errors(path), np.load(path, allow_pickle=False) as archive:
        files = list(archive.files)
        content = {k: archive[k] for k in files if k not in skip}
    if "X" not in files:
        raise InputError(f"{path}: the .npz file has no array 'X' (found {sorted(files)}).")
    return content


def _npz_bunch(path, content, X):
    """Check ``y`` against ``X`` and gather names and ground truth of an ``.npz`` file."""
    y = content.get("y")
    if y is not None:
        y = np.asarray(y)
        if y.ndim == 1:
            y = y[:, None]
        if y.shape[0] != X.shape[0]:
            raise InputError(f"{path}: y has {y.shape[0]} rows but X has {X.shape[0]} sequences.")
        ok = np.isin(y, (0, 1))
        if not ok.all():
            r, c = np.argwhere(~ok)[0]
            raise InputError(
                f"{path}: y must hold 0/1 labels; row {r}, task {c} has {y[r, c]!r} "
                f"({int((~ok).sum())} such value(s); missing labels are not allowed)."
            )
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


def _npz_x_header(fh, path):
    """Shape, dtype and order of the ``X.npy`` member open as ``fh`` (checked, nothing read)."""
    fmt = np.lib.format
    version = fmt.read_magic(fh)
    read = fmt.read_array_header_1_0 if version == (1, 0) else fmt.read_array_header_2_0
    shape, fortran, dtype = read(fh)
    if dtype.hasobject:
        raise ValueError("allow_pickle")  # reported by _npz_errors
    if not (np.issubdtype(dtype, np.number) or np.issubdtype(dtype, np.bool_)):
        raise InputError(f"{path}: X must be a numeric one-hot array, got dtype {dtype}.")
    if len(shape) != 3 or shape[1] != 4:
        raise InputError(
            f"{path}: X must have shape (n_samples, 4, seq_len) (alphabet ACGT on axis 1), got "
            f"shape {shape}."
        )
    if shape[0] == 0:
        raise InputError(f"{path}: X is empty: got 0 sequences (shape {shape}).")
    return shape, dtype, fortran


def _npz_x_shape(path):
    with _npz_errors(path), zipfile.ZipFile(path) as zf, zf.open("X.npy") as fh:
        return _npz_x_header(fh, path)[0]


def _npz_code_chunks(path, *, chunk_size, target):
    """Base codes of ``X`` in an ``.npz`` file, ``chunk_size`` rows at a time (validated).

    The member is decompressed as a stream: memory is one chunk whatever the file's size.
    Rows are cut or padded (all-zero columns) to ``target``.
    """
    with _npz_errors(path), zipfile.ZipFile(path) as zf, zf.open("X.npy") as fh:
        shape, dtype, fortran = _npz_x_header(fh, path)
        n, _, length = shape
        if fortran:  # rows are not contiguous in the file: read it whole (rare: numpy writes C)
            whole = np.load(path, allow_pickle=False)["X"]
        row_bytes = 4 * length * dtype.itemsize
        for start in range(0, n, chunk_size):
            rows = min(chunk_size, n - start)
            if fortran:
                X = whole[start : start + rows]
            else:
                buf = fh.read(rows * row_bytes)
                if len(buf) != rows * row_bytes:
                    raise InputError(
                        f"{path}: truncated .npz archive: X ends after {start} of {n} sequences."
                    )
                X = np.frombuffer(buf, dtype=dtype).reshape(rows, 4, length)
            try:
                codes = onehot_to_codes(X, name=f"{path}: X (sequences {start}-{start + rows - 1})")
            except (TypeError, ValueError) as exc:
                raise InputError(str(exc)) from exc
            if length >= target:
                yield np.ascontiguousarray(codes[:, :target])
            else:
                padded = np.full((rows, target), ZERO_CODE, dtype=np.uint8)
                padded[:, :length] = codes
                yield padded


def _fit_array(X, names, *, length_policy, seq_len, source):
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


def load_dataset(*, fasta=None, labels=None, data=None, require_labels=True, unknown="error",
                 length_policy="error", seq_len=None, max_length=MAX_SEQ_LEN, stream=False,
                 chunk_size=STREAM_CHUNK_SIZE, directory=None):  # fmt: skip
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


def _stream_dataset(*, fasta, data, labels, unknown, length_policy, seq_len, max_length,
                    chunk_size, directory):  # fmt: skip
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
    fasta = existing_file(fasta, "FASTA")
    target = seq_len
    if target is None and length_policy != "error":  # the longest / shortest: one more pass
        lengths = [len(seq) for _, seq in _valid_records(fasta, unknown=unknown)]
        target = max(lengths) if length_policy == "pad" else min(lengths)
    names = []
    X = OneHotStore.from_chunks(
        _fasta_code_chunks(fasta, names, unknown=unknown, length_policy=length_policy,
                           target=target, seq_len=seq_len, max_length=max_length,
                           chunk_size=chunk_size),
        target if target is not None else _first_length(fasta, unknown=unknown),
        directory=directory,
    )  # fmt: skip
    y = target_names = None
    if labels is not None:
        y, target_names = read_labels(labels, names)
    return Bunch(X=X, y=y, names=names, target_names=target_names, true_interactions=None)


def _first_length(path, *, unknown):
    for _, seq in _valid_records(path, unknown=unknown):
        return len(seq)


def _fasta_code_chunks(path, names, *, unknown, length_policy, target, seq_len, max_length,
                       chunk_size):  # fmt: skip
    """Base codes of a FASTA file, ``chunk_size`` records at a time; appends to ``names``.

    The checks of the in-memory path, record by record: lengths under ``length_policy`` (with
    ``pad``/``trim`` the records that cannot reach ``target`` are counted and reported at the
    end, as :func:`_conform` does), ``max_length``, and every sequence check of
    :func:`_valid_records`.
    """
    source = str(path)
    buffer, first, wrong = None, None, ([], [])
    k = 0
    for name, seq in _valid_records(path, unknown=unknown):
        n = len(seq)
        if first is None:
            first = (name, n)
            target = n if target is None else target
            _check_max_length([name], [target], max_length, source=source)
            buffer = np.empty((chunk_size, target), dtype=np.uint8)
        if length_policy == "error" and n != target:
            _check_lengths([first[0], name], [first[1], n], source=source, seq_len=seq_len)
        if (length_policy == "pad" and n > target) or (length_policy == "trim" and n < target):
            wrong[0].append(name)
            wrong[1].append(n)
        names.append(name)
        _fill_codes(buffer[k], seq, unknown)
        k += 1
        if k == chunk_size:
            yield buffer.copy()
            k = 0
    if wrong[0]:
        _conform(*wrong, length_policy=length_policy, target=target, source=source)
    if k:
        yield buffer[:k].copy()


def _check_max_length(names, lengths, max_length, *, source):
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


# ------------------------------------------------------------------------------------ outputs
def check_writable(path, *, what="output", directory=False):
    """Create ``path``'s folder (or ``path`` itself when ``directory``) and prove it writable.

    Called before any training or extraction, so a bad output path fails in a second rather
    than after the work. Returns ``path`` as a :class:`~pathlib.Path`.
    """
    path = Path(path)
    folder = path if directory else path.parent
    if not directory and path.is_dir():
        raise InputError(f"{what} '{path}' is a folder; give a file name.")
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{what} folder '{folder}' exists and is not a folder.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise InputError(
            f"{what} '{path}' is not writable: {exc.strerror or exc} ({folder})."
        ) from exc
    return path


# ------------------------------------------------------------------------------------ models
def _jsonable(value):
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return False
    return True


def _json_default(value):
    if isinstance(value, np.generic):
        return value.item()
    return str(value)


def _model_config(estimator, metadata):
    from . import __version__
    from .models import ConvAttentionNet

    if not getattr(estimator, "initialized_", False) or not hasattr(estimator, "seq_len_"):
        raise ValueError("estimator must be a fitted ConvAttentionClassifier.")
    if estimator.module is not ConvAttentionNet:
        raise TypeError(
            f"save_model writes ConvAttentionNet classifiers; module is {estimator.module!r}. "
            "Use allow_pickle=True for a custom module (and load it only where you trust it)."
        )
    params, dropped = {}, []
    skip = {"module", "criterion", "optimizer", "callbacks", "train_split", "dataset",
            "iterator_train", "iterator_valid", "verbose", "device"}  # fmt: skip
    for key, value in estimator.get_params(deep=False).items():
        if key in skip:
            continue
        if _jsonable(value):
            params[key] = value
        elif key.startswith("module__"):
            raise TypeError(
                f"save_model: {key}={value!r} cannot be written as JSON; use allow_pickle=True."
            )
        else:
            dropped.append(key)
    split = estimator.train_split
    params["train_split"] = split if isinstance(split, float) else None
    truth = metadata.pop("true_interactions", None)
    config = {
        "format": MODEL_FORMAT,
        "library_version": __version__,
        "estimator": type(estimator).__name__,
        "params": params,
        "not_saved": sorted(dropped),
        "seq_len": int(estimator.seq_len_),
        "n_tasks": int(estimator.n_tasks_),
        # the two labels of a fit on a 1-D binary y (sklearn's binary convention), else None
        "binary_classes": None
        if getattr(estimator, "binary_classes_", None) is None
        else np.asarray(estimator.binary_classes_).tolist(),
        "true_interactions": None
        if truth is None
        else {
            "names": [str(n) for n in truth.index],
            "values": np.asarray(truth, dtype=int).tolist(),
        },
        "history": json.loads(json.dumps(list(estimator.history), default=_json_default)),
        "metadata": json.loads(json.dumps(metadata, default=_json_default)),
    }
    return config


def save_model(estimator, path, *, allow_pickle=False, **metadata):
    """Save a fitted classifier as a ``torch.save`` state dict plus a JSON of its parameters.

    Parameters
    ----------
    estimator : ConvAttentionClassifier
        Fitted.
    path : str or path-like
        File to write (``.pt`` by convention).
    allow_pickle : bool, default=False
        Write a pickle of the whole estimator instead (needed only for custom modules; such a
        file can be loaded only with ``load_model(..., allow_pickle=True)``). Validation data
        passed as ``train_split=(X_valid, y_valid)`` is left out either way.
    **metadata
        ``preset``, ``target_names``, ``true_interactions`` (a motif x motif DataFrame) and any
        other JSON-serialisable values, returned by :func:`load_model`.
    """
    path = Path(path)
    if allow_pickle:
        saved = estimator.train_split
        try:
            if isinstance(saved, tuple):  # the validation arrays are data, not model
                estimator.train_split = None
            payload = {"format": _PICKLE_FORMAT, "estimator": estimator, **metadata}
            with open(path, "wb") as fh:
                pickle.dump(payload, fh, protocol=pickle.HIGHEST_PROTOCOL)
        finally:
            estimator.train_split = saved
        return path
    import torch

    config = _model_config(estimator, dict(metadata))
    state = {k: v.detach().cpu() for k, v in estimator.module_.state_dict().items()}
    torch.save({"sklearn_glifac": json.dumps(config), "state_dict": state}, path)
    return path


def _load_pickle(path, *, quiet=False):
    import warnings

    from skorch.exceptions import DeviceWarning

    try:
        with open(path, "rb") as fh, warnings.catch_warnings():
            if quiet:  # the caller moves the network to the device it asked for
                warnings.simplefilter("ignore", DeviceWarning)
            payload = pickle.load(fh)
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError) as exc:
        raise InputError(f"{path}: not a model file written by sklearn-glifac: {exc}") from exc
    if not isinstance(payload, dict) or payload.get("format") != _PICKLE_FORMAT:
        raise InputError(f"{path}: a pickle, but not a model file written by sklearn-glifac.")
    return payload


def _rebuild(config, state_dict, path, device):
    from .models import ConvAttentionClassifier

    params = dict(config["params"])
    params.update(verbose=0, device=device)
    clf = ConvAttentionClassifier(**params)
    clf.seq_len_ = int(config["seq_len"])
    clf.n_tasks_ = int(config["n_tasks"])
    clf.initialize()
    try:
        clf.module_.load_state_dict(state_dict)
    except (RuntimeError, KeyError) as exc:
        raise InputError(f"{path}: the weights do not fit the saved parameters: {exc}") from exc
    clf.module_.eval()
    labels = config.get("binary_classes")
    clf.binary_classes_ = None if labels is None else np.asarray(labels)
    if labels is not None:
        clf.classes_ = clf.binary_classes_.copy()
    else:
        clf.classes_ = np.array([0, 1]) if clf.n_tasks_ == 1 else np.arange(clf.n_tasks_)
    if config.get("history"):
        from skorch.history import History

        clf.history_ = History(config["history"])
    return clf


def load_model(path, *, allow_pickle=False, device="cpu"):
    """Load a model file written by :func:`save_model`.

    Parameters
    ----------
    path : str or path-like
        A ``.pt`` file from :func:`save_model` (``sklearn-glifac train``, the demo's
        ``models/``).
    allow_pickle : bool, default=False
        Also accept a pickled model (written with ``save_model(..., allow_pickle=True)`` or by
        sklearn-glifac 0.1). Unpickling runs any code the file names: pass True only for files
        you made or trust.
    device : str, torch.device or None, default="cpu"
        Torch device of the loaded network (module, criterion and optimizer state), for
        pickles too: a model trained on a GPU loads on a CPU-only machine. ``None`` keeps a
        pickle's network where unpickling puts it (its training device when available).

    Returns
    -------
    payload : dict
        ``estimator`` (the fitted classifier), ``preset``, ``target_names``,
        ``true_interactions`` (DataFrame or None), ``library_version`` and the other metadata.

    Raises
    ------
    InputError
        Missing, truncated or foreign file; a pickle without ``allow_pickle=True``; a file
        written by another sklearn-glifac version.
    """
    from . import __version__

    path = existing_file(path, "model")
    head = _head(path, 4)
    if head[:1] == b"\x80":
        if not allow_pickle:
            raise InputError(
                f"{path}: a pickled model (sklearn-glifac 0.1 or save_model(allow_pickle=True)). "
                "Unpickling runs any code the file names, so it is refused by default; if you "
                "made or trust this file, load it with --allow-pickle (Python: "
                "load_model(path, allow_pickle=True))."
            )
        payload = _load_pickle(path, quiet=device is not None)
        if device is not None:
            payload["estimator"].set_params(device=device)
        return payload
    if head != _ZIP_MAGIC:
        raise InputError(f"{path}: not a model file written by sklearn-glifac (unknown format).")
    import torch

    try:
        blob = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:  # truncated zips and foreign objects raise many different types
        raise InputError(
            f"{path}: truncated, damaged or foreign model file: "
            f"{str(exc).splitlines()[0].split('. ')[0]}."
        ) from exc
    if not isinstance(blob, dict) or "sklearn_glifac" not in blob or "state_dict" not in blob:
        raise InputError(
            f"{path}: a PyTorch file, but not a model written by sklearn-glifac (no "
            "'sklearn_glifac' parameters entry)."
        )
    try:
        config = json.loads(blob["sklearn_glifac"])
    except (TypeError, ValueError) as exc:
        raise InputError(f"{path}: damaged model parameters (JSON): {exc}") from exc
    if config.get("format") != MODEL_FORMAT:
        raise InputError(
            f"{path}: model format {config.get('format')!r}; this version reads {MODEL_FORMAT!r}."
        )
    version = config.get("library_version")
    if version != __version__:
        raise InputError(
            f"{path}: written by sklearn-glifac {version}, but this is {__version__}. Model "
            f"files are read by the version that wrote them: install sklearn-glifac=={version} "
            "to use it, or retrain with this version."
        )
    clf = _rebuild(config, blob["state_dict"], path, device)
    truth = config.get("true_interactions")
    if truth is not None:
        truth = pd.DataFrame(truth["values"], index=truth["names"], columns=truth["names"])
    return {
        **config.get("metadata", {}),
        "format": MODEL_FORMAT,
        "estimator": clf,
        "true_interactions": truth,
        "library_version": version,
        "seq_len": clf.seq_len_,
    }
