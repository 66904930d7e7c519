"""The tenant portal: complaints, letters, stage 2, contact arrangements and advocates."""

from portal.tenant import contact, details, intake, people  # noqa: F401,E402  (each adds its routes to bp)
from portal.tenant.views import bp

__all__ = ["bp"]
