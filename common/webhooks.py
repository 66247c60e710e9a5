"""Messages to a chat channel through an incoming webhook (Slack or Discord): one JSON POST
with a timeout. The caller decides what a failure means; nothing here retries."""

import json
import urllib.error
import urllib.request
from urllib.parse import urlsplit


class WebhookError(Exception):
    pass


def payload(url, text):
    """Discord reads `content`; Slack (and the many services that copy its format) `text`."""
    host = urlsplit(url).hostname or ""
    return {"content": text} if host.endswith(("discord.com", "discordapp.com")) else {"text": text}


def post(url, text, timeout):
    """Send `text` to the webhook at `url`; raises WebhookError when it is not accepted."""
    body = json.dumps(payload(url, text)).encode()
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            if response.status >= 300:
                raise WebhookError(f"answered {response.status}")
    except (OSError, urllib.error.URLError) as error:  # refused, timed out, 4xx/5xx
        raise WebhookError(str(error)) from error
