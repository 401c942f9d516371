"""A small load generator for the submissions benchmark: many clients on one event loop,
each its own browser (keep-alive connection, session cookie), talking HTTP/1.1 to a
server on 127.0.0.1. Only what a practitioner's browser does: GET a page, POST a form,
read the redirect. It measures each request from sending to the last byte read."""

from __future__ import annotations

import asyncio
import re
import time
import urllib.parse
from dataclasses import dataclass, field

CSRF = re.compile(rb'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


class ProtocolError(Exception):
    pass


@dataclass
class Sample:
    kind: str
    seconds: float
    ok: bool
    finished: float  # time.perf_counter() when the response was read


@dataclass
class Log:
    """Every request's kind, time and outcome, and what went wrong."""

    samples: list[Sample] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    completed: int = 0  # whole journeys (for submissions: answers sent and confirmed)
    # Requests finished within the timed window, while every client was running.
    requests_in_window: int = 0

    def add(self, kind: str, seconds: float, ok: bool) -> None:
        self.samples.append(Sample(kind, seconds, ok, time.perf_counter()))


class Browser:
    """One client: a keep-alive connection and the cookies the server set."""

    def __init__(self, host: str, port: int, log: Log):
        self.host, self.port, self.log = host, port, log
        self.cookies: dict[str, str] = {}
        self.reader = self.writer = None

    async def _connect(self):
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    async def close(self):
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except (ConnectionError, OSError):
                pass
            self.writer = None

    async def request(
        self, kind: str, method: str, path: str, form: dict | None = None, expect: tuple[int, ...] = (200,)
    ) -> tuple[int, dict, bytes]:
        body = urllib.parse.urlencode(form or {}, doseq=True).encode() if method == "POST" else b""
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: {self.host}:{self.port}",
            "Connection: keep-alive",
            "User-Agent: healthcheck-benchmark",
        ]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{name}={value}" for name, value in self.cookies.items()))
        if method == "POST":
            lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
        message = ("\r\n".join(lines) + "\r\n\r\n").encode() + body
        started = time.perf_counter()
        try:
            for attempt in (1, 2):
                if self.writer is None:
                    await self._connect()
                try:
                    self.writer.write(message)
                    await self.writer.drain()
                    status, headers, content = await self._response()
                    break
                except (ConnectionError, asyncio.IncompleteReadError) as error:
                    # The server may close an idle keep-alive connection as we send: reconnect once,
                    # and only for a GET (a POST might have been applied).
                    await self.close()
                    if attempt == 2 or method != "GET":
                        raise ProtocolError(f"{method} {path}: connection lost ({error!r})") from None
        except (ProtocolError, OSError) as error:
            self.log.add(kind, time.perf_counter() - started, False)
            raise ProtocolError(str(error)) from None
        seconds = time.perf_counter() - started
        ok = status in expect
        self.log.add(kind, seconds, ok)
        if not ok:
            raise ProtocolError(f"{method} {path}: status {status}, expected {expect}: {content[:200]!r}")
        return status, headers, content

    async def _response(self) -> tuple[int, dict, bytes]:
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split(" ", 2)[1])
        headers: dict[str, str] = {}
        for line in header_lines:
            if not line:
                continue
            name, _, value = line.partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "set-cookie":
                self._set_cookie(value)
            headers[name] = value
        if headers.get("transfer-encoding", "").lower() == "chunked":
            content = b""
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).strip().split(b";")[0], 16)
                chunk = await self.reader.readexactly(size + 2)
                if size == 0:
                    break
                content += chunk[:-2]
        else:
            content = await self.reader.readexactly(int(headers.get("content-length", "0")))
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return status, headers, content

    def _set_cookie(self, value: str) -> None:
        pair = value.split(";", 1)[0]
        name, _, cookie = pair.partition("=")
        expired = "expires=thu, 01 jan 1970" in value.lower() or "max-age=0" in value.lower()
        if expired or not cookie:
            self.cookies.pop(name.strip(), None)
        else:
            self.cookies[name.strip()] = cookie.strip()


def csrf_token(content: bytes) -> str:
    match = CSRF.search(content)
    if match is None:
        raise ProtocolError("no CSRF token in the page")
    return (match.group(1) or match.group(2)).decode()


async def drive(clients: int, seconds: float, max_requests: int, journey, host: str, port: int) -> tuple[Log, float]:
    """Run `clients` clients, each repeating journey(browser, log) for `seconds` (or until
    `max_requests` were made); returns the log and the seconds of that window.

    Journeys under way when the window closes are finished (every submission confirmed is
    checked as stored) but are not counted in log.requests_in_window: while they finish,
    fewer clients than `clients` are running, so rates are taken over the window alone."""
    log = Log()
    started = time.perf_counter()
    deadline = started + seconds

    async def client(index: int):
        browser = Browser(host, port, log)
        try:
            while time.perf_counter() < deadline and len(log.samples) < max_requests:
                try:
                    await journey(browser, index)
                    log.completed += 1
                except ProtocolError as error:
                    log.problems.append(str(error))
                    await browser.close()
                    browser = Browser(host, port, log)
        finally:
            await browser.close()

    await asyncio.gather(*(client(index) for index in range(clients)))
    window = min(deadline, max(sample.finished for sample in log.samples)) - started if log.samples else seconds
    log.requests_in_window = sum(1 for sample in log.samples if sample.finished <= started + window)
    return log, window


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]
