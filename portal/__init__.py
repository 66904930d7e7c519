"""Complaints and customer-conduct portal for UK social-housing landlords."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Mapping

from flask import Flask


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: configuration, resources, then blueprints."""
    from portal import accounts, cli, config, data, dispatch, mail, pages, security
    from portal.auth import bp as auth_bp
    from portal.errors import bp as errors_bp
    from portal.staff import bp as staff_bp
    from portal.tenant import bp as tenant_bp

    app = Flask(__name__, instance_relative_config=True,
                instance_path=os.environ.get("PORTAL_INSTANCE_PATH") or None)
    app.config.update(config.load_config(Path(app.instance_path), os.environ, test_config))
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.autoescape = True

    data.init_app(app)
    mail.init_app(app)
    accounts.init_app(app)
    security.init_app(app)
    pages.init_app(app)
    cli.init_app(app)

    if not app.testing:
        app.before_request(lambda: dispatch.start_background_sender(app) and None)

    app.register_blueprint(auth_bp)
    app.register_blueprint(errors_bp)
    app.register_blueprint(tenant_bp)
    app.register_blueprint(staff_bp, url_prefix="/staff")
    return app
