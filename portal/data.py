"""The app's resources: the store (opened once per process) and the landlord profiles."""

from __future__ import annotations

import gc
from pathlib import Path

import click
from flask import Flask, current_app, g, has_request_context, request

from portal.domain.profile import Profile, load_profiles
from portal.projections import projection_version, require_fresh
from portal.store import Damaged, SchemaOutdated, Store, open_store


def init_app(app: Flask) -> None:
    """Open the store and load the profiles; close the store when the process exits."""
    profiles = load_profiles(Path(app.config["CONTENT_DIR"]) / "landlords")
    if app.config["LANDLORD"] not in profiles:
        raise ValueError(f"LANDLORD {app.config['LANDLORD']!r} has no profile; choose one of {', '.join(profiles)}")
    app.extensions["profiles"] = profiles
    app.extensions["projection_versions"] = {slug: projection_version(p) for slug, p in profiles.items()}
    try:
        store = open_store(app.config["DATA_DIR"], app.config["DATABASE_URL"],
                           cache_shards=app.config["STORE_CACHE_SHARDS"])
        if hasattr(store, "warm"):  # the embedded store builds its in-memory indexes now, not on a request
            store.warm()
            gc.freeze()  # they live as long as the process: keep the collector from walking them
        app.extensions["store"] = store
    except SchemaOutdated as exc:
        if click.get_current_context(silent=True) is None:
            raise  # a server refuses to start on a schema older than its code
        app.extensions["store"] = None  # the CLI still starts, so `store migrate` can run
        app.extensions["store_damage"] = str(exc)
    except Damaged as exc:  # the app still starts, to say so on /healthz and on every page
        app.logger.error("the store is damaged: %s", exc)
        app.extensions["store"] = None
        app.extensions["store_damage"] = str(exc)
    app.before_request(_refuse_a_damaged_store)


def _refuse_a_damaged_store() -> None:
    """Every page but /healthz and the policy site stops at a damaged store: nothing is read wrong or written."""
    if request.endpoint in ("healthz", "static", "site_file", "policies"):
        return
    problems = store_problems()
    if problems:
        raise Damaged("; ".join(problems))


def get_store() -> Store:
    """The process-wide store (thread-safe, durable); Damaged (or SchemaOutdated) when it could not be opened."""
    store = current_app.extensions["store"]
    if store is None:
        raise Damaged(current_app.extensions["store_damage"])
    return store


def store_problems() -> list[str]:
    """What is wrong with the store now (empty when nothing is), for /healthz."""
    store = current_app.extensions["store"]
    return [current_app.extensions["store_damage"]] if store is None else store.health()


def get_profile(slug: str | None = None) -> Profile:
    """A landlord's profile; the configured default when no slug is given."""
    return current_app.extensions["profiles"][slug or current_app.config["LANDLORD"]]


def all_profiles() -> dict[str, Profile]:
    """Every loaded profile, by slug."""
    return current_app.extensions["profiles"]


def row_version(slug: str) -> str:
    """The profile and calendar version new summary rows of a landlord are computed with."""
    return current_app.extensions["projection_versions"][slug]


def fresh_store(slug: str) -> Store:
    """The store, once its summary rows for this landlord are known to be current (else StaleProjections);
    checked once a request, however many lists the page reads."""
    store = get_store()
    checked = g.setdefault("fresh_landlords", set()) if has_request_context() else set()
    if slug not in checked:
        require_fresh(store, slug, row_version(slug))
        checked.add(slug)
    return store
