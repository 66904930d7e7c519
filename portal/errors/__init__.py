"""Error pages in plain English, never a stack trace."""

from portal.errors.views import bp

__all__ = ["bp"]
