"""The pure core: profiles, calendar, complaints, conduct, roles. No Flask, TinyDB or WeasyPrint."""
