"""Thread count: set for each fit, prediction and read-out, restored afterwards; validated."""

import numpy as np
import pytest
import torch
from skorch.callbacks import Callback

from sklearn_glifac.cli import build_parser
from sklearn_glifac.cli._arguments import _classifier_kwargs
from sklearn_glifac.models import ConvAttentionClassifier
from sklearn_glifac.utils import DEFAULT_N_THREADS, available_cores, torch_threads

from .conftest import random_onehot

X = random_onehot(40, 40, seed=1)
Y = np.random.default_rng(1).integers(0, 2, (40, 3))
OUTSIDE = 3  # a count no test sets on purpose, so a leak of 1 or 2 shows


class _RecordThreads(Callback):
    def initialize(self):
        self.seen = set()
        return self

    def on_batch_begin(self, net, **kwargs):
        self.seen.add(torch.get_num_threads())


def _tiny(**params):
    return ConvAttentionClassifier(
        "CNN4-Exp", module__n_filters=4, module__dense_units=8, module__n_heads=2,
        max_epochs=1, verbose=0, random_state=0, **params,
    )  # fmt: skip


@pytest.fixture
def outside_threads():
    before = torch.get_num_threads()
    torch.set_num_threads(OUTSIDE)
    yield OUTSIDE
    torch.set_num_threads(before)


@pytest.fixture(scope="module")
def fitted():
    return _tiny().fit(X, Y)


def test_default_is_one_thread():
    assert DEFAULT_N_THREADS == 1
    assert _tiny().n_threads == 1
    assert build_parser().parse_args(["train", "--data", "d.npz", "--output", "m.pt"]).threads == 1


@pytest.mark.parametrize("n_threads, expected", [(1, 1), (2, 2), (None, OUTSIDE)])
def test_fit_uses_n_threads_and_restores(outside_threads, n_threads, expected):
    record = _RecordThreads()
    _tiny(n_threads=n_threads, callbacks=[("threads", record)]).fit(X, Y)
    assert record.seen == {expected}
    assert torch.get_num_threads() == OUTSIDE


def test_minus_one_is_every_available_core(outside_threads):
    record = _RecordThreads()
    _tiny(n_threads=-1, callbacks=[("threads", record)]).fit(X, Y)
    assert record.seen == {available_cores()}
    assert torch.get_num_threads() == OUTSIDE


def test_predictions_and_readouts_restore(fitted, outside_threads):
    fitted.predict_proba(X)
    fitted.decision_function(X)
    fitted.attention_maps(X)
    assert torch.get_num_threads() == OUTSIDE
    # a lazy read-out sets the count only while computing a batch, not while the caller holds it
    for _ in fitted.transform(X).batches(activations=True):
        assert torch.get_num_threads() == OUTSIDE
    with torch_threads(1):
        assert torch.get_num_threads() == 1
    assert torch.get_num_threads() == OUTSIDE


def test_restored_after_an_error(outside_threads):
    with pytest.raises(RuntimeError), torch_threads(1):
        raise RuntimeError("inside")
    assert torch.get_num_threads() == OUTSIDE


def test_same_seed_same_threads_same_weights():
    a, b = _tiny(n_threads=1).fit(X, Y), _tiny(n_threads=1).fit(X, Y)
    for pa, pb in zip(a.module_.parameters(), b.module_.parameters()):
        assert torch.equal(pa, pb)


@pytest.mark.parametrize("bad", [0, -2])
def test_bad_count_is_a_value_error(bad):
    with pytest.raises(ValueError, match=r"n_threads must be a positive int, -1 .*got"):
        _tiny(n_threads=bad).fit(X, Y)


@pytest.mark.parametrize("bad", [1.5, "2", True])
def test_non_int_is_a_type_error(bad):
    with pytest.raises(TypeError, match="n_threads must be a positive int"):
        _tiny(n_threads=bad).fit(X, Y)


def test_bad_count_fails_before_training(fitted):
    fitted.set_params(n_threads=0)
    try:
        with pytest.raises(ValueError, match="n_threads"):
            fitted.predict_proba(X)
    finally:
        fitted.set_params(n_threads=1)


def test_cli_threads_option(capsys):
    parser = build_parser()
    args = parser.parse_args(["train", "--data", "d.npz", "--output", "m.pt", "--threads", "2"])
    assert args.threads == 2
    assert _classifier_kwargs(args)["n_threads"] == 2
    for bad in ("0", "-1", "two"):
        with pytest.raises(SystemExit):
            parser.parse_args(["train", "--data", "d.npz", "--output", "m.pt", "--threads", bad])
        assert "--threads" in capsys.readouterr().err


def test_cli_train_leaves_the_process_thread_count(tmp_path, outside_threads):
    from sklearn_glifac.cli import main
    from sklearn_glifac.models import load_model

    assert main(["generate", "--output-dir", str(tmp_path), "--n-samples", "40", "--seq-len",
                 "200", "--random-state", "0", "--quiet"]) == 0  # fmt: skip
    model = tmp_path / "model.pt"
    assert main(["train", "--fasta", str(tmp_path / "sequences.fa"), "--labels",
                 str(tmp_path / "labels.tsv"), "--preset", "CNN4-Exp", "--output", str(model),
                 "--param", "module__n_filters=4", "--param", "module__dense_units=8",
                 "--param", "module__n_heads=2", "--max-epochs", "1", "--threads", "2",
                 "--quiet"]) == 0  # fmt: skip
    assert torch.get_num_threads() == OUTSIDE
    assert load_model(model)["estimator"].n_threads == 2
