"""Sending the messages over SMTP, as configured: STARTTLS before any login (the password never
crosses the wire in clear), one connection for the whole batch, and a refused recipient costs
that message only."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage

from pipeline.config import Settings


class MailServerError(RuntimeError):
    """The mail server cannot be reached or refused us: nothing more can be sent tonight."""


@contextmanager
def mail_server(settings: Settings) -> Iterator[smtplib.SMTP]:
    """A connection to the configured server, upgraded with STARTTLS and logged in."""
    if not settings.smtp_host:
        raise MailServerError("SMTP_HOST is not set: there is no mail server to send through")
    where = f"{settings.smtp_host}:{settings.smtp_port}"
    try:
        server = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout)
    except OSError as error:
        raise MailServerError(f"cannot reach the mail server {where}: {error}") from None
    try:
        if settings.smtp_starttls:
            context = ssl.create_default_context(cafile=settings.smtp_ca_file)
            server.starttls(context=context)
        if settings.smtp_user:
            server.login(settings.smtp_user, settings.secret("smtp_password"))
        yield server
    except smtplib.SMTPNotSupportedError:
        raise MailServerError(f"the mail server {where} does not offer STARTTLS") from None
    except smtplib.SMTPAuthenticationError as error:
        raise MailServerError(
            f"the mail server {where} refused the login of SMTP_USER {settings.smtp_user!r}: "
            f"{error.smtp_code}"
        ) from None
    except (ssl.SSLError, smtplib.SMTPException, OSError) as error:
        raise MailServerError(f"the mail server {where}: {error}") from None
    finally:
        try:
            server.quit()
        except (smtplib.SMTPException, OSError):
            server.close()


def send(server: smtplib.SMTP, message: EmailMessage) -> str | None:
    """Send one message; the reason it was refused, or None when it went."""
    try:
        refused = server.send_message(message)
    except smtplib.SMTPRecipientsRefused as error:
        return "; ".join(
            f"{code} {text.decode(errors='replace')}" for code, text in error.recipients.values()
        )
    except (smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as error:
        return f"{error.smtp_code} {error.smtp_error.decode(errors='replace')}"
    if refused:
        return "; ".join(
            f"{code} {text.decode(errors='replace')}" for code, text in refused.values()
        )
    return None
