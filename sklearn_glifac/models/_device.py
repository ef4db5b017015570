"""Where a network lives: the generators a fit draws from, and moving a fitted network.

Private helpers of :class:`ConvAttentionClassifier` and the checkpoint callbacks. A network on
the CPU draws only from the CPU generator; one on a CUDA device (or left where it is,
``device=None``) may draw from every CUDA generator, which ``torch.manual_seed`` reseeds all at
once, so all of them are saved and restored together.
"""

from __future__ import annotations

import torch


def cuda_rng_devices(device):
    """Indices of the CUDA devices whose random generators a fit on ``device`` touches.

    Every visible CUDA device for a CUDA ``device`` or ``None`` (when CUDA is available), none
    otherwise: a fit on the CPU leaves the CUDA generators alone.
    """
    if not torch.cuda.is_available():
        return []
    if device is not None and torch.device(device).type != "cuda":
        return []
    return list(range(torch.cuda.device_count()))


def cuda_rng_state(device):
    """``{index: state}`` of the CUDA generators of :func:`cuda_rng_devices` (CPU tensors)."""
    return {i: torch.cuda.get_rng_state(i) for i in cuda_rng_devices(device)}


def set_cuda_rng_state(states):
    """Restore :func:`cuda_rng_state`; devices this machine lacks are left out."""
    if not states or not torch.cuda.is_available():
        return
    count = torch.cuda.device_count()
    for index, state in states.items():
        if int(index) < count:
            torch.cuda.set_rng_state(state, int(index))


def move_net(net, device):
    """Move a fitted skorch net's module, criterion and optimizer state to ``device``.

    ``Module.to`` moves parameters in place or, between incompatible tensor types (to the
    ``meta`` device, say), replaces them; the optimizer is pointed at the module's current
    parameters by name and its state re-loaded, which puts every state tensor on its
    parameter's device (Adam's step counts stay on the CPU, as torch wants them).
    """
    modules = [getattr(net, name, None) for name in ("module_", "criterion_")]
    modules = [m for m in modules if isinstance(m, torch.nn.Module)]
    names = {id(p): (i, n) for i, m in enumerate(modules) for n, p in m.named_parameters()}
    optimizer = getattr(net, "optimizer_", None)
    if not isinstance(optimizer, torch.optim.Optimizer):
        optimizer = None
    state = None if optimizer is None else optimizer.state_dict()
    for module in modules:
        module.to(device)
    if optimizer is None:
        return
    current = [dict(m.named_parameters()) for m in modules]
    for group in optimizer.param_groups:
        group["params"] = [
            current[names[id(p)][0]][names[id(p)][1]] if id(p) in names else p
            for p in group["params"]
        ]
    optimizer.load_state_dict(state)
