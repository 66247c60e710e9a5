"""Gunicorn settings: `gunicorn -c python:newsroom.gunicorn newsroom.wsgi`.

Sync workers suit a server-rendered site whose pages take milliseconds; a slow client is the
reverse proxy's job. Everything can be changed with the environment."""

import multiprocessing
import os

# A web request's query is cut off after 5 s (settings), so no query can hold every worker.
if not os.environ.get("DB_STATEMENT_TIMEOUT_MS"):
    os.environ["DB_STATEMENT_TIMEOUT_MS"] = "5000"

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# Load the app once before forking: workers start fast and share memory.
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
keepalive = 5
# Recycle workers now and then, so a slow leak never becomes an outage; not so often that
# a busy worker loses its copies of pages and cards every few seconds (at 1,000 pages a
# second, 10,000 requests lasted 10 s).
max_requests = 200_000
max_requests_jitter = 20_000
accesslog = os.environ.get("ACCESS_LOG") or None
errorlog = "-"
