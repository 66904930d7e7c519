"""Sign in, register, sign out, reset a password."""

from portal.auth.views import bp

__all__ = ["bp"]
