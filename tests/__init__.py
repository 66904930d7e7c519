"""The test suite (a package, so `tests.conftest` cannot be shadowed by another distribution's `tests`)."""
