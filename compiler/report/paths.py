"""File paths as reports print them, and as SARIF locates them.

Every report prints a path normalised lexically (``./a/../b.json`` is
``b.json``; symlinks are not resolved, so the path still names what the user
typed). SARIF makes each ``uri`` relative to a base folder, ``--base-dir`` or
else the git root or else the working directory, and names that folder in
``originalUriBaseIds``: a viewer then finds ``configs/a.yaml`` under the
repository whichever folder lint ran from. A file outside the base keeps an
absolute ``file://`` URI, since ``../`` would point outside the repository.
"""

from __future__ import annotations

import os
from urllib.parse import quote

__all__ = ["SRCROOT", "artifact_location", "base_dir_uri", "default_base_dir", "normalise"]

#: the ``uriBaseId`` of every relative SARIF ``uri`` (GitHub's and CodeQL's name)
SRCROOT = "%SRCROOT%"

_STDIN = "-"


def normalise(path: str) -> str:
    """``./samples/valid/../invalid/x.json`` -> ``samples/invalid/x.json``."""
    if path in ("", _STDIN):
        return path
    return os.path.normpath(path)


def default_base_dir(start: str | None = None) -> str:
    """The nearest folder holding ``.git`` (a folder, or a worktree's file), else ``start``."""
    here = os.path.abspath(start or os.getcwd())
    folder = here
    while True:
        if os.path.exists(os.path.join(folder, ".git")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return here
        folder = parent


def artifact_location(path: str, base_dir: str) -> dict[str, str]:
    """A SARIF ``artifactLocation``: relative to ``base_dir`` inside it, absolute outside."""
    if path == _STDIN:
        return {"uri": _STDIN}
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute, base_dir)
    except ValueError:  # another drive on Windows
        return {"uri": _file_uri(absolute)}
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return {"uri": _file_uri(absolute)}
    return {"uri": _quote(relative.replace(os.sep, "/"), safe="/"), "uriBaseId": SRCROOT}


def base_dir_uri(base_dir: str) -> str:
    """The base folder as an absolute ``file://`` URI ending in ``/``, as SARIF requires."""
    return _file_uri(os.path.abspath(base_dir)).rstrip("/") + "/"


def _file_uri(path: str) -> str:
    posix = path.replace(os.sep, "/")
    if not posix.startswith("/"):
        posix = "/" + posix  # a Windows drive path: file:///C:/...
    return "file://" + _quote(posix, safe="/:")


def _quote(path: str, safe: str) -> str:
    # A file name that is not UTF-8 reaches Python as lone surrogates
    # (surrogateescape); percent-encode the bytes it really has.
    try:
        raw = path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = path.encode("utf-8", "surrogatepass")
    return quote(raw, safe=safe)
