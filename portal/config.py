"""Configuration: code defaults, then the instance file, then PORTAL_* environment variables.

Unknown keys are rejected so a typo cannot silently fall back to a default. The secret
key is generated into the instance folder on first run and never committed.
"""

from __future__ import annotations

import json
import os
import secrets
import tomllib
from pathlib import Path
from typing import Any, Mapping

ROOT = Path(__file__).resolve().parent.parent

DEFAULTS: dict[str, Any] = {
    "LANDLORD": "torus",                       # the default landlord profile (slug)
    "CONTENT_DIR": str(ROOT / "content"),
    "SITE_DIR": str(ROOT / "site"),            # where build.py writes the policy site
    "DATA_DIR": "",                            # default: <instance>/data
    "DATABASE_URL": "",                        # postgresql://... : PostgreSQL instead of TinyDB files
    "STORE_CACHE_SHARDS": 64,                  # parsed complaint/letter shards kept in memory (~1.1 MB each)
    "KEPT_PAGES": 1000,                        # rendered complaint pages kept for their viewers (~6 kB each; 0: none)
    "SESSION_COOKIE_SECURE": False,            # True when served over HTTPS (see README)
    "REMEMBER_COOKIE_DAYS": 14,
    "MAX_CONTENT_LENGTH": 256 * 1024,          # request size cap (bytes); evidence uploads get their own below
    "EVIDENCE_MAX_BYTES": 10 * 1024 * 1024,    # largest evidence file (photo or PDF) accepted
    "EVIDENCE_MAX_FILES": 10,                  # most files one complaint can have
    "SIGNIN_ATTEMPTS": 5,                      # failed sign-ins per account before the first wait
    "SIGNIN_ADDRESS_ATTEMPTS": 100,            # failed sign-ins per client address before it waits
    "SIGNIN_WINDOW_SECONDS": 86400,            # failures older than this are forgotten
    "VISITOR_ADDRESS_COMPLAINTS": 10,          # complaints sent without an account from one client address per window
    "VISITOR_EMAIL_LINKS": 3,                  # confirmation links sent to one email address per window
    "VISITOR_WINDOW_SECONDS": 86400,           # uses older than this are forgotten
    "VISITOR_LINK_DAYS": 28,                   # how long the emailed link shows a sent complaint
    "TRUSTED_PROXIES": 0,                      # reverse proxies in front (X-Forwarded-* trusted from them)
    "RESET_TOKEN_MINUTES": 60,
    "REGISTER_LINK_HOURS": 24,
    "BASE_URL": "",                            # e.g. https://complaints.example.org: links in emails
    "MAIL_SERVER": "",                         # empty: write .eml files to instance/outbox/
    "MAIL_PORT": 587,
    "MAIL_USE_TLS": False,                     # STARTTLS
    "MAIL_USE_SSL": False,                     # SMTP over TLS (port 465)
    "MAIL_USERNAME": "",
    "MAIL_PASSWORD": "",
    "MAIL_DEFAULT_SENDER": "",                 # default: the landlord's name and contact email
    "MAIL_TIMEOUT": 10,                        # seconds for one SMTP conversation
    "MAIL_MAX_ATTEMPTS": 8,                    # tries before a message is marked failed
    "MAIL_SENDER_SECONDS": 30,                 # background sender's round (0: only `flask send-mail`)
    "WTF_CSRF_ENABLED": True,
    "TESTING": False,
    "DEBUG": False,
    "SECRET_KEY": "",                          # generated into the instance folder if empty
    "TODAY": "",                               # freeze the clock (ISO date) for demos and tests
}

# PORTAL_* variables read before the configuration exists (see create_app).
_NOT_SETTINGS = frozenset({"PORTAL_INSTANCE_PATH"})

_TYPES = {key: type(value) for key, value in DEFAULTS.items()}


class ConfigError(ValueError):
    """A configuration key is unknown or has the wrong type."""


def _coerce(key: str, value: Any, source: str) -> Any:
    kind = _TYPES[key]
    if isinstance(value, kind):
        return value
    if isinstance(value, str):
        try:
            if kind is bool:
                if value.lower() in ("1", "true", "yes", "on"):
                    return True
                if value.lower() in ("0", "false", "no", "off", ""):
                    return False
                raise ValueError(value)
            if kind is int:
                return int(value)
        except ValueError:
            pass
    raise ConfigError(f"{source}: {key} must be {kind.__name__}, not {value!r}")


def _check(values: Mapping[str, Any], source: str) -> dict[str, Any]:
    out = {}
    for key, value in values.items():
        if key not in DEFAULTS:
            raise ConfigError(f"{source}: unknown setting {key!r}")
        out[key] = _coerce(key, value, source)
    return out


def load_config(instance_path: Path, environ: Mapping[str, str], test_config: Mapping[str, Any] | None) -> dict[str, Any]:
    """Merge defaults, `instance/config.toml`, PORTAL_* variables and a test mapping."""
    config = dict(DEFAULTS)
    instance_file = instance_path / "config.toml"
    if instance_file.exists():
        config.update(_check(tomllib.loads(instance_file.read_text()), str(instance_file)))
    config.update(_check({k[7:]: v for k, v in environ.items()
                          if k.startswith("PORTAL_") and k not in _NOT_SETTINGS}, "environment"))
    if test_config:
        config.update(_check(test_config, "test config"))
    if not config["DATA_DIR"]:
        config["DATA_DIR"] = str(instance_path / "data")
    if not config["SECRET_KEY"]:
        config["SECRET_KEY"] = _instance_secret(instance_path)
    return config


def _instance_secret(instance_path: Path) -> str:
    """Read the instance secret, creating it (mode 0600) on first run."""
    path = instance_path / "secret.json"
    instance_path.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            json.dump({"SECRET_KEY": secrets.token_hex(32)}, fh)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.link(tmp, path)  # atomic create-if-absent: a racing process keeps the first key
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return json.loads(path.read_text())["SECRET_KEY"]
