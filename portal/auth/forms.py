"""Forms for accounts: they check the shape of input; the views check the rules."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, RadioField, StringField
from wtforms.validators import Email, EqualTo, InputRequired, Length, Optional
from portal.choices import options

PASSWORD_RULES = [
    InputRequired("Enter a password"),
    Length(min=12, max=128, message="Your password must be between 12 and 128 characters"),
]


class SignInForm(FlaskForm):
    email = EmailField("Email address", validators=[InputRequired("Enter your email address"), Length(max=254)])
    password = PasswordField("Password", validators=[InputRequired("Enter your password"), Length(max=128)])
    remember = BooleanField("Keep me signed in on this device for 14 days")


class RegisterForm(FlaskForm):
    kind = RadioField(
        "Who are you?",
        choices=options([("tenant", "I am a tenant or customer"),
                 ("advocate", "I act for a tenant (an adviser, relative, carer or MP's office)")]),
        default="tenant", validators=[InputRequired("Select who you are")],
    )
    name = StringField("Full name", validators=[InputRequired("Enter your full name"), Length(max=120)])
    email = EmailField("Email address", validators=[
        InputRequired("Enter your email address"), Email("Enter an email address like name@example.com"),
        Length(max=254)])
    customer_ref = StringField("Tenancy or customer reference (optional)", validators=[Optional(), Length(max=40)])
    password = PasswordField("Create a password", validators=PASSWORD_RULES)
    confirm = PasswordField("Type the password again", validators=[
        InputRequired("Type the password again"), EqualTo("password", "The passwords do not match")])


class ResetRequestForm(FlaskForm):
    email = EmailField("Email address", validators=[InputRequired("Enter your email address"), Length(max=254)])


class NewPasswordForm(FlaskForm):
    password = PasswordField("New password", validators=PASSWORD_RULES)
    confirm = PasswordField("Type the new password again", validators=[
        InputRequired("Type the new password again"), EqualTo("password", "The passwords do not match")])


class ChangePasswordForm(NewPasswordForm):
    current = PasswordField("Current password", validators=[InputRequired("Enter your current password")])


class EmptyForm(FlaskForm):
    """A button-only POST still carries a CSRF token."""
