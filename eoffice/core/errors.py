"""Domain errors raised by services; views and the API map them to pages and JSON once."""
from __future__ import annotations


class DomainError(Exception):
    status = 400

    def __init__(self, message: str = ""):
        super().__init__(message)
        self.message = message


class InvalidInput(DomainError):
    """Input failed validation; `errors` is a list of {"field", "message"}."""

    status = 422

    def __init__(self, errors: list[dict] | str, field: str | None = None):
        if isinstance(errors, str):
            errors = [{"field": field, "message": errors}]
        self.errors = errors
        super().__init__("; ".join(e["message"] for e in errors))


class PermissionDenied(DomainError):
    status = 403


class NotFound(DomainError):
    status = 404


class Conflict(DomainError):
    status = 409


class UnsupportedMedia(DomainError):
    status = 415
