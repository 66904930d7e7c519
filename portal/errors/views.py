"""Plain-English error pages for every HTTP error."""

from __future__ import annotations

from flask import Blueprint, current_app, g, render_template
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from portal.store import StoreError, Unavailable

bp = Blueprint("errors", __name__)

_MESSAGES = {
    400: ("Something was wrong with that request", "Go back and try again."),
    403: ("You cannot see this page", "It belongs to someone else, or your role does not allow it."),
    404: ("Page not found", "Check the address, or go back to the start."),
    405: ("That did not work", "Go back and try again."),
    413: ("That was too large", "What you sent was too large. Shorten it or send it in parts."),
    429: ("Too many attempts", "Wait a few minutes, then try again."),
    500: ("Sorry, there is a problem with the service", "Nothing you entered was lost. Try again later."),
}


def _page(code: int):
    heading, message = _MESSAGES.get(code, _MESSAGES[400])
    return render_template("errors/error.html", heading=heading, message=message), code


@bp.app_errorhandler(CSRFError)
def csrf_error(error: CSRFError):
    """A missing or stale CSRF token: explain and let them try again."""
    return render_template(
        "errors/error.html", heading="Your session has expired",
        message="For your security, the form could not be sent. Go back, reload the page and try again.",
    ), 400


@bp.app_errorhandler(Unavailable)
def store_unavailable(error: Unavailable):
    """The database is restarting or unreachable: 503 until it is back; the app itself needs no restart."""
    current_app.logger.warning("store unavailable: %s", error)
    if "_login_user" not in g:  # loading the user needs the store too: render the page as for anyone
        g._login_user = current_app.login_manager.anonymous_user()
    return render_template(
        "errors/error.html", heading="Sorry, the service is not available",
        message="It should be back in a minute. Go back and try again then.",
    ), 503, {"Retry-After": "30"}


@bp.app_errorhandler(StoreError)
def store_error(error: StoreError):
    """A damaged store or an out-of-date read model: a plain page saying what is wrong, never a 500."""
    current_app.logger.error("store refused: %s", error)
    detail = f" {error}" if getattr(current_user, "is_staff", False) else " Try again later."
    return render_template("errors/error.html", heading="Sorry, the service is not available",
                           message=f"Nothing you entered was lost.{detail}"), 503


@bp.app_errorhandler(HTTPException)
def http_error(error: HTTPException):
    return _page(error.code or 500)


@bp.app_errorhandler(InternalServerError)
def server_error(error):
    return _page(500)
