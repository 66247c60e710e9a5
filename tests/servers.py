"""Starting real servers for tests and benchmarks: a free port, and waiting until one answers."""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url, opener=None, data=None, headers=None):
    """(status, body as bytes) of one request to a real server, without raising on an error
    status. `url` may be a prepared urllib Request."""
    request = url
    if not isinstance(url, urllib.request.Request):
        request = urllib.request.Request(url, data, headers or {})
    try:
        with (opener or urllib.request.build_opener()).open(request, timeout=15) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_until_up(url, process, seconds=15):
    """Return once `url` answers at all (any status); fail with the server's own error output
    if `process` dies or nothing answers in time."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(process.stderr.read().decode()[-3000:])
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


class Gunicorn:
    """gunicorn with the project's configuration (newsroom/gunicorn.py), in the background on a
    free port, from entering the block until leaving it."""

    def __init__(self, env, app="newsroom.wsgi", workers=2):
        self.port = free_port()
        self.env = {**env, "HOST": "127.0.0.1", "PORT": str(self.port)}
        self.env["WEB_CONCURRENCY"] = str(workers)
        self.app = app

    def __enter__(self):
        command = [GUNICORN, "-c", "python:newsroom.gunicorn", self.app]
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        wait_until_up(f"{self.url}/robots.txt", self.process)
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"


class RedisServer:
    """A Redis server of the test's own on a free port, which the test may kill and start
    again (the machine's Redis is never touched). Nothing is saved to disk."""

    def __init__(self):
        self.port = free_port()
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def kill(self):
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.kill()


class Proxy:
    """A TCP proxy to 127.0.0.1:`target`, to play a network in trouble between the site and
    a service. `mode` may be changed at any time:
    - "pass": bytes flow both ways;
    - "refuse": every connection, open or new, is closed at once (a service that is down);
    - "hang": new connections are accepted and never answered, and open ones stop carrying
      bytes (a service or network that stops answering)."""

    def __init__(self, target):
        import threading

        self.target = target
        self.mode = "pass"
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.sockets = set()
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def set(self, mode):
        self.mode = mode
        if mode == "refuse":
            with self.lock:
                for sock in list(self.sockets):
                    self._close(sock)

    def _close(self, sock):
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()
        self.sockets.discard(sock)

    def _accept(self):
        import threading

        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return  # closed
            with self.lock:
                self.sockets.add(client)
            if self.mode == "refuse":
                with self.lock:
                    self._close(client)
                continue
            if self.mode == "hang":
                continue  # held open, never answered
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target), timeout=2)
            except OSError:
                with self.lock:
                    self._close(client)
                continue
            upstream.settimeout(None)
            with self.lock:
                self.sockets.add(upstream)
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source, sink):
        try:
            while data := source.recv(65536):
                while self.mode == "hang":  # the bytes go nowhere for as long as it lasts
                    time.sleep(0.05)
                if self.mode == "refuse":
                    break
                sink.sendall(data)
        except OSError:
            pass
        with self.lock:
            self._close(source)
            self._close(sink)

    def close(self):
        self.server.close()
        with self.lock:
            for sock in list(self.sockets):
                self._close(sock)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def production_env(work, **settings):
    """The environment of an app server run as in production (DEBUG off, hashed static
    files collected into `work`), with `settings` on top."""
    env = {
        **os.environ,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(Path(work) / "static"),
        "PAGE_CACHE_SECONDS": "300",
        **settings,
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return env


class SMTPServer:
    """A real SMTP server on 127.0.0.1 (aiosmtpd) keeping every message it receives, from
    entering the block until leaving it."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.messages = []  # (envelope sender, [recipients], email.message.Message)
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
        import email

        message = email.message_from_bytes(envelope.content)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 OK"

    def settings(self):
        """Django settings that send through this server."""
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": self.port,
            "EMAIL_USE_TLS": False,
            "EMAIL_TIMEOUT": 5,
        }

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


class WebhookReceiver:
    """An incoming-webhook endpoint on 127.0.0.1 keeping every JSON body posted to it; answers
    `status` (set it to 500 to play a chat service that is down)."""

    def __init__(self, status=200):
        import http.server
        import json
        import threading

        receiver = self
        self.status, self.received = status, []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                receiver.received.append(json.loads(self.rfile.read(length) or b"{}"))
                self.send_response(receiver.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
