"""One-hot DNA kept on disk, one byte per base, read back in chunks.

A million 200-nt sequences take 3.2 GB as a float32 ``(n_samples, 4, seq_len)`` array but 200 MB
as base codes. :class:`OneHotStore` keeps the codes in a file and gives back float32 one-hot
slices on demand, so a read-out pass holds one batch of sequences in memory whatever the number
of sequences. Reads use plain file reads, not a memory map, so pages already read do not count
towards the process's resident memory.
"""

from __future__ import annotations

import numbers
import os
import tempfile
import weakref
from collections.abc import Iterable, Iterator
from typing import Any, cast

import numpy as np
import numpy.typing as npt

from ._codes import UNIFORM_CODE, ZERO_CODE, codes_to_onehot, onehot_to_codes
from ._scalars import check_int

__all__ = ["OneHotStore", "check_chunk_size"]


def check_chunk_size(chunk_size: int, *, name: str = "chunk_size") -> int:
    """Check that ``chunk_size`` is a positive integer (not a bool) and return it as int.

    Parameters
    ----------
    chunk_size : int
        Number of sequences per chunk.
    name : str, default="chunk_size"
        Argument name used in error messages.

    Returns
    -------
    chunk_size : int

    Examples
    --------
    >>> check_chunk_size(100)
    100
    """
    return check_int(chunk_size, name=name, low=1)


def _remove(path):
    try:
        os.remove(path)
    except OSError:
        pass


