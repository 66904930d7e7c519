"""Documents: Markdown + Jinja -> HTML -> PDF, shared by build.py and the letters."""
