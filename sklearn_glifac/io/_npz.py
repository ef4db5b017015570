"""``.npz`` data sets: ``X`` (uint8 one-hot), optionally ``y``, names and the ground truth.

:func:`_npz_code_chunks` decompresses the ``X`` member as a stream, for
``load_dataset(stream=True)``.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import IO, Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from sklearn.utils import Bunch

from ..utils import ZERO_CODE, OneHotStore, check_onehot, onehot_to_codes
from ._labels import _non_binary
from ._paths import _GZIP_MAGIC, _ZIP_MAGIC, InputError, _head, existing_file

__all__ = ["load_npz", "save_npz"]


def save_npz(
    path: str | os.PathLike[str],
    X: npt.ArrayLike,
    y: npt.ArrayLike | None = None,
    *,
    names: Iterable[object] | None = None,
    target_names: Iterable[object] | None = None,
    true_interactions: pd.DataFrame | None = None,
) -> None:
    """Save a data set as compressed ``.npz`` (one-hot stored as uint8)."""
    onehot = check_onehot(X, name="X")
    arrays: dict[str, Any] = {"X": onehot.astype(np.uint8)}
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


def _not_npz(path: Path) -> str | None:
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


def load_npz(path: str | os.PathLike[str]) -> Bunch:
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


def _npz_path(path: str | os.PathLike[str]) -> Path:
    path = existing_file(path, "data")
    problem = _not_npz(path)
    if problem:
        raise InputError(problem)
    return path


def _npz_errors(path: Path) -> AbstractContextManager[None]:
    """Context manager turning numpy/zip errors on ``path`` into :class:`InputError`."""

    @contextmanager
    def guard() -> Iterator[None]:
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


def _npz_members(path: Path, *, skip: Iterable[str] = ()) -> dict[str, np.ndarray]:
    """The arrays of an ``.npz`` file except those in ``skip``; an error if it has no ``X``."""
    with _npz_errors(path), np.load(path, allow_pickle=False) as archive:
        files = list(archive.files)
        content = {k: archive[k] for k in files if k not in skip}
    if "X" not in files:
        raise InputError(f"{path}: the .npz file has no array 'X' (found {sorted(files)}).")
    return content


def _npz_bunch(path: Path, content: Mapping[str, np.ndarray], X: np.ndarray | OneHotStore) -> Bunch:
    """Check ``y`` against ``X`` and gather names and ground truth of an ``.npz`` file."""
    y = content.get("y")
    if y is not None:
        y = np.asarray(y)
        if y.ndim == 1:
            y = y[:, None]
        if y.shape[0] != X.shape[0]:
            raise InputError(f"{path}: y has {y.shape[0]} rows but X has {X.shape[0]} sequences.")
        bad = _non_binary(y)
        if bad is not None:
            r, c, n_bad = bad
            raise InputError(
                f"{path}: y must hold 0/1 labels; row {r}, task {c} has {y[r, c]!r} "
                f"({n_bad} such value(s); missing labels are not allowed)."
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


def _npz_x_header(fh: IO[bytes], path: Path) -> tuple[tuple[int, ...], np.dtype, bool]:
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


def _npz_x_shape(path: Path) -> tuple[int, ...]:
    with _npz_errors(path), zipfile.ZipFile(path) as zf, zf.open("X.npy") as fh:
        return _npz_x_header(fh, path)[0]


def _npz_code_chunks(path: Path, *, chunk_size: int, target: int) -> Iterator[np.ndarray]:
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
