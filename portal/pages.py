"""Public pages: the start page, and the policy site that build.py writes, served as static files."""

from __future__ import annotations

from pathlib import Path

from flask import (
    Flask, abort, current_app, has_request_context, redirect, render_template, request, send_from_directory, url_for,
)
from flask_login import current_user

from portal.data import get_profile, store_problems


class FixedLinks(dict):
    """Addresses that take no arguments, each built once: `links['home']`, `links['static:portal.css']`.

    Every page's header and footer need a dozen of them, and a template's url_for costs ~5 µs each.
    """

    def __missing__(self, name: str) -> str:
        endpoint, _, filename = name.partition(":")
        url = self[name] = url_for(endpoint, filename=filename) if filename else url_for(endpoint)
        return url


def fixed_links() -> FixedLinks:
    """This app's fixed addresses under the script root the request came in on."""
    by_root = current_app.extensions.setdefault("fixed_links", {})
    links = by_root.get(request.script_root)
    if links is None:
        links = by_root.setdefault(request.script_root, FixedLinks())
    return links


def init_app(app: Flask) -> None:
    """Register the start page, the policy pages and the template globals."""

    @app.context_processor
    def landlord_globals():
        return {"landlord": get_profile(), "links": fixed_links()} if has_request_context() else \
            {"landlord": get_profile()}

    @app.route("/")
    def home():
        if current_user.is_authenticated:
            return redirect(url_for("staff.queues" if current_user.is_staff else "tenant.complaints"))
        return render_template("home.html", title="Make a complaint")

    @app.route("/healthz")
    def healthz():
        """Liveness for a load balancer: the app answers and the store is whole (503 with the reason if not)."""
        problems = store_problems()
        headers = {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}
        if problems:
            return "store damaged: " + "; ".join(problems) + "\n", 503, headers
        return "ok", 200, headers

    @app.route("/policies/")
    def policies():
        """Our policies: links into the built site (standard and Easy Read)."""
        slug = get_profile().slug
        if not (Path(app.config["SITE_DIR"]) / slug / "index.html").exists():
            return render_template("policies_missing.html", title="Our policies"), 503
        return redirect(url_for("site_file", path=f"{slug}/index.html"))

    @app.route("/site/<path:path>")
    def site_file(path: str):
        """A file of the built policy site (HTML, PDF, pictures, CSS)."""
        site = Path(app.config["SITE_DIR"])
        if not site.is_dir():
            abort(404)
        return send_from_directory(site, path)
