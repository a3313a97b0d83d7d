"""The notify tests send to a real SMTP server on loopback (tests/mailserver.py)."""

from tests.mailserver import smtp_server

__all__ = ["smtp_server"]
