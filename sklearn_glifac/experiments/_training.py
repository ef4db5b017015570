"""Training of the experiments: the epoch reporter, and the demo's runner of one model per
(preset, seed), in worker processes if asked."""

from __future__ import annotations

import time
from contextlib import contextmanager

import numpy as np
from skorch.callbacks import Callback
from tqdm.auto import tqdm

from ..models import ConvAttentionClassifier
from ..utils import available_cores, progress
from ._runner import _job_devices


@contextmanager
def _timer(store, key):
    start = time.perf_counter()
    try:
        yield
    finally:
        store[key] = time.perf_counter() - start


def _log(verbose, message):
    if verbose:
        tqdm.write(message)


class EpochReporter(Callback):
    """A skorch callback reporting every finished epoch to a queue and/or a log file.

    Top-level (picklable), so that worker processes can report to their parent: to ``queue``
    it sends ``(key, epoch, valid_aupr)`` (the demo's progress bar); to ``log_path`` it appends
    one line with the losses, validation AUPR, learning rate and duration (reproduce's
    log-friendly per-run progress).

    Parameters
    ----------
    key : hashable
        Names the run in the messages and lines.
    queue : queue-like, default=None
        Where ``(key, epoch, valid_aupr)`` goes (e.g. a ``multiprocessing.Manager().Queue()``).
    log_path : str or path-like, default=None
        File the epoch lines are appended to.
    """

    def __init__(self, key, *, queue=None, log_path=None):
        self.key = key
        self.queue = queue
        self.log_path = log_path

    def on_epoch_end(self, net, **kwargs):
        row = net.history[-1]
        if self.queue is not None:
            self.queue.put((self.key, row["epoch"], row.get("valid_aupr", np.nan)))
        if self.log_path is not None:
            with open(self.log_path, "a", encoding="utf-8") as fh:
                fh.write(
                    f"{time.strftime('%H:%M:%S')} {self.key} epoch {row['epoch']}: "
                    f"train loss {row.get('train_loss', float('nan')):.4f}, "
                    f"valid loss {row.get('valid_loss', float('nan')):.4f}, "
                    f"valid AUPR {row.get('valid_aupr', float('nan')):.4f}, "
                    f"lr {net.optimizer_.param_groups[0]['lr']:.2e}, {row.get('dur', 0):.1f} s\n"
                )


def _train(
    preset, random_state, X_train, y_train, X_valid, y_valid, params, threads=None, progress=None
):
    """Fit one preset (also run in worker processes, hence no shared state)."""
    user_callbacks = params.get("callbacks")
    if progress is not None:  # (queue, key): report epochs to the parent process
        queue, key = progress
        reporter = [("demo_progress", EpochReporter(key, queue=queue))]
        params = {**params, "callbacks": list(user_callbacks or []) + reporter}

    if threads is not None:  # the model's own setting, not the worker process's
        params = {**params, "n_threads": threads}
    # joblib hands worker processes read-only memory maps; torch wants writable arrays.
    X_train, y_train, X_valid, y_valid = (
        np.require(a, requirements="W") for a in (X_train, y_train, X_valid, y_valid)
    )
    clf = ConvAttentionClassifier(
        preset, random_state=random_state, train_split=(X_valid, y_valid), **params
    )
    start = time.perf_counter()
    clf.fit(X_train, y_train)
    seconds = time.perf_counter() - start
    if progress is not None:  # hand back a model as if fitted without the reporter
        clf.callbacks = user_callbacks
        clf.callbacks_ = [(n, cb) for n, cb in clf.callbacks_ if n != "demo_progress"]
    return clf, seconds


def _train_keyed(key, *args):
    return key, _train(*args)


def _train_all(jobs, data, params, *, random_state, n_jobs, verbose):
    """Train every (preset, seed); in parallel worker processes when ``n_jobs > 1``.

    Small convolution-attention networks use several CPU threads poorly, so on a multi-core
    machine one single-threaded process per model is faster than one multi-threaded process.
    """
    X_tr, y_tr, X_va, y_va = data
    if n_jobs == 1:
        fitted = {}
        for k, (preset, seed) in enumerate(jobs, start=1):
            _log(
                verbose,
                f"\n[{k}/{len(jobs)}] {preset} (seed {seed}): training on {len(X_tr)} sequences",
            )
            fitted[(preset, seed)] = _train(
                preset, random_state + seed, X_tr, y_tr, X_va, y_va, params
            )
        return fitted
    from joblib import Parallel, delayed

    devices, n_jobs = _job_devices(params.get("device", "cpu"), len(jobs), n_jobs)
    threads = max(1, available_cores() // n_jobs)
    quiet = {**params, "verbose": 0}
    _log(
        verbose,
        f"training {len(jobs)} model(s) on {len(X_tr)} sequences in {n_jobs} "
        f"processes ({threads} thread(s) each)",
    )
    import multiprocessing
    import threading

    max_epochs = int(params.get("max_epochs", 100))
    with multiprocessing.Manager() as manager:
        queue = manager.Queue()
        bar = progress(total=len(jobs) * max_epochs, desc="training", unit="epoch", verbose=verbose)
        state = {}

        def listen():
            while (msg := queue.get()) is not None:
                key, epoch, aupr = msg
                state[key] = f"{key[0]}: epoch {epoch}, val AUPR {aupr:.3f}"
                bar.update(1)
                bar.set_postfix_str(" | ".join(state.values()), refresh=True)

        listener = threading.Thread(target=listen, daemon=True)
        listener.start()
        tasks = (
            delayed(_train_keyed)(
                (preset, seed),
                preset,
                random_state + seed,
                X_tr,
                y_tr,
                X_va,
                y_va,
                quiet if device is None else {**quiet, "device": device},
                threads,
                (queue, (preset, seed)),
            )
            for (preset, seed), device in zip(jobs, devices)
        )
        fitted = {}
        try:
            results = Parallel(n_jobs=n_jobs, return_as="generator_unordered")(tasks)
            for key, (clf, seconds) in results:
                best = max((h.get("valid_aupr", np.nan) for h in clf.history), default=np.nan)
                _log(
                    verbose,
                    f"{key[0]} (seed {key[1]}): {len(clf.history)} epochs in {seconds:.0f} s, "
                    f"best validation AUPR {best:.3f}",
                )
                fitted[key] = (clf, seconds)
        finally:
            queue.put(None)
            listener.join(timeout=5)
            bar.close()
    return fitted
