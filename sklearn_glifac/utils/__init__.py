"""Input validation and small helpers shared by every subpackage."""

from ._codes import (
    ALPHABET,
    CODE_TABLE,
    UNIFORM_CODE,
    ZERO_CODE,
    codes_to_onehot,
    onehot_to_codes,
)
from ._progress import LogProgress, is_interactive, log_step, progress
from ._scalars import check_int, check_unit_interval, derive_seed
from ._store import OneHotStore, check_chunk_size
from ._threads import (
    DEFAULT_N_THREADS,
    available_cores,
    check_n_threads,
    threaded_iter,
    torch_threads,
)
from ._validation import check_columns, check_labels, check_onehot

__all__ = [
    "ALPHABET",
    "CODE_TABLE",
    "DEFAULT_N_THREADS",
    "available_cores",
    "check_n_threads",
    "threaded_iter",
    "torch_threads",
    "LogProgress",
    "is_interactive",
    "log_step",
    "progress",
    "UNIFORM_CODE",
    "ZERO_CODE",
    "OneHotStore",
    "codes_to_onehot",
    "check_chunk_size",
    "check_columns",
    "check_onehot",
    "check_int",
    "check_labels",
    "check_unit_interval",
    "derive_seed",
    "onehot_to_codes",
]
