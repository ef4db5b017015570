"""The attention-entropy penalty is a criterion (AttentionEntropyLoss) built by skorch's hooks."""

import numpy as np
import pytest
import torch

from sklearn_glifac.datasets import make_motif_interactions
from sklearn_glifac.models import AttentionEntropyLoss, ConvAttentionClassifier, attention_entropy

SMALL = {
    "max_epochs": 1,
    "batch_size": 50,
    "random_state": 0,
    "train_split": None,
    "module__n_heads": 2,
    "module__n_filters": 8,
    "verbose": 0,
}


@pytest.fixture(scope="module")
def data():
    return make_motif_interactions(200, seq_len=100, n_sites=(1, 3), pair_rate=0, random_state=0)


def test_criterion_adds_the_weighted_entropy():
    crit = AttentionEntropyLoss(torch.nn.BCEWithLogitsLoss(), entropy_weight=0.3)
    logits, y = torch.randn(4, 2), torch.ones(4, 2)
    attention = torch.softmax(torch.randn(4, 2, 5, 5), dim=-1)
    expected = torch.nn.BCEWithLogitsLoss()(logits, y) + 0.3 * attention_entropy(attention)
    torch.testing.assert_close(crit((logits, attention), y), expected)
    assert crit.entropy_ == pytest.approx(float(attention_entropy(attention)))
    torch.testing.assert_close(crit(logits, y), torch.nn.BCEWithLogitsLoss()(logits, y))
    assert crit.entropy_ is None  # evaluation batches carry no attention


def test_penalty_follows_entropy_weight_set_after_initialisation(data):
    clf = ConvAttentionClassifier("CNN4-Exp", **SMALL).fit(data.X, data.y)
    assert isinstance(clf.criterion_, torch.nn.BCEWithLogitsLoss)  # no penalty: plain BCE
    assert "train_entropy" not in clf.history[-1]
    clf.set_params(entropy_weight=0.05).partial_fit(data.X, data.y)
    assert isinstance(clf.criterion_, AttentionEntropyLoss)
    assert clf.criterion_.entropy_weight == 0.05
    assert np.isfinite(clf.history[-1, "batches", 0, "train_entropy"])  # recorded per batch
    clf.set_params(entropy_weight=0.01).partial_fit(data.X, data.y)
    assert clf.criterion_.entropy_weight == 0.01  # the current value, not the one at build time
