"""Abuse controls shared by the HTTPS entry points (rate limits, later the SSRF guard)."""
