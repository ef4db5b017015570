"""Loaders of public data (``fetch_*``): downloaded once into a data home, checksummed, cached.

:func:`fetch_janggu_peaks`: the Oct4 and MafK ChIP-seq peak sequences (mouse, 200 nt) that the
``janggu`` package ships in its wheel. janggu is GPL-3.0, so its files are never copied into this
repository: the wheel is downloaded from the Python package index on first use.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import tempfile
import urllib.error
import urllib.request
import zipfile
from collections import namedtuple
from pathlib import Path

import numpy as np
from sklearn.utils import Bunch

from ..io import InputError, encode_sequences

__all__ = ["fetch_janggu_peaks", "get_data_home"]

#: Environment variable naming the data home (default ``~/sklearn_glifac_data``).
DATA_HOME_ENV = "SKLEARN_GLIFAC_DATA"

RemoteFile = namedtuple("RemoteFile", ["filename", "url", "sha256"])

# From https://pypi.org/simple/janggu/ (the wheel of janggu 0.10.2, 1,288,940 bytes).
_JANGGU_WHEEL = RemoteFile(
    filename="janggu-0.10.2-py2.py3-none-any.whl",
    url=(
        "https://files.pythonhosted.org/packages/7b/f7/"
        "e474bcaeddeb21538e41b4653d9683d3550a2a8e8438516c92dd1a707bea/"
        "janggu-0.10.2-py2.py3-none-any.whl"
    ),
    sha256="3825abe65578509232fcaa1e56f9eb5d71de105d70c9bcc9551357adc7d2fc47",
)
# (member of the wheel, target name). sample.fa holds the Oct4 peaks: janggu's own resources say
# so (its pseudo_genome.fa is sample.fa followed by sample2.fa, and pseudo_snps.vcf names the
# variants inside the first sequences "example1oct4" ...), as does its README's classify_fasta
# example ("prediction scores should tend to be higher for Oct4 than for Mafk").
_JANGGU_MEMBERS = (("janggu/resources/sample.fa", "Oct4"), ("janggu/resources/sample2.fa", "MafK"))
_SUBDIR = "janggu"

JANGGU_DESCR = """\
Oct4 and MafK ChIP-seq peaks (janggu 0.10.2 sample data)
---------------------------------------------------------

Sequences of 200 nt centred on ChIP-seq peaks in the mouse genome: 3,897 Oct4 (Pou5f1) peaks
(``janggu/resources/sample.fa``) and 3,900 MafK peaks (``janggu/resources/sample2.fa``),
shipped as sample data of the janggu package (record names are ``chrom:start-end``). A classifier
that tells them apart has to learn the OCT4-SOX2 (Pou5f1::Sox2) composite motif and the MAF
recognition element.

