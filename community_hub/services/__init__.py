"""Every business rule, as plain functions taking a Session and an Actor. No reflex here."""
