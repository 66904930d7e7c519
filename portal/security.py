"""HTTP hardening: security headers, no caching of personal pages, Secure cookies over HTTPS."""

from __future__ import annotations

import threading
import time

from flask import Flask, Response, current_app, g, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user
from flask_wtf.csrf import CSRFProtect, generate_csrf
from itsdangerous import URLSafeTimedSerializer
from werkzeug.middleware.proxy_fix import ProxyFix

csrf = CSRFProtect()

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)


_HEADERS = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)
TOKEN_REUSE_SECONDS = 60


class _SessionInterface(SecureCookieSessionInterface):
    """Marks the session cookie Secure whenever the request came over HTTPS; builds its signer once per key."""

    _signer: tuple[tuple, URLSafeTimedSerializer | None] = ((), None)

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure)

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        if self._signer[0] != keys:
            self._signer = (keys, super().get_signing_serializer(app))
        return self._signer[1]


class SignedTokens:
    """Each session's signed form token, reused for up to a minute.

    Every page's header holds a form (sign out), and signing a token costs about as much as
    rendering the header. A reused token stays valid for WTF_CSRF_TIME_LIMIT less a minute.
    """

    def __init__(self, most: int = 10_000) -> None:
        self._most = most
        self._tokens: dict[str, tuple[float, str]] = {}
        self._lock = threading.Lock()

    def __call__(self) -> str:
        raw, now = session.get(current_app.config["WTF_CSRF_FIELD_NAME"]), time.monotonic()
        kept = self._tokens.get(raw) if raw else None
        if kept is not None and now - kept[0] < TOKEN_REUSE_SECONDS:
            return kept[1]
        signed = generate_csrf()  # makes the session's secret if it had none
        with self._lock:
            if len(self._tokens) >= self._most:
                self._tokens = {k: v for k, v in self._tokens.items() if now - v[0] < TOKEN_REUSE_SECONDS}
            self._tokens[session[current_app.config["WTF_CSRF_FIELD_NAME"]]] = (now, signed)
        return signed


def new_form_secret() -> None:
    """Give a session made at sign-in its form token now, so its first page need not rewrite the cookie."""
    g.pop(current_app.config["WTF_CSRF_FIELD_NAME"], None)  # the token of the session just cleared
    generate_csrf()


def _harden(response: Response) -> Response:
    headers = response.headers
    present = {name.lower() for name in headers.keys()}
    headers.extend([(name, value) for name, value in _HEADERS if name.lower() not in present])
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        cookies = headers.getlist("Set-Cookie")
        if cookies:
            headers.remove("Set-Cookie")
            for cookie in cookies:
                headers.add("Set-Cookie", cookie if "; Secure" in cookie else cookie + "; Secure")
    if getattr(current_user, "is_authenticated", False):  # personal pages are never kept by a cache
        if "cache-control" in present or "pragma" in present:
            headers["Cache-Control"], headers["Pragma"] = "no-store", "no-cache"
        else:
            headers.extend((("Cache-Control", "no-store"), ("Pragma", "no-cache")))
    return response


def init_app(app: Flask) -> None:
    """CSRF on every POST, hardened headers on every response, forwarded headers from trusted proxies."""
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)  # type: ignore[method-assign]
    csrf.init_app(app)
    tokens = app.extensions["form_tokens"] = SignedTokens()
    app.context_processor(lambda: {"csrf_token": tokens})  # after Flask-WTF's, so templates use it
    app.session_interface = _SessionInterface()
    app.after_request(_harden)
