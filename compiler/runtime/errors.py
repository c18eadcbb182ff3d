"""Exceptions the runtime raises. The docstring of each class is its default message.

RuntimeFailure
 +-- SetupError              bad options or environment, found before anything runs
 |    +-- MissingSecret      a ${env:NAME} reference has no variable
 |    +-- InsecureUrl        plain http to a host other than loopback, without --allow-http
 |    +-- StateFileError     the state file cannot be opened or has an unknown layout
 |    |    +-- SchemaMismatch the database schema is older or newer than this version
 |    +-- AuthError          Sage ID refused us, or the auth file is unusable
 |         +-- LoginRequired the refresh token is spent or revoked: log in again
 +-- StoreError              the state store failed while running
 |    +-- LeaseLost          a poll lease was taken over; its page is refused (fencing)
 +-- ApiError                the hub API answered with something we cannot use
 |    +-- RetryableApiError  429, 5xx, timeouts, connection resets (retried, then raised)
 |    +-- PollInterrupted    the poll was stopped (signal) or ran past its deadline
 +-- DeliveryFailed          one callback POST failed (the outbox schedules a retry)

Secrets never enter a message: callers pass names and URLs, never values.
"""

from __future__ import annotations

__all__ = [
    "ApiError",
    "AuthError",
    "DeliveryFailed",
    "InsecureUrl",
    "LeaseLost",
    "LoginRequired",
    "MissingSecret",
    "PollInterrupted",
    "RetryableApiError",
    "RuntimeFailure",
    "SchemaMismatch",
    "SetupError",
    "StateFileError",
    "StoreError",
]


class RuntimeFailure(Exception):
    """The polling runtime failed."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or (self.__doc__ or "").strip())


class SetupError(RuntimeFailure):
    """The run cannot start."""


class MissingSecret(SetupError):
    """A secret referenced by the plan is not set in the environment."""


class InsecureUrl(SetupError):
    """Plain http is allowed only to loopback hosts unless --allow-http is given."""


class StateFileError(SetupError):
    """The state file cannot be used."""


class AuthError(SetupError):
    """Sage ID authentication failed."""


class LoginRequired(AuthError):
    """Sage ID refused the stored refresh token (spent or revoked): log in again (auth login)."""
class SchemaMismatch(StateFileError):
    """The database schema does not match this version of sage200cfg."""


class StoreError(RuntimeFailure):
    """The state store failed."""


class LeaseLost(StoreError):
    """Another worker holds this resource's poll lease now; the page was not committed."""


class ApiError(RuntimeFailure):
    """The hub API request failed."""

    def __init__(self, message: str | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status  #: the HTTP status that failed the request, when there was one


class RetryableApiError(ApiError):
    """The hub API is busy or unreachable."""

    def __init__(self, message: str | None = None, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class PollInterrupted(ApiError):
    """The poll was interrupted before it completed; its watermark is kept."""


class DeliveryFailed(RuntimeFailure):
    """The callback did not accept the notification."""

    def __init__(self, message: str | None = None, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after
