"""Starting real servers for tests and benchmarks: a free port, and waiting until one answers."""

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
