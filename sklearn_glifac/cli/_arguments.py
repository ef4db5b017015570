"""Parsed options turned into library arguments: the torch device, the classifier's parameters."""

from __future__ import annotations

from ..io import InputError


def _device(args, *, local=True):
    """``--device`` checked before any work (CUDA must exist where it runs), or None."""
    if args.device is None:
        return None
    import torch

    try:
        device = torch.device(args.device)
    except RuntimeError:
        raise InputError(
            f"--device: expected a torch device such as cpu, cuda or cuda:1, got {args.device!r}."
        ) from None
    if local and device.type == "cuda":
        n_gpus = torch.cuda.device_count() if torch.cuda.is_available() else 0
        if n_gpus == 0 or (device.index or 0) >= n_gpus:
            raise InputError(
                f"--device {args.device}: this machine has {n_gpus} CUDA device(s) visible to "
                "torch."
            )
    return str(device)


def _classifier_kwargs(args, *, local=True):
    kwargs = dict(args.params)
    device = _device(args, local=local)
    if device is not None:
        if "device" in kwargs and str(kwargs["device"]) != device:
            raise InputError(
                f"--device {args.device} and --param device={kwargs['device']} disagree; "
                "give --device only."
            )
        kwargs["device"] = device
    kwargs["max_epochs"] = args.max_epochs
    if args.lr is not None:
        kwargs["lr"] = args.lr
    kwargs["batch_size"] = args.batch_size
    kwargs["n_threads"] = args.threads
    return kwargs
