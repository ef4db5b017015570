"""One writer per run: run locks, GPU slots, a watchdog on the parent, atomic files.

The machinery that lets :func:`~sklearn_glifac.experiments.reproduce` resume, share a folder
between processes and spread runs over GPUs: each run holds a lock file while it trains, local
worker processes exit when the process that started them dies, and ``config.json`` and every
table are written under a temporary name and moved into place.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time


@contextlib.contextmanager
def _locked(path, *, blocking=True):
    """An exclusive ``flock`` on ``path`` (created if needed), released on exit or death.

    Yields whether the lock was taken (always True when blocking). Without ``fcntl`` (Windows)
    nothing is locked.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield True
        return
    with open(path, "a+b") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


@contextlib.contextmanager
def _gpu_slot(runs, slots):
    """The device of a free GPU slot, held for the run (None when runs are not spread)."""
    if not slots:
        yield None
        return
    n_slots, n_gpus = slots
    with contextlib.ExitStack() as held:
        for k in range(n_slots):
            attempt = contextlib.ExitStack()
            if attempt.enter_context(_locked(runs / f".gpu{k}.lock", blocking=False)):
                held.push(attempt)
                break
            attempt.close()
        else:  # every slot busy (another reproduce on this folder): wait for one
            k = os.getpid() % n_slots
            held.enter_context(_locked(runs / f".gpu{k}.lock"))
        yield _slot_device(k, n_gpus)


def _n_gpus():
    """The CUDA devices torch can use on this machine (0 without CUDA)."""
    import torch

    return torch.cuda.device_count() if torch.cuda.is_available() else 0


def _slot_device(slot, n_gpus):
    """Runs spread over ``n_gpus`` GPUs: slot (or run) ``slot`` trains on ``cuda:{slot % n}``."""
    return f"cuda:{slot % n_gpus}"


def _job_devices(device, n_runs, n_jobs):
    """(device of each run, n_jobs) of the demo's in-memory runs: one GPU per parallel run.

    With several CUDA devices and ``device="cuda"`` (no index), run ``k`` goes to
    ``cuda:{k % n_gpus}`` and at most ``n_gpus`` runs train at once; otherwise every device is
    None (the parameters' own device, unchanged). Reproduce's resumable runs take a GPU slot
    instead (:func:`_local_workers`, :func:`_gpu_slot`), as other processes may share the folder.
    """
    n_gpus = _n_gpus() if str(device) == "cuda" else 0
    if n_gpus < 2:
        return [None] * n_runs, n_jobs
    return [_slot_device(k, n_gpus) for k in range(n_runs)], min(n_jobs, n_gpus)


_WATCHDOG: list[threading.Thread] = []


def _exit_with_parent(parent_pid, interval=0.5):
    """In a local worker process: exit as soon as the process that started it is gone.

    joblib's workers outlive a parent killed with SIGKILL and would keep training and
    deleting checkpoints; a daemon thread polls the parent and ends the worker, which
    releases its run lock (a checkpoint is never half-written: see EpochCheckpoint).
    """
    if parent_pid is None or os.getpid() == parent_pid or _WATCHDOG:
        return

    def watch():
        while True:
            if os.getppid() != parent_pid:
                os._exit(1)
            time.sleep(interval)

    thread = threading.Thread(target=watch, name="sklearn-glifac-parent-watch", daemon=True)
    thread.start()
    _WATCHDOG.append(thread)


def _atomic_csv(df, path):
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    df.to_csv(tmp, index=False)
    os.replace(tmp, path)


def _check_config(path, config):
    """Store the settings of the runs in a folder; refuse to mix runs of other settings.

    The file is written whole under a temporary name and then linked into place, which fails
    if another process created it first: readers never see half a file, and of two
    processes starting on one new folder, the second compares its settings with the first's.
    """
    if not path.exists():
        tmp = path.with_name(f"{path.name}.tmp{os.getpid()}")
        try:
            tmp.write_text(json.dumps(config, indent=2), encoding="utf-8")
            os.link(tmp, path)
            return
        except FileExistsError:
            pass  # created meanwhile by another process: compare below
        except OSError:  # no hard links on this file system: a rename is atomic too
            os.replace(tmp, path)
            return
        finally:
            tmp.unlink(missing_ok=True)
    stored = json.loads(path.read_text(encoding="utf-8"))
    if stored != json.loads(json.dumps(config)):
        diff = sorted(k for k in set(stored) | set(config) if stored.get(k) != config.get(k))
        raise ValueError(
            f"{path.parent} holds runs made with other settings ({', '.join(diff)}); "
            "use another output_dir, or delete it to start over."
        )


def _check_device(device):
    """``device`` as a string torch understands (``"cpu"``, ``"cuda"``, ``"cuda:1"``...)."""
    import torch

    if not isinstance(device, (str, torch.device)):
        raise TypeError(f"device must be a str such as 'cpu' or 'cuda', got {device!r}.")
    try:
        return str(torch.device(device))
    except RuntimeError as exc:
        raise ValueError(
            f"device must be a torch device such as 'cpu' or 'cuda', got {device!r}."
        ) from exc


def _local_workers(device, n_jobs, n_todo, threads):
    """Processes and GPU slots of a local sweep: ``(n_processes, (n_slots, n_gpus) or None)``.

    One process per CPU core for CPU runs; for ``"cuda"`` one per GPU (or ``n_jobs``), each
    running job holding a slot mapped to ``cuda:{slot % n_gpus}``; for one named GPU a single
    process unless ``n_jobs`` says otherwise.
    """
    import torch

    kind = torch.device(device)
    if kind.type == "cuda":
        n_gpus = _n_gpus()
        if n_gpus == 0:
            raise ValueError(f"device={device!r} but torch sees no CUDA device on this machine.")
        if kind.index is not None:
            return min(n_todo, n_jobs or 1), None
        n = min(n_todo, n_jobs or n_gpus)
        return n, (n, n_gpus)
    n_cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    return min(n_todo, n_jobs or max(1, n_cpus // threads)), None
