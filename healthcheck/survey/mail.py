"""Sending email through the organisation's own mail server, with the standard library.

The server is named by one address, HEALTHCHECK_SMTP_URL:

- ``smtp://user:password@mail.council.example:587`` sends in plain SMTP and switches to TLS
  (STARTTLS) whenever the server offers it;
- ``smtps://user:password@mail.council.example:465`` uses TLS from the first byte.

A user name and password are optional; characters such as ``@`` in them are written
percent-encoded (``%40``). Every failure is a MailError in plain English saying what went
wrong: the server refused the connection, the name or password, TLS, or took too long.
"""

import smtplib
import socket
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid, parseaddr
from urllib.parse import unquote, urlsplit

TIMEOUT_SECONDS = 30


class MailError(Exception):
    """Mail could not be sent; the message says why in plain English."""

    def __init__(self, message: str, refused_address: bool = False):
        super().__init__(message)
        self.message = message
        # True when the server refused this one recipient (others may still be sent).
        self.refused_address = refused_address


@dataclass(frozen=True)
class MailSettings:
    host: str
    port: int
    implicit_tls: bool
    username: str
    password: str
    sender: str

    def describe(self) -> str:
        scheme = "smtps" if self.implicit_tls else "smtp"
        return f"{scheme}://{self.host}:{self.port}"


def settings_from(url: str | None, sender: str | None) -> MailSettings:
    """MailSettings from HEALTHCHECK_SMTP_URL and HEALTHCHECK_MAIL_FROM; MailError when either is unusable."""
    if not (url or "").strip():
        raise MailError("HEALTHCHECK_SMTP_URL is not set: set it to your mail server, like smtp://mail.example:587")
    parts = urlsplit(url.strip())
    if parts.scheme not in ("smtp", "smtps"):
        raise MailError(f"HEALTHCHECK_SMTP_URL must start with smtp:// or smtps://, not {parts.scheme or 'nothing'}://")
    try:
        port = parts.port
    except ValueError:
        raise MailError("HEALTHCHECK_SMTP_URL has a port that is not a number, like :587") from None
    if not parts.hostname:
        raise MailError("HEALTHCHECK_SMTP_URL names no mail server, like smtp://mail.example:587")
    name, address = parseaddr((sender or "").strip())
    if not (sender or "").strip():
        raise MailError("HEALTHCHECK_MAIL_FROM is not set: set it to the address mail comes from")
    if not looks_like_address(address):
        raise MailError(f"HEALTHCHECK_MAIL_FROM is not an email address: {sender!r}")
    implicit = parts.scheme == "smtps"
    return MailSettings(
        host=parts.hostname,
        port=port or (465 if implicit else 587),
        implicit_tls=implicit,
        username=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        sender=formataddr((name, address)) if name else address,
    )


def looks_like_address(text: str) -> bool:
    """A plain check that `text` is one address: something@domain.tld, no spaces, no brackets."""
    if not text or len(text) > 254 or any(ch.isspace() or ch in '<>(),;:"[]\\' for ch in text):
        return False
    local, at, domain = text.rpartition("@")
    labels = domain.split(".")
    return bool(at and local and len(labels) >= 2 and all(labels) and "@" not in local)


def message(settings: MailSettings, to: str, subject: str, body: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = settings.sender
    mail["To"] = to
    mail["Subject"] = subject
    mail["Message-ID"] = make_msgid(domain=parseaddr(settings.sender)[1].rpartition("@")[2] or None)
    mail.set_content(body)
    return mail


class Mailer:
    """One connection to the mail server for many messages: `with Mailer(settings) as mailer`."""

    def __init__(self, settings: MailSettings, timeout: float = TIMEOUT_SECONDS):
        self.settings = settings
        self.timeout = timeout
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self):
        self._connect()
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                self._smtp.close()
            self._smtp = None

    def _connect(self) -> None:
        settings = self.settings
        where = settings.describe()
        context = ssl.create_default_context()
        opened = []
        try:
            try:
                if settings.implicit_tls:
                    smtp = smtplib.SMTP_SSL(settings.host, settings.port, timeout=self.timeout, context=context)
                else:
                    smtp = smtplib.SMTP(settings.host, settings.port, timeout=self.timeout)
                opened.append(smtp)
                if not settings.implicit_tls:
                    smtp.ehlo()
                    if smtp.has_extn("starttls"):
                        smtp.starttls(context=context)
                        smtp.ehlo()
                if settings.username:
                    smtp.login(settings.username, settings.password)
            except BaseException:
                for one in opened:
                    one.close()
                raise
        except smtplib.SMTPAuthenticationError:
            raise MailError(f"The mail server at {where} did not accept the user name and password") from None
        except ssl.SSLError as error:
            raise MailError(f"TLS with the mail server at {where} failed: {error.reason or error}") from None
        except TimeoutError:
            raise MailError(f"The mail server at {where} did not answer within {self.timeout:g} seconds") from None
        except smtplib.SMTPServerDisconnected as error:
            if "timed out" in str(error):  # smtplib's word for a reply that never came
                raise MailError(f"The mail server at {where} did not answer within {self.timeout:g} seconds") from None
            raise MailError(f"The mail server at {where} closed the connection: {error}") from None
        except ConnectionRefusedError:
            raise MailError(f"The mail server at {where} refused the connection: is the address right?") from None
        except socket.gaierror:
            raise MailError(f"There is no mail server called {settings.host}: check HEALTHCHECK_SMTP_URL") from None
        except smtplib.SMTPNotSupportedError:
            raise MailError(f"The mail server at {where} does not offer sign-in; remove the user name") from None
        except (smtplib.SMTPException, OSError) as error:
            raise MailError(f"Could not talk to the mail server at {where}: {error}") from None
        self._smtp = smtp

    def send(self, mail: EmailMessage) -> None:
        """Send one message; MailError if it was not accepted (then it was not sent)."""
        if self._smtp is None:
            self._connect()
        try:
            self._smtp.send_message(mail)
        except smtplib.SMTPRecipientsRefused:
            raise MailError(f"The mail server refused the address {mail['To']}", refused_address=True) from None
        except smtplib.SMTPServerDisconnected:
            # Servers close idle or long-used connections: connect again once and retry.
            self._smtp = None
            self._connect()
            self._send_again(mail)
        except TimeoutError:
            self._smtp = None
            raise MailError(f"The mail server at {self.settings.describe()} stopped answering") from None
        except (smtplib.SMTPException, OSError) as error:
            self._drop()
            raise MailError(f"The mail server did not accept the message to {mail['To']}: {error}") from None

    def _drop(self) -> None:
        """Let go of a connection that went wrong, closing its socket."""
        if self._smtp is not None:
            self._smtp.close()
            self._smtp = None

    def _send_again(self, mail: EmailMessage) -> None:
        try:
            self._smtp.send_message(mail)
        except (smtplib.SMTPException, OSError) as error:
            self._drop()
            raise MailError(f"The mail server did not accept the message to {mail['To']}: {error}") from None


def send_test(settings: MailSettings, to: str) -> None:
    """Send one short message to `to`, checking every setting on the way; MailError says what failed."""
    if not looks_like_address(to):
        raise MailError(f"{to!r} is not an email address")
    with Mailer(settings) as mailer:
        mailer.send(
            message(
                settings,
                to,
                "Social Work Health Check: test message",
                "This message shows the health check can send email with its mail settings.\n",
            )
        )
