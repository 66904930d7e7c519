"""Account views: forms in, redirects out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from portal import accounts, store
from portal.auth.forms import ChangePasswordForm, EmptyForm, NewPasswordForm, RegisterForm, ResetRequestForm, SignInForm
from portal.clock import now_utc
from portal.data import get_profile, get_store

bp = Blueprint("auth", __name__)


def safe_next(target: str | None, default: str) -> str:
    """A same-site path to go to after sign-in, never another host or scheme."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target


def home_for(user) -> str:
    """Where a signed-in person lands."""
    return url_for("staff.queues") if user.is_staff else url_for("tenant.complaints")


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = SignInForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        keys = (f"email:{email}", f"ip:{request.remote_addr}")
        limiter = get_store().signins
        cfg = current_app.config
        if limiter.blocked(keys, cfg["SIGNIN_ATTEMPTS"], cfg["SIGNIN_WINDOW_SECONDS"]):
            form.email.errors.append("Too many attempts to sign in. Wait 5 minutes, then try again.")
            return render_template("auth/sign_in.html", form=form), 429
        record = get_store().users.by_email(email)
        if accounts.check_password(record, form.password.data) and not record.get("disabled"):
            limiter.succeeded(keys)
            session.clear()  # a fresh session on sign-in: no fixation
            login_user(accounts.User.from_record(record), remember=form.remember.data)
            return redirect(safe_next(request.args.get("next"), home_for(current_user)))
        limiter.failed(keys)
        form.password.errors.append("The email address or password is not right")
    return render_template("auth/sign_in.html", form=form)


@bp.route("/sign-out", methods=["POST"])
@login_required
def sign_out():
    if EmptyForm().validate_on_submit():
        accounts.end_sessions(current_user.id)
        logout_user()
        session.clear()
        flash("You have signed out.", "success")
    return redirect(url_for("auth.sign_in"))


@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user_id = accounts.create_user(
                kind=form.kind.data, email=form.email.data, name=form.name.data,
                password=form.password.data, landlord=get_profile().slug,
                customer_ref=(form.customer_ref.data or "").strip(),
            )
        except store.Duplicate:
            form.email.errors.append("An account already uses this email address. Sign in, or reset your password.")
        else:
            session.clear()
            login_user(accounts.User.from_record(get_store().users.get(user_id)))
            flash("Your account is ready.", "success")
            return redirect(home_for(current_user))
    return render_template("auth/register.html", form=form)


@bp.route("/reset", methods=["GET", "POST"])
def reset_request():
    form = ResetRequestForm()
    link = None
    if form.validate_on_submit():
        record = get_store().users.by_email(form.email.data.strip().lower())
        if record and not record.get("disabled"):
            token = accounts.new_reset_token(record["id"], now_utc())
            link = url_for("auth.reset", token=token, _external=True)
            current_app.logger.warning("Password reset link for user %s: %s", record["id"], link)
        if not current_app.config["SHOW_RESET_LINK"]:
            link = None
        return render_template("auth/reset_sent.html", link=link)
    return render_template("auth/reset_request.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset(token: str):
    if not accounts.peek_reset_token(token, now_utc()):
        return render_template("auth/reset_invalid.html"), 404
    form = NewPasswordForm()
    if form.validate_on_submit():
        user_id = accounts.use_reset_token(token, now_utc())
        if user_id:
            accounts.change_password(user_id, form.password.data, how="Password reset with an emailed link")
            flash("Your password has been changed. Sign in with your new password.", "success")
        return redirect(url_for("auth.sign_in"))
    return render_template("auth/reset.html", form=form)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        record = get_store().users.get(current_user.id)
        if not accounts.check_password(record, form.current.data):
            form.current.errors.append("Your current password is not right")
        else:
            accounts.change_password(current_user.id, form.password.data)
            logout_user()
            session.clear()
            flash("Your password has been changed and you have been signed out everywhere. Sign in again.", "success")
            return redirect(url_for("auth.sign_in"))
    return render_template("auth/change_password.html", form=form)
