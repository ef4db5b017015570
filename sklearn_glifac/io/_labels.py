"""Label tables: tab-separated with a header, record names first, then one 0/1 column a task."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from ._paths import InputError, existing_file

__all__ = ["read_labels", "write_labels"]


def _non_binary(y: np.ndarray) -> tuple[int, int, int] | None:
    """Row and column of the first label of ``y`` that is not 0 or 1, and how many there are.

    None when every label is 0 or 1 (NaN, a missing label, is neither).
    """
    bad = np.argwhere(~np.isin(y, (0, 1)))
    if not len(bad):
        return None
    return int(bad[0][0]), int(bad[0][1]), len(bad)


def _examples(items: Sequence[str], k: int = 3) -> str:
    shown = ", ".join(f"'{i}'" for i in items[:k])
    return shown + (", ..." if len(items) > k else "")


def read_labels(path: str | os.PathLike[str], names: Sequence[str]) -> tuple[np.ndarray, list[str]]:
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
    bad = _non_binary(y)
    if bad is not None:
        r, c, _ = bad
        raise InputError(
            f"{path}: label values must be 0 or 1; sequence '{names[r]}', task "
            f"'{values.columns[c]}' has {values.iat[r, c]!r}."
        )
    return y.astype(np.int64), [str(c) for c in values.columns]


def write_labels(
    path: str | os.PathLike[str],
    names: Iterable[object],
    y: npt.ArrayLike,
    target_names: Iterable[object],
) -> None:
    """Write labels (n, n_tasks) as the tab-separated table :func:`read_labels` reads."""
    y = np.asarray(y)
    if y.ndim == 1:
        y = y[:, None]
    table = pd.DataFrame(y.astype(int), columns=[str(t) for t in target_names])
    table.insert(0, "name", [str(n) for n in names])
    table.to_csv(path, sep="\t", index=False)


def _check_tasks(y: np.ndarray, target_names: Sequence[str], source: str) -> None:
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