class OneHotStore:
    """One-hot sequences of shape (n_samples, 4, seq_len) stored on disk as base codes.

    Behaves like a read-only float32 array for what the read-outs need: ``len``, ``shape``,
    ``ndim``, ``dtype`` and indexing of rows by an integer, a slice (step 1) or a 1-D array of
    row indices, which reads those rows from the file and returns a float32 one-hot array (a
    tuple index applies its further entries to those rows).
    Validation happens when the store is written (:meth:`from_chunks`), so
    :func:`~sklearn_glifac.utils.check_onehot` accepts a store without reading it.

    Build one with :meth:`from_chunks` (codes produced chunk by chunk, e.g. while parsing a
    FASTA file; :func:`sklearn_glifac.io.load_dataset` with ``stream=True`` does this) or
    :meth:`from_array`. The file is a temporary file deleted with the store (or by
    :meth:`close`).

    Parameters
    ----------
    path : str or path-like
        Raw file of ``n_samples * seq_len`` uint8 codes (see :data:`CODE_TABLE`), row-major.
    n_samples, seq_len : int
        Shape of the sequences.
    n_unknown : int, default=0
        Number of positions with code 4 or 5 (unknown bases or padding).
    delete : bool, default=False
        Delete ``path`` when the store is closed or garbage-collected.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.eye(4, dtype=np.float32)[[0, 1, 2, 3, 0]].T[None].repeat(3, axis=0)
    >>> store = OneHotStore.from_array(X, chunk_size=2)
    >>> store.shape, bool((store[1:3] == X[1:3]).all())
    ((3, 4, 5), True)
    >>> store.close()
    """

    ndim = 3
    dtype = np.dtype(np.float32)

    def __init__(
        self,
        path: str | os.PathLike[str],
        n_samples: int,
        seq_len: int,
        *,
        n_unknown: int = 0,
        delete: bool = False,
    ) -> None:
        self.path = os.fspath(path)
        self.n_samples = int(n_samples)
        self.seq_len = int(seq_len)
        self.n_unknown = int(n_unknown)
        expected = self.n_samples * self.seq_len
        size = os.path.getsize(self.path)
        if size != expected:
            raise ValueError(
                f"{self.path} holds {size} bytes, expected n_samples * seq_len = {expected}."
            )
        self._finalizer = weakref.finalize(self, _remove, self.path) if delete else None

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_chunks(
        cls,
        chunks: Iterable[npt.ArrayLike],
        seq_len: int,
        *,
        directory: str | os.PathLike[str] | None = None,
    ) -> OneHotStore:
        """Write base-code chunks to a temporary file and return the store over it.

        Parameters
        ----------
        chunks : iterable of ndarray of shape (chunk_size, seq_len), uint8
            Codes 0-5 (:data:`CODE_TABLE`), in row order.
        seq_len : int
            Length of every sequence.
        directory : str or path-like, default=None
            Folder of the temporary file (default: the system's temporary folder).

        Returns
        -------
        store : OneHotStore
            Deletes its file when closed or garbage-collected.
        """
        seq_len = check_chunk_size(seq_len, name="seq_len")
        fd, path = tempfile.mkstemp(prefix="sklearn-glifac-", suffix=".codes", dir=directory)
        n_samples = n_unknown = 0
        try:
            with os.fdopen(fd, "wb") as fh:
                for codes in chunks:
                    codes = np.asarray(codes)
                    if codes.dtype != np.uint8 or codes.ndim != 2 or codes.shape[1] != seq_len:
                        raise ValueError(
                            f"chunks must be uint8 arrays of shape (n, {seq_len}), got "
                            f"{codes.dtype} of shape {codes.shape}."
                        )
                    if codes.size and codes.max() > ZERO_CODE:
                        raise ValueError(f"chunks hold codes above {ZERO_CODE}.")
                    n_unknown += int((codes >= UNIFORM_CODE).sum())
                    n_samples += len(codes)
                    fh.write(np.ascontiguousarray(codes).tobytes())
        except BaseException:
            _remove(path)
            raise
        return cls(path, n_samples, seq_len, n_unknown=n_unknown, delete=True)

    @classmethod
    def from_array(
        cls,
        X: npt.ArrayLike,
        *,
        chunk_size: int = 10_000,
        directory: str | os.PathLike[str] | None = None,
    ) -> OneHotStore:
        """Store one-hot sequences (validated chunk by chunk).

        Parameters
        ----------
        X : array-like of shape (n_samples, 4, seq_len)
            One-hot DNA; unknown bases as all-0 or all-0.25 positions. A memory-mapped array is
            read one chunk at a time.
        chunk_size : int, default=10000
            Sequences converted at a time.
        directory : str or path-like, default=None
            Folder of the temporary file.

        Returns
        -------
        store : OneHotStore
        """
        chunk_size = check_chunk_size(chunk_size)
        if not hasattr(X, "shape"):  # keep a memory map (or another lazy array) unread
            X = np.asarray(X)
        X = cast("npt.NDArray[Any]", X)
        if len(X.shape) != 3:
            raise ValueError(
                f"X must have shape (n_samples, 4, seq_len), got shape {tuple(X.shape)}."
            )
        chunks = (
            onehot_to_codes(X[start : start + chunk_size])
            for start in range(0, X.shape[0], chunk_size)
        )
        return cls.from_chunks(chunks, X.shape[2], directory=directory)

    # ------------------------------------------------------------------ array protocol
    @property
    def shape(self) -> tuple[int, int, int]:
        return (self.n_samples, 4, self.seq_len)

    def __len__(self) -> int:
        return self.n_samples

    def __repr__(self) -> str:
        return f"OneHotStore(n_samples={self.n_samples}, seq_len={self.seq_len})"

    def codes(self, start: int = 0, stop: int | None = None) -> npt.NDArray[np.uint8]:
        """Base codes of rows ``start:stop``, shape (stop - start, seq_len), uint8."""
        stop = self.n_samples if stop is None else min(stop, self.n_samples)
        start = max(0, min(start, stop))
        count = (stop - start) * self.seq_len
        if count == 0:
            return np.zeros((0, self.seq_len), dtype=np.uint8)
        out = np.fromfile(self.path, dtype=np.uint8, count=count, offset=start * self.seq_len)
        if out.size != count:
            raise OSError(f"{self.path}: the sequence file was truncated while in use.")
        return out.reshape(stop - start, self.seq_len)

    def __getitem__(self, key):
        if isinstance(key, tuple) and key:  # rows from the file, the rest on the result
            rows = self[key[0]]
            if isinstance(key[0], numbers.Integral):
                return rows[key[1:]]
            return rows[(slice(None), *key[1:])]
        if isinstance(key, numbers.Integral) and not isinstance(key, bool):
            k = int(key) + (self.n_samples if key < 0 else 0)
            if not 0 <= k < self.n_samples:
                raise IndexError(f"index {key} is out of range for {self.n_samples} sequences.")
            return self[k : k + 1][0]
        if isinstance(key, slice):
            start, stop, step = key.indices(self.n_samples)
            if step != 1:
                raise IndexError("OneHotStore supports slices with step 1 only.")
            return codes_to_onehot(self.codes(start, max(start, stop)))
        idx = np.asarray(key)
        if idx.ndim == 1 and np.issubdtype(idx.dtype, np.integer):
            if idx.size == 0:
                return np.zeros((0, 4, self.seq_len), dtype=np.float32)
            idx = np.where(idx < 0, idx + self.n_samples, idx)
            if idx.min() < 0 or idx.max() >= self.n_samples:
                raise IndexError(f"row indices out of range for {self.n_samples} sequences.")
            lo = int(idx.min())
            return codes_to_onehot(self.codes(lo, int(idx.max()) + 1)[idx - lo])
        raise IndexError(
            "OneHotStore rows are indexed by an integer, a slice or a 1-D integer array, got "
            f"{type(key).__name__}."
        )

    def __array__(self, dtype=None, copy=None):
        X = self[:]
        return X if dtype is None else X.astype(dtype)

    def iter_chunks(self, chunk_size: int) -> Iterator[tuple[int, npt.NDArray[np.float32]]]:
        """Yield ``(start, X_chunk)`` with float32 one-hot chunks of ``chunk_size`` rows."""
        chunk_size = check_chunk_size(chunk_size)
        for start in range(0, self.n_samples, chunk_size):
            yield start, self[start : start + chunk_size]

    # ------------------------------------------------------------------ lifetime
    def close(self) -> None:
        """Delete the file now if the store owns it (it is unusable afterwards)."""
        if self._finalizer is not None:
            self._finalizer()

    def __enter__(self) -> OneHotStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __reduce__(self):  # a copy never deletes the original's file
        return (type(self), (self.path, self.n_samples, self.seq_len),
                {"n_unknown": self.n_unknown})  # fmt: skip

    def __setstate__(self, state):
        self.n_unknown = state["n_unknown"]
