"""A local oEmbed provider for every platform the site embeds, and the platforms' scripts, on
127.0.0.1 in a thread: tests never ask the real ones.

    with FakeOembed() as fake, fake.settings():
        ...  # OEMBED_PROVIDERS point every platform's endpoint, script and frames at it
        fake.answer("https://x.com/a/status/1", status=404)   # a deleted post
        fake.answer(link, delay=2)                             # a provider too slow
        fake.stop()                                            # a provider down
        fake.asked("/widgets.js")                              # who asked for X's script

By default it answers every post as its platform would (a block quote for X, Instagram,
Threads and TikTok, a player frame on its own address for SoundCloud and Spotify). Every
request is recorded (`requests`, `asked`), scripts included: a browser test can tell whether
a page asked for X's widgets.js before or after the reader pressed "Load".
"""

import contextlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, urlsplit

from django.test import override_settings

from tests.servers import free_port

PLATFORMS = ("x", "instagram", "threads", "tiktok", "soundcloud", "spotify")
SCRIPTS = {
    "x": "/widgets.js",
    "instagram": "/instagram/embed.js",
    "threads": "/threads/embed.js",
    "tiktok": "/tiktok/embed.js",
}
# What each fake script does once it runs: it marks the page and every post it finds, so a
# browser test can see it ran (and which posts it saw).
SCRIPT = """(function () {
  var root = document.documentElement;
  root.dataset.fakeEmbedScript = String(Number(root.dataset.fakeEmbedScript || 0) + 1);
  function mark(node) {
    (node || document).querySelectorAll("blockquote").forEach(function (quote) {
      quote.dataset.renderedBy = "fake-script";
    });
  }
  mark();
  window.twttr = {widgets: {load: mark}};
  window.instgrm = {Embeds: {process: function () { mark(); }}};
})();
"""
AUTHOR = "Fake Artist"
AUTHOR_URL = "https://fake.example/fakeartist"
WORDS = "Thank you for waiting, the new single is out tonight"


class FakeOembed:
    def __init__(self):
        self.port = free_port()
        self.requests = []  # (path, {query parameter: value})
        self.answers = {}  # link: (status, body or None, delay in seconds)
        self._server = None

    # The server

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def start(self):
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), _handler(self))
        self._server.daemon_threads = True
        self._server.block_on_close = False  # a slow answer being sent never holds a test
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        """Stop answering: the port refuses connections from now on."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    # What settings point at it

    def providers(self):
        """OEMBED_PROVIDERS with every platform asking this fake and loading its script
        and frames from it."""
        return {
            platform: {
                "endpoint": f"{self.url}/oembed/{platform}",
                "script": f"{self.url}{SCRIPTS[platform]}" if platform in SCRIPTS else "",
                "frames": [self.url],
                "params": {"omit_script": "1"} if platform == "x" else {},
            }
            for platform in PLATFORMS
        }

    def settings(self, timeout=2):
        """A settings override (a context manager or decorator) pointing the providers at
        this fake, with a short timeout."""
        return override_settings(OEMBED_PROVIDERS=self.providers(), OEMBED_TIMEOUT=timeout)

    # What it answers

    def answer(self, link, status=200, body=None, delay=0):
        """Answer `link` with `status` and `body` (a dict is sent as JSON; None: the
        platform's usual answer) after `delay` seconds."""
        self.answers[link] = (status, body, delay)

    def asked(self, path):
        """The requests made for `path` ("/widgets.js", "/oembed/x"), in order."""
        return [query for asked_path, query in self.requests if asked_path == path]

    def usual(self, platform, link):
        """What the platform would answer for a public post at `link`."""
        if platform in ("soundcloud", "spotify"):
            player = f"{self.url}/player/{platform}?url={quote(link, safe='')}"
            return {
                "version": "1.0",
                "type": "rich",
                "title": f"{WORDS} ({platform})",
                "author_name": AUTHOR,
                "author_url": AUTHOR_URL,
                "thumbnail_url": f"{self.url}/thumbnails/{platform}.jpg",
                "html": f'<iframe width="100%" height="166" src="{player}" '
                'allow="autoplay; encrypted-media; camera" style="border:0"></iframe>',
            }
        quote_class = {
            "x": "twitter-tweet",
            "instagram": "instagram-media",
            "threads": "text-post-media",
            "tiktok": "tiktok-embed",
        }[platform]
        html = (
            f'<blockquote class="{quote_class}" cite="{link}" style="max-width:550px">'
            f'<p lang="en" dir="ltr">{WORDS}</p>&mdash; {AUTHOR} '
            f'<a href="{link}">1 May 2026</a></blockquote>'
        )
        if platform != "x":  # X alone leaves its script out when asked (omit_script)
            html += f'\n<script async src="{self.url}{SCRIPTS[platform]}"></script>'
        answer = {"version": "1.0", "type": "rich", "html": html, "author_name": AUTHOR}
        answer["author_url"] = AUTHOR_URL
        if platform == "tiktok":
            answer["title"] = WORDS
            answer["thumbnail_url"] = f"{self.url}/thumbnails/tiktok.jpg"
        return answer


def _handler(fake):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            parts = urlsplit(self.path)
            query = {name: values[0] for name, values in parse_qs(parts.query).items()}
            fake.requests.append((parts.path, query))
            if parts.path.endswith(".js"):
                return self._send(200, SCRIPT.encode(), "text/javascript")
            if not parts.path.startswith("/oembed/"):
                return self._send(200, b"<!doctype html><title>Fake player</title>", "text/html")
            platform, link = parts.path.removeprefix("/oembed/"), query.get("url", "")
            status, body, delay = fake.answers.get(link, (200, None, 0))
            if delay:
                time.sleep(delay)
            if status == 200 and body is None:
                body = fake.usual(platform, link)
            if isinstance(body, dict | list):
                body = json.dumps(body)
            payload = (body or "Not Found").encode()
            self._send(status, payload, "application/json")

        def _send(self, status, body, kind):
            with contextlib.suppress(OSError):  # the client gave up waiting: fine
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        def log_message(self, *args):
            pass

    return Handler
