"""A real HTTP server that receives webhooks and checks their signatures with standardwebhooks."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    verified_with: list[str]  # the secrets whose signature verified
    answered: int

    @property
    def payload(self) -> dict[str, Any]:
        return json.loads(self.body)


@dataclass
class Receiver:
    """Answers each POST with the next status in `answers` (then 200), and records it with its
    headers (lower-cased names)."""

    secrets: list[str]
    answers: list[int] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)
    url: str = ""
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def handle(self, headers: dict[str, str], body: bytes) -> int:
        headers = {name.lower(): value for name, value in headers.items()}
        verified = []
        for secret in self.secrets:
            try:
                Webhook(secret).verify(body, headers)
            except WebhookVerificationError:
                continue
            verified.append(secret)
        with self._lock:
            status = self.answers.pop(0) if self.answers else 200
            self.received.append(Received(headers, body, verified, status))
        return status

    def wait_for(self, count: int, timeout: float = 30.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.received) >= count:
                    return list(self.received)
            time.sleep(0.05)
        raise AssertionError(
            f"{len(self.received)} webhooks received within {timeout} s, not {count}"
        )


@contextmanager
def running_receiver(
    secrets: list[str],
    answers: list[int] | None = None,
    *,
    location: str = "",
    reply: bytes = b"ok",
) -> Iterator[Receiver]:
    """`location` is sent with 3xx answers (a redirect); `reply` is every answer's body."""
    receiver = Receiver(secrets=list(secrets), answers=list(answers or []))

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            status = receiver.handle(dict(self.headers.items()), body)
            self.send_response(status)
            if location and 300 <= status < 400:
                self.send_header("Location", location)
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            # The client may read what it wants of a long reply and hang up.
            with suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(reply)

        def log_message(self, format, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/advisor"
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
