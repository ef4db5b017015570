import numpy as np
import pytest
import torch

# Tiny nets on 2 shared cores: more threads only add contention.
torch.set_num_threads(1)


@pytest.fixture
def rng():
    return np.random.default_rng(0)


def random_onehot(n, length, seed=0):
    """Random one-hot DNA of shape (n, 4, length), float32."""
    idx = np.random.default_rng(seed).integers(0, 4, size=(n, length))
    return np.eye(4, dtype=np.float32)[idx].transpose(0, 2, 1).copy()
