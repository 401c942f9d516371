"""A real SMTP server on 127.0.0.1 for the tests, started and stopped by them: it keeps every
message it accepts, and can be told to refuse an address or to fail after so many messages."""

import email
import email.policy
import re
import socket
import threading

from aiosmtpd.controller import Controller


class Sink:
    """What the server received; `fail_after` makes it fail each message past that many
    (a mail server going wrong part-way), `refuse` lists addresses it will not take."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.fail_after: int | None = None
        self.refuse: set[str] = set()
        self._lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refuse:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            if self.fail_after is not None and len(self.messages) >= self.fail_after:
                return "451 4.3.0 Something went wrong here; try again later"
            self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted"

    def to(self, address: str) -> list:
        return [message for message in self.messages if message["To"] == address]

    def recipients(self) -> list[str]:
        return [message["To"] for message in self.messages]

    @staticmethod
    def link(message) -> str:
        """The survey link in a message, as the path after the host."""
        found = re.search(r"https?://[^/\s]+(/survey/\S+/invitation/\S+)", message.get_content())
        assert found, message.get_content()
        return found.group(1)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LocalSMTPServer:
    def __init__(self):
        self.sink = Sink()
        self.port = free_port()
        self.controller = Controller(self.sink, hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"
