"""The value every HTTP exchange of the runtime returns, apart from the clients."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Reply"]


@dataclass(frozen=True)
class Reply:
    """A response read in full; header names lower-case."""

    status: int
    headers: dict[str, str]
    body: bytes

    def retry_after(self) -> float | None:
        """``Retry-After`` in seconds (delta form only), or None."""
        try:
            return max(0.0, float(self.headers.get("retry-after", "")))
        except ValueError:
            return None
