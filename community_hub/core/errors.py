"""Errors a user can read. Anything else is a bug and is logged, not shown."""

from __future__ import annotations

from community_hub.core.i18n import phrase


class ServiceError(Exception):
    """A refusal with a message fit for the screen.

    keep=True asks the session scope to commit what the call recorded before refusing
    (an attempt counter, a rate-limit event) so that failing does not reset the limit.
    """

    def __init__(self, message: str, *, code: str = "invalid", keep: bool = False):
        super().__init__(message)
        self.message = message
        self.code = code
        self.keep = keep


class ContinueElsewhere(ServiceError):
    """Not a refusal: the action goes on at another page (`path`), e.g. a card payment continues on
    the provider's own page (/pay/<id>). What the call recorded is kept; the screen goes there."""

    def __init__(self, message: str, path: str):
        super().__init__(message, code="continue_elsewhere", keep=True)
        self.path = path


class NotLoggedIn(ServiceError):
    def __init__(self, message: str = "Please log in to continue."):
        super().__init__(message, code="not_logged_in")


class PermissionDenied(ServiceError):
    def __init__(self, message: str = "You do not have permission to do that."):
        super().__init__(message, code="forbidden")


class NotFound(ServiceError):
    def __init__(self, what: str):
        # `what` is a word its caller marked (NotFound(phrase("order"))), translated with the sentence.
        super().__init__(phrase("That {what} does not exist or is not yours to see.", what=phrase(what)),
                         code="not_found")


class RateLimited(ServiceError):
    def __init__(self, message: str):
        super().__init__(message, code="rate_limited", keep=True)
