"""fetch_janggu_peaks and get_data_home on a fake wheel: never the network."""

import hashlib
import urllib.error
import urllib.request
import zipfile

import numpy as np
import pytest

from sklearn_glifac.datasets import _fetch, fetch_janggu_peaks, get_data_home

OCT4 = ">chr1:1-5 peak\nACGTa\n>chr1:9-14\nTTTTC\n"
MAFK = ">chr2:1-5\nggccA\n"


def _fake_wheel(path, oct4=OCT4, mafk=MAFK):
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("janggu/resources/sample.fa", oct4)
        zf.writestr("janggu/resources/sample2.fa", mafk)
        zf.writestr("janggu/__init__.py", "")
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def remote(tmp_path, monkeypatch):
    """The loader's wheel replaced by a fake one; ``calls`` counts downloads."""
    source = tmp_path / "source.whl"
    digest = _fake_wheel(source)
    monkeypatch.setattr(
        _fetch, "_JANGGU_WHEEL", _fetch.RemoteFile("fake.whl", "https://example.invalid/w", digest)
    )
    calls = []

    def urlopen(url, timeout=None):
        calls.append(url)
        return open(source, "rb")

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    return source, calls


def test_download_cache_and_content(tmp_path, remote):
    _, calls = remote
    home = tmp_path / "home"
    data = fetch_janggu_peaks(data_home=home)
    assert calls == ["https://example.invalid/w"]
    assert (home / "janggu" / "fake.whl").is_file()
    assert data.X.shape == (3, 4, 5) and data.X.dtype == np.float32
    # ACGTa -> one-hot columns A, C, G, T, A (soft-masked base read as upper case)
    np.testing.assert_array_equal(data.X[0].argmax(axis=0), [0, 1, 2, 3, 0])
    np.testing.assert_array_equal(data.X[2].argmax(axis=0), [2, 2, 1, 1, 0])
    assert (data.X.sum(axis=1) == 1).all()
    np.testing.assert_array_equal(data.y, [[1, 0], [1, 0], [0, 1]])
    assert data.names.tolist() == ["chr1:1-5", "chr1:9-14", "chr2:1-5"]
    assert data.target_names == ["Oct4", "MafK"]
    assert "GPL-3.0" in data.DESCR and "10.1038/s41467-020-17155-y" in data.DESCR
    X, y = fetch_janggu_peaks(data_home=home, return_X_y=True)
    assert len(calls) == 1  # the second call reads the cache
    np.testing.assert_array_equal(X, data.X)
    np.testing.assert_array_equal(y, data.y)


def test_data_home_from_environment(tmp_path, remote, monkeypatch):
    monkeypatch.setenv("SKLEARN_GLIFAC_DATA", str(tmp_path / "env_home"))
    assert get_data_home() == tmp_path / "env_home"
    fetch_janggu_peaks()
    assert (tmp_path / "env_home" / "janggu" / "fake.whl").is_file()


def test_default_data_home(monkeypatch, tmp_path):
    monkeypatch.delenv("SKLEARN_GLIFAC_DATA", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert get_data_home() == tmp_path / "sklearn_glifac_data"


def test_checksum_mismatch_removes_the_file(tmp_path, remote, monkeypatch):
    monkeypatch.setattr(_fetch, "_JANGGU_WHEEL", _fetch._JANGGU_WHEEL._replace(sha256="0" * 64))
    with pytest.raises(OSError, match="expected 0000.*removed"):
        fetch_janggu_peaks(data_home=tmp_path / "home")
    assert list((tmp_path / "home" / "janggu").iterdir()) == []


def test_corrupt_cache_is_downloaded_again(tmp_path, remote):
    _, calls = remote
    cached = tmp_path / "home" / "janggu" / "fake.whl"
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"truncated")
    assert fetch_janggu_peaks(data_home=tmp_path / "home").X.shape == (3, 4, 5)
    assert len(calls) == 1
    cached.write_bytes(b"truncated")
    with pytest.raises(OSError, match="SHA-256.*download_if_missing=False"):
        fetch_janggu_peaks(data_home=tmp_path / "home", download_if_missing=False)
    assert not cached.exists()


def test_offline_error_says_what_to_download_and_where(tmp_path, monkeypatch):
    def offline(url, timeout=None):
        raise urllib.error.URLError("Name or service not known")

    monkeypatch.setattr(urllib.request, "urlopen", offline)
    target = tmp_path / "janggu" / _fetch._JANGGU_WHEEL.filename
    with pytest.raises(ConnectionError, match="Name or service not known") as info:
        fetch_janggu_peaks(data_home=tmp_path)
    assert _fetch._JANGGU_WHEEL.url in str(info.value) and str(target) in str(info.value)
    assert list(target.parent.iterdir()) == []  # no partial file left


def test_not_cached_and_no_download(tmp_path, remote):
    _, calls = remote
    with pytest.raises(OSError, match="download_if_missing=False"):
        fetch_janggu_peaks(data_home=tmp_path, download_if_missing=False)
    assert calls == []


def test_unexpected_content_is_an_error(tmp_path, remote, monkeypatch):
    source, _ = remote
    digest = _fake_wheel(source, mafk=">x\nACGN\n")
    monkeypatch.setattr(_fetch, "_JANGGU_WHEEL", _fetch._JANGGU_WHEEL._replace(sha256=digest))
    with pytest.raises(OSError, match="'x' is not a DNA sequence"):
        fetch_janggu_peaks(data_home=tmp_path)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"download_if_missing": 1}, "download_if_missing must be a bool, got int"),
        ({"return_X_y": "yes"}, "return_X_y must be a bool, got str"),
        ({"data_home": 3}, "data_home must be a str, a path-like object or None, got int"),
    ],
)
def test_bad_arguments(kwargs, match):
    with pytest.raises(TypeError, match=match):
        fetch_janggu_peaks(**kwargs)
