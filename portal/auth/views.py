"""Account views: forms in, redirects out."""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from portal import accounts, mail, store, visitor_complaints
from portal.auth.forms import ChangePasswordForm, EmptyForm, NewPasswordForm, RegisterForm, ResetRequestForm, SignInForm
from portal.clock import now_utc
from portal.data import get_profile, get_store
from portal.security import new_form_secret

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
        email, now = form.email.data.strip().lower(), now_utc()
        wait = accounts.signin_wait(email, request.remote_addr, now)
        if wait:
            minutes = max(1, -(-int((wait - now).total_seconds()) // 60))
            form.email.errors.append(f"Too many attempts to sign in. Wait {minutes} minute(s), then try again.")
            return render_template("auth/sign_in.html", form=form), 429
        record = get_store().users.by_email(email)
        if accounts.check_password(record, form.password.data) and not record.get("disabled"):
            accounts.signin_succeeded(email)
            session.clear()  # a fresh session on sign-in: no fixation
            login_user(accounts.User.from_record(record), remember=form.remember.data)
            new_form_secret()
            return redirect(safe_next(request.args.get("next"), home_for(current_user)))
        accounts.signin_failed(email, request.remote_addr, now, record)
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
    """The same answer whether or not the email has an account: the email says which it was."""
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = RegisterForm()
    if form.validate_on_submit():
        email, now, profile = form.email.data.strip().lower(), now_utc(), get_profile()
        existing = get_store().users.by_email(email)
        if existing and not accounts.can_adopt(existing):
            mail.queue("register_exists", to=email, key=f"register-exists:{existing['id']}:{now.isoformat()}",
                       name=existing.get("name", ""), profile=profile, link=mail.external_url("auth.sign_in"))
        else:
            token = accounts.new_registration({
                "kind": form.kind.data, "email": email, "name": form.name.data.strip(),
                "password": form.password.data, "landlord": profile.slug,
                "customer_ref": (form.customer_ref.data or "").strip()}, now)
            mail.queue("register_confirm", to=email, key=f"register:{hash_key(token)}", secret=True,
                       name=form.name.data.strip(), profile=profile,
                       hours=current_app.config["REGISTER_LINK_HOURS"],
                       link=mail.external_url("auth.confirm_registration", token=token))
        return render_template("auth/check_email.html",
                               what="To finish creating your account, use the link in the email.")
    return render_template("auth/register.html", form=form)


@bp.route("/register/<token>")
def confirm_registration(token: str):
    """The emailed link: the address is confirmed, so the account is made and signed in."""
    pending = accounts.use_registration(token, now_utc())
    if pending is None:
        return render_template("auth/reset_invalid.html"), 404
    try:
        user_id = accounts.create_user(email_confirmed=True, **pending)
    except store.Duplicate:
        user_id = accounts.adopt_record(pending) if pending.get("kind") == "tenant" else None
        if user_id is None:
            flash("That email address already has an account. Sign in, or reset your password.", "info")
            return redirect(url_for("auth.sign_in"))
        joined = visitor_complaints.join_account(user_id, now_utc())
        if joined:
            flash(f"Your complaint{'s' if len(joined) > 1 else ''} {', '.join(joined)} "
                  f"{'are' if len(joined) > 1 else 'is'} now in your account.", "info")
    session.clear()
    login_user(accounts.User.from_record(get_store().users.get(user_id)))
    new_form_secret()
    flash("Your email address is confirmed and your account is ready.", "success")
    return redirect(home_for(current_user))


@bp.route("/confirm-email/<token>")
def confirm_email(token: str):
    """The emailed link that confirms a new address, so news may be sent to it."""
    if not accounts.confirm_email(token, now_utc()):
        return render_template("auth/reset_invalid.html"), 404
    return render_template("auth/email_confirmed.html")


@bp.route("/reset", methods=["GET", "POST"])
def reset_request():
    """A reset link goes only to the account's own inbox; the page says the same either way."""
    form = ResetRequestForm()
    if form.validate_on_submit():
        record = get_store().users.by_email(form.email.data.strip().lower())
        if record and not record.get("disabled") and record.get("password_hash"):
            token = accounts.new_reset_token(record["id"], now_utc())
            mail.queue("reset", to=record["email"], key=f"reset:{hash_key(token)}", secret=True,
                       name=record.get("name", ""), profile=get_profile(record.get("landlord") or None),
                       minutes=current_app.config["RESET_TOKEN_MINUTES"],
                       link=mail.external_url("auth.reset", token=token))
            current_app.logger.info("Password reset email queued for user %s", record["id"])
        return render_template("auth/check_email.html",
                               what="If an account uses that address, the email has a link to choose a new "
                                    f"password. It works once, for {current_app.config['RESET_TOKEN_MINUTES']} "
                                    "minutes, and asking again cancels it.")
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
            accounts.signin_succeeded(get_store().users.get(user_id)["email"])
            flash("Your password has been changed. Sign in with your new password.", "success")
        return redirect(url_for("auth.sign_in"))
    return render_template("auth/reset.html", form=form)


def hash_key(token: str) -> str:
    """A message key for a token's email that does not hold the token itself."""
    return hashlib.sha256(token.encode()).hexdigest()[:24]


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