Source: the wheel ``janggu-0.10.2-py2.py3-none-any.whl`` on the Python package index
(https://pypi.org/project/janggu/0.10.2/), downloaded on first use and checked against its
SHA-256 digest. Licence: janggu is distributed under the GNU GPL-3.0; the data are downloaded to
the user's data home and never copied into sklearn-glifac.

Citation: Kopp, W., Monti, R., Tamburrini, A., Ohler, U., Akalin, A. Deep learning for genomics
using Janggu. Nat Commun 11, 3488 (2020). https://doi.org/10.1038/s41467-020-17155-y
"""


def get_data_home(data_home: str | os.PathLike[str] | None = None) -> Path:
    """Folder where ``fetch_*`` loaders cache downloaded files (created if missing).

    Parameters
    ----------
    data_home : str or path-like, default=None
        The folder. ``None``: the environment variable ``SKLEARN_GLIFAC_DATA`` if set, else
        ``~/sklearn_glifac_data``.

    Returns
    -------
    data_home : pathlib.Path

    Examples
    --------
    >>> import tempfile
    >>> from sklearn_glifac.datasets import get_data_home
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     get_data_home(tmp).is_dir()
    True
    """
    if data_home is None:
        data_home = os.environ.get(DATA_HOME_ENV) or Path("~") / "sklearn_glifac_data"
    elif not isinstance(data_home, (str, os.PathLike)):
        raise TypeError(
            f"data_home must be a str, a path-like object or None, got {type(data_home).__name__}."
        )
    path = Path(data_home).expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return path


def _sha256(path: str | os.PathLike[str]) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _offline_advice(remote: RemoteFile, path: Path) -> str:
    return (
        f"Download {remote.url} (SHA-256 {remote.sha256}; or run `pip download janggu==0.10.2 "
        f"--no-deps`) on a machine with internet access and put the file at {path}."
    )


def _download(remote: RemoteFile, path: Path) -> None:
    """Download ``remote`` to ``path`` through a temporary file; check the digest first."""
    tmp = tempfile.NamedTemporaryFile(dir=path.parent, prefix=".part-", delete=False)
    try:
        with tmp:
            try:
                with urllib.request.urlopen(remote.url, timeout=60) as response:
                    shutil.copyfileobj(response, tmp)
            except (urllib.error.URLError, OSError) as exc:
                reason = getattr(exc, "reason", exc)
                raise ConnectionError(
                    f"could not download {remote.filename} from {remote.url} ({reason}). "
                    + _offline_advice(remote, path)
                ) from exc
        digest = _sha256(tmp.name)
        if digest != remote.sha256:
            raise OSError(
                f"{remote.url} downloaded with SHA-256 {digest}, expected {remote.sha256}; the "
                "file was removed. Try again, or download it by hand: "
                + _offline_advice(remote, path)
            )
        os.replace(tmp.name, path)
    finally:
        if os.path.exists(tmp.name):
            os.remove(tmp.name)


def _cached_file(
    remote: RemoteFile, data_home: str | os.PathLike[str] | None, download_if_missing: bool
) -> Path:
    """Path of the verified cached copy of ``remote``, downloading it when allowed."""
    folder = get_data_home(data_home) / _SUBDIR
    folder.mkdir(exist_ok=True)
    path = folder / remote.filename
    if path.exists():
        digest = _sha256(path)
        if digest == remote.sha256:
            return path
        path.unlink()
        if not download_if_missing:
            raise OSError(
                f"the cached {path} has SHA-256 {digest}, expected {remote.sha256}; it was "
                "removed and download_if_missing=False. " + _offline_advice(remote, path)
            )
    elif not download_if_missing:
        raise OSError(
            f"{remote.filename} is not in the data home and download_if_missing=False. "
            + _offline_advice(remote, path)
        )
    _download(remote, path)
    return path


def _read_fasta_member(archive: zipfile.ZipFile, member: str) -> tuple[list[str], np.ndarray]:
    """Names and float32 one-hot X (n, 4, seq_len) of a FASTA member of ``archive`` (ACGT only).

    Records are encoded by :func:`sklearn_glifac.io.encode_sequences` one at a time, so that a
    record that is not ACGT, or not of the first record's length, is named in the error.
    """
    from Bio.SeqIO.FastaIO import SimpleFastaParser

    try:
        raw = archive.read(member)
    except KeyError as exc:
        raise OSError(f"{archive.filename}: member {member} is missing.") from exc
    names: list[str] = []
    rows: list[np.ndarray] = []
    for title, seq in SimpleFastaParser(io.StringIO(raw.decode("ascii"))):
        try:
            seq_len = rows[0].shape[-1] if rows else None
            rows.append(encode_sequences([seq], seq_len=seq_len, names=[title]))
        except InputError as exc:
            raise OSError(
                f"{archive.filename}:{member}: record '{title}' is not a DNA sequence (ACGT) of "
                f"the common length; the file is not the expected one."
            ) from exc
        names.append(title.split()[0] if title.split() else "")
    if not rows:
        raise OSError(f"{archive.filename}:{member}: no FASTA records.")
    return names, np.concatenate(rows)


def fetch_janggu_peaks(
    *,
    data_home: str | os.PathLike[str] | None = None,
    download_if_missing: bool = True,
    return_X_y: bool = False,
) -> Bunch | tuple[np.ndarray, np.ndarray]:
    """Load the Oct4 and MafK ChIP-seq peak sequences shipped with janggu 0.10.2.

    7,797 mouse sequences of 200 nt: 3,897 Oct4 (Pou5f1) peaks followed by 3,900 MafK peaks.
    On first use the wheel of janggu 0.10.2 (1.3 MB) is downloaded from the Python package
    index into ``data_home``, checked against its SHA-256 digest and kept; later calls read the
    cached wheel (verified again) without the network. janggu is GPL-3.0: the sequences are read
    from the wheel and never copied into this package. Soft-masked (lower-case) bases are read as
    upper case; the files contain no ``N``.

    Parameters
    ----------
    data_home : str or path-like, default=None
        Cache folder (see :func:`get_data_home`); the wheel goes to ``data_home/janggu/``.
    download_if_missing : bool, default=True
        Whether to download the wheel when it is not cached; ``False`` raises ``OSError``.
    return_X_y : bool, default=False
        Return ``(X, y)`` instead of a Bunch.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        ``X`` : ndarray of shape (7797, 4, 200), float32 one-hot (rows A, C, G, T);
        ``y`` : ndarray of shape (7797, 2), float32, one task per column: ``y[:, 0]`` is 1 for
        Oct4 peaks, ``y[:, 1]`` is 1 for MafK peaks (exactly one 1 per row; ``y[:, :1]`` is the
        binary Oct4-versus-MafK task);
        ``names`` : ndarray of str, the record names (``chrom:start-end``);
        ``target_names`` : ``["Oct4", "MafK"]``;
        ``filename`` : path of the cached wheel; ``DESCR`` : source, licence and citation.
    (X, y) : tuple
        When ``return_X_y=True``.

    Raises
    ------
    ConnectionError
        The wheel is not cached and cannot be downloaded (offline); the message says what to
        download and where to put it.
    OSError
        Not cached and ``download_if_missing=False``, or the downloaded or cached file does not
        have the expected SHA-256 digest (the file is removed).

    Examples
    --------
    >>> from sklearn_glifac.datasets import fetch_janggu_peaks
    >>> data = fetch_janggu_peaks()  # doctest: +SKIP
    >>> data.X.shape, data.y.shape, data.target_names  # doctest: +SKIP
    ((7797, 4, 200), (7797, 2), ['Oct4', 'MafK'])
    """
    for value, name in ((download_if_missing, "download_if_missing"), (return_X_y, "return_X_y")):
        if not isinstance(value, (bool, np.bool_)):
            raise TypeError(f"{name} must be a bool, got {type(value).__name__} {value!r}.")
    path = _cached_file(_JANGGU_WHEEL, data_home, download_if_missing)
    names, onehots, labels = [], [], []
    try:
        with zipfile.ZipFile(path) as archive:
            for task, (member, _) in enumerate(_JANGGU_MEMBERS):
                member_names, member_X = _read_fasta_member(archive, member)
                names += member_names
                onehots.append(member_X)
                labels.append(np.full(len(member_names), task))
    except zipfile.BadZipFile as exc:
        raise OSError(f"{path} is not a zip archive (wheel): {exc}") from exc
    if len({x.shape[-1] for x in onehots}) != 1:
        raise OSError(f"{path}: the two FASTA files have sequences of different lengths.")
    X = np.concatenate(onehots)
    y = np.eye(len(_JANGGU_MEMBERS), dtype=np.float32)[np.concatenate(labels)]
    if return_X_y:
        return X, y
    return Bunch(
        X=X,
        y=y,
        names=np.asarray(names),
        target_names=[target for _, target in _JANGGU_MEMBERS],
        filename=str(path),
        DESCR=JANGGU_DESCR,
    )
