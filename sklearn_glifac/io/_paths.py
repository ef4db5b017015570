"""Input paths and output paths: the error every reader raises, and the checks made up front."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["InputError", "check_writable", "existing_file"]

_GZIP_MAGIC = b"\x1f\x8b"
_ZIP_MAGIC = b"PK\x03\x04"


class InputError(ValueError):
    """A user-supplied file is missing or malformed (reported without a traceback by the CLI)."""


def existing_file(path: str | os.PathLike[str], what: str) -> Path:
    """``Path(path)`` if it is an existing file, else an :class:`InputError` naming ``what``."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{what} file '{path}' does not exist.")
    if not path.is_file():
        raise InputError(f"{what} path '{path}' is not a file.")
    return path


def _head(path: str | os.PathLike[str], n: int = 8) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(n)


def check_writable(
    path: str | os.PathLike[str], *, what: str = "output", directory: bool = False
) -> Path:
    """Create ``path``'s folder (or ``path`` itself when ``directory``) and prove it writable.

    Called before any training or extraction, so a bad output path fails in a second rather
    than after the work. Returns ``path`` as a :class:`~pathlib.Path`.
    """
    path = Path(path)
    folder = path if directory else path.parent
    if not directory and path.is_dir():
        raise InputError(f"{what} '{path}' is a folder; give a file name.")
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{what} folder '{folder}' exists and is not a folder.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise InputError(
            f"{what} '{path}' is not writable: {exc.strerror or exc} ({folder})."
        ) from exc
    return path
