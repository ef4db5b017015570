"""Progress that suits a terminal and a log file.

On a terminal every long step shows a tqdm bar; with redirected output (a log file, a pipe) it
writes newline-terminated lines instead, never a line of carriage returns.
"""

import io
import subprocess
import sys

import numpy as np
import pytest
from tqdm.auto import tqdm

from sklearn_glifac.io import write_fasta
from sklearn_glifac.models import ConvAttentionClassifier, save_model
from sklearn_glifac.motifs import write_meme
from sklearn_glifac.utils import LogProgress, is_interactive, log_step, progress

from .conftest import random_onehot


class _FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_is_a_bar_on_a_terminal_and_lines_in_a_log():
    log = io.StringIO()
    assert not is_interactive(log) and is_interactive(_FakeTerminal())
    bar = progress(range(5), desc="step", unit="batch", file=log, interval=0)
    assert isinstance(bar, LogProgress)
    assert list(bar) == list(range(5))
    lines = log.getvalue().splitlines()
    assert "\r" not in log.getvalue()
    assert lines[0] == "step: started (5 batch)"
    assert lines[1].startswith("step: 1/5 batch (20%)") and "left" in lines[1]
    assert lines[-1].startswith("step: done, 5/5 batch in ")
    assert len(lines) == 7  # start, one per item (interval=0), done
    assert isinstance(progress(range(3), desc="s", file=_FakeTerminal()), tqdm)
    silent = io.StringIO()
    assert list(progress(range(3), desc="s", verbose=False, file=silent)) == [0, 1, 2]
    assert silent.getvalue() == ""


def test_log_progress_waits_interval_between_lines_and_closes_once():
    log = io.StringIO()
    bar = LogProgress(desc="train", total=100, unit="epoch", interval=3600, file=log)
    for _ in range(100):
        bar.update(1)
    bar.set_postfix_str("AUPR 0.9")
    bar.close()
    bar.close()
    assert log.getvalue().splitlines()[1:] == [log.getvalue().splitlines()[-1]]
    assert log.getvalue().count("done") == 1


def test_log_step_announces_start_and_duration():
    log = io.StringIO()
    with log_step("Tomtom: matching 4 filters", file=log):
        pass
    lines = log.getvalue().splitlines()
    assert lines[0] == "Tomtom: matching 4 filters ..."
    assert lines[1].startswith("Tomtom: matching 4 filters: done in ")
    quiet = io.StringIO()
    with log_step("x", verbose=False, file=quiet):
        pass
    assert quiet.getvalue() == ""


def test_skorch_batch_bar_only_on_a_terminal(monkeypatch):
    from sklearn_glifac.models import _classifier

    def names():
        clf = ConvAttentionClassifier("CNN4-Exp", verbose=2)
        return [name for name, _ in clf.get_default_callbacks()]

    monkeypatch.setattr(_classifier, "is_interactive", lambda stream=None: False)
    assert "progress_bar" not in names()
    monkeypatch.setattr(_classifier, "is_interactive", lambda stream=None: True)
    assert "progress_bar" in names()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("progress")
    X = random_onehot(40, 40, seed=1)
    y = np.random.default_rng(1).integers(0, 2, (40, 2))
    y[0], y[1] = 0, 1
    clf = ConvAttentionClassifier("CNN4-Exp", module__n_filters=4, module__dense_units=8,
                                  module__n_heads=2, max_epochs=1, verbose=0, random_state=0,
                                  train_split=None).fit(X, y)  # fmt: skip
    save_model(clf, folder / "model.pt", preset="CNN4-Exp", target_names=["t0", "t1"])
    write_fasta(folder / "seqs.fa", [f"s{i}" for i in range(30)], random_onehot(30, 40, 2))
    rng = np.random.default_rng(0)
    write_meme({f"M{i}": rng.dirichlet(np.full(4, 0.3), size=8).T for i in range(30)},
               folder / "motifs.meme")  # fmt: skip
    return folder


def test_cli_with_redirected_output_logs_one_line_per_step(inputs, tmp_path):
    argv = [sys.executable, "-m", "sklearn_glifac.cli", "interactions", "--model",
            str(inputs / "model.pt"), "--fasta", str(inputs / "seqs.fa"), "--motifs",
            str(inputs / "motifs.meme"), "--output-dir", str(tmp_path / "out"), "--threads", "1",
            "--chunk-size", "8"]  # fmt: skip
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout + proc.stderr
    assert "\r" not in text  # no carriage-return progress bars in a log
    lines = text.splitlines()
    assert max(len(line) for line in lines) < 200
    for step in ("filter maxima", "filter PWMs", "filter max", "local attention", "GLIFAC"):
        assert f"{step}: started (4 batch)" in lines, (step, text)
        assert any(line.startswith(f"{step}: done, 4/4 batch in ") for line in lines), step
    assert any(line.startswith("Tomtom: matching 4 filters") and "done in" in line
               for line in lines), text  # fmt: skip
    assert "30 sequences, 4 filters" in proc.stdout  # the summary is still printed


def test_epoch_reporter_sends_each_epoch_to_a_queue_and_a_log(tmp_path):
    import pickle
    import queue

    from sklearn_glifac.experiments._training import EpochReporter

    messages, log = queue.Queue(), tmp_path / "run.log"
    reporter = EpochReporter(("CNN20-Exp", 0), queue=messages, log_path=log)
    X = random_onehot(40, 60)
    y = np.random.default_rng(0).integers(0, 2, size=(40, 2))
    clf = ConvAttentionClassifier(
        module__n_filters=4, module__n_heads=1, module__dense_units=4, max_epochs=2,
        train_split=(X[:10], y[:10]), callbacks=[("report", reporter)], verbose=0,
        random_state=0,
    ).fit(X, y)  # fmt: skip
    sent = [messages.get_nowait() for _ in range(messages.qsize())]
    key = ("CNN20-Exp", 0)
    assert [(k, epoch) for k, epoch, _ in sent] == [(key, 1), (key, 2)]
    assert all(0 <= aupr <= 1 for *_, aupr in sent)
    lines = log.read_text().splitlines()
    assert len(lines) == 2 and "('CNN20-Exp', 0) epoch 2: train loss" in lines[1]
    # defined at module level: a worker process can pickle it (the demo's callback once could not)
    copy = pickle.loads(pickle.dumps(EpochReporter("run", log_path=log)))
    assert (copy.key, copy.log_path, copy.queue) == ("run", log, None)
    assert len(clf.history) == 2
