"""The random streams of a seeded fit, drawn once from ``random_state`` and passed explicitly.

A :class:`ConvAttentionClassifier` fit with an int ``random_state`` draws three seeds: one for
torch's global generator (weight initialisation, dropout), one for the training loader's
shuffling and one for a random validation split. :class:`FitSeeds` holds them and the loader's
generator; the classifier builds one per seeded fit and hands it to skorch's public hooks
(``get_iterator``, ``get_split_datasets``) through its documented ``fit_seeds_`` attribute,
which the checkpoint callbacks also read to save and restore the loader's state.
"""

from __future__ import annotations

import copy
import numbers
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
import torch
from sklearn.utils import check_random_state
from skorch.dataset import ValidSplit

from ._device import cuda_rng_devices

__all__ = ["FitSeeds"]

# Serialises seeded fits within one process (see FitSeeds.forked_torch_rng).
_SEEDED_FIT_LOCK = threading.RLock()


class FitSeeds:
    """The seeds of one seeded fit, drawn from its ``random_state``.

    Parameters
    ----------
    random_state : int or numpy.random.RandomState
        The classifier's ``random_state``; three seeds are drawn from it, in this order.

    Attributes
    ----------
    torch_seed : int
        Seed of torch's global generator for the fit (weight initialisation, dropout).
    loader_seed : int
        Seed of the training loader's shuffling generator.
    split_seed : int
        Seed of a random validation split (a fractional ``train_split``).
    loader_generator : torch.Generator or None
        The generator the training loader shuffles with, once :meth:`loader_generator_for` has
        made it (``None`` before); checkpoint callbacks save and restore its state.

    Examples
    --------
    >>> seeds = FitSeeds(0)
    >>> seeds.torch_seed == FitSeeds(0).torch_seed
    True
    """

    def __init__(self, random_state: int | np.random.RandomState) -> None:
        rs = check_random_state(random_state)
        self.torch_seed, self.loader_seed, self.split_seed = (
            int(s) for s in rs.randint(0, 2**31 - 1, size=3)
        )
        self.loader_generator: torch.Generator | None = None

    def loader_generator_for(self, kwargs: dict[str, Any]) -> torch.Generator:
        """The training loader's generator: ``kwargs["generator"]`` or a fresh seeded one.

        A generator the user passed (``iterator_train__generator``) wins; either way it is
        remembered as :attr:`loader_generator`.
        """
        generator = kwargs.get("generator")
        if generator is None:
            generator = torch.Generator().manual_seed(self.loader_seed)
        self.loader_generator = generator
        return generator

    def seeded_split(self, split: Any) -> Any:
        """``train_split`` with its randomness seeded from :attr:`split_seed`.

        A fraction becomes a :class:`~skorch.dataset.ValidSplit` with this seed; an unseeded
        fractional ``ValidSplit`` (a shuffle split) gets a seeded copy; anything else (k-fold,
        a seeded splitter, a user callable) is returned as it is.
        """
        if isinstance(split, numbers.Real):
            return ValidSplit(float(split), random_state=self.split_seed)
        if isinstance(split, ValidSplit) and split.random_state is None:
            if isinstance(split.cv, numbers.Real) and not float(split.cv).is_integer():
                split = copy.copy(split)
                split.random_state = self.split_seed
        return split

    @contextmanager
    def forked_torch_rng(self, device: Any) -> Iterator[None]:
        """Fork torch's global generator(s) for ``device`` and seed them with :attr:`torch_seed`.

        A CPU fit forks and seeds the CPU generator only; a CUDA fit (or ``device=None``, which
        leaves the network where it is) every CUDA generator too, as ``torch.manual_seed``
        reseeds them all. Other accelerators: their own generator. The global state is
        restored on exit.
        """
        device_type, devices = "cuda", cuda_rng_devices(device)
        if device is not None and torch.device(device).type not in ("cpu", "cuda"):
            device_type, devices = torch.device(device).type, [torch.device(device)]
        # Dropout draws from torch's process-global generator: seeded fits running in threads of
        # one process (joblib/dask threading backends) would interleave their draws, so they take
        # turns. Process-based backends (loky, dask workers) still run in parallel.
        with _SEEDED_FIT_LOCK, torch.random.fork_rng(devices=devices, device_type=device_type):
            if devices:
                torch.manual_seed(self.torch_seed)
            else:
                torch.default_generator.manual_seed(self.torch_seed)
            yield
