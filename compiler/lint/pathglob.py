"""Path globs for config files: ``*`` stays in a folder, ``**`` spans folders.

``fnmatch`` lets ``*`` cross ``/`` and has no ``**``, so ``configs/*.yaml``
would also match ``configs/old/a.yaml``. These globs follow gitignore instead:

- a pattern without ``/`` (``legacy``, ``*.yml``) matches any single path
  component, so it excludes a folder of that name at any depth;
- a pattern with ``/`` (``configs/**/*.json``) matches the path relative to
  ``root``, or any folder above the file (``samples/invalid`` covers its files);
- ``[abc]`` and ``[!abc]`` are character classes, ``?`` one character.
"""

from __future__ import annotations

import os
import re
from pathlib import PurePosixPath

__all__ = ["PathGlob", "translate"]


class PathGlob:
    """One compiled glob, matched against paths relative to ``root``."""

    def __init__(self, pattern: str, root: str = ".") -> None:
        cleaned = pattern.strip().removeprefix("./").strip("/")
        self.pattern = pattern
        self.anchored = "/" in cleaned
        self.regex = re.compile(translate(cleaned))
        self.root = os.path.abspath(root)

    def matches(self, path: str) -> bool:
        """Whether ``path`` (absolute, or relative to the cwd) matches."""
        parts = _relative_parts(path, self.root)
        if not self.anchored:
            return any(self.regex.fullmatch(part) for part in parts)
        prefixes = ("/".join(parts[: end + 1]) for end in range(len(parts)))
        return any(self.regex.fullmatch(prefix) for prefix in prefixes)

    def __repr__(self) -> str:
        return f"PathGlob({self.pattern!r}, root={self.root!r})"


def _relative_parts(path: str, root: str) -> tuple[str, ...]:
    absolute = os.path.abspath(path)
    prefix = root.rstrip(os.sep) + os.sep
    if absolute.startswith(prefix):  # the common case, without relpath's cost
        relative = absolute[len(prefix) :]
    else:
        try:
            relative = os.path.relpath(absolute, root)
        except ValueError:  # another drive on Windows: no relative form
            relative = absolute
    return PurePosixPath(relative.replace(os.sep, "/")).parts


def translate(pattern: str) -> str:
    """The regular expression (for ``fullmatch``) equivalent to ``pattern``."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] in "*?":
            out.append("[^/]*" if pattern[i] == "*" else "[^/]")
            i += 1
        elif pattern[i] == "[" and (end := pattern.find("]", i + 2)) != -1:
            body = pattern[i + 1 : end].replace("\\", "\\\\")
            out.append("[" + ("^" + body[1:] if body.startswith("!") else body) + "]")
            i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return "".join(out)
