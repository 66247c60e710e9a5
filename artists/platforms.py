"""Which streaming service or shop an address belongs to, by its host name.

A release's links are typed in by editors, often pasted from a label's press mail in a hurry:
a Melon link filed as Genie would send readers to the wrong place under the wrong name. Each
platform lists the host names its pages live on (a host matches its own name and every name
under it: `melon.com` covers `www.melon.com` and `m2.melon.com`), so the admin can name the
platform of an address itself and refuse one that points somewhere else.
"""

from urllib.parse import parse_qsl, urlencode, urlsplit

# Keys are ReleaseLink.Platform values. Share and short-link hosts are listed beside the main
# ones because editors paste what the app's Share button gives them.
HOSTS = {
    "spotify": ("open.spotify.com", "spotify.link"),
    "apple-music": ("music.apple.com", "itunes.apple.com"),
    "youtube-music": ("music.youtube.com",),
    "melon": ("melon.com",),
    "genie": ("genie.co.kr",),
    "bugs": ("bugs.co.kr",),
    "flo": ("music-flo.com", "flomuz.io"),
    "vibe": ("vibe.naver.com",),
    "amazon-music": tuple(
        f"music.amazon.{tld}"
        for tld in ("com", "co.uk", "co.jp", "de", "fr", "it", "es", "ca", "com.au", "in")
    ),
    "deezer": ("deezer.com", "deezer.page.link"),
    "tidal": ("tidal.com",),
    "weverse-shop": ("shop.weverse.io", "weverseshop.io"),
    "ktown4u": ("ktown4u.com",),
    "yes24": ("yes24.com",),
    "aladin": ("aladin.co.kr",),
}

# Query parameters that say who shared a link or which campaign it came from, never which
# page it is: dropped so readers are not tracked as the editor who copied it, and so the
# same page pasted twice is recognised as one address.
SHARING_PARAMETERS = {"si", "fbclid", "gclid", "igshid"}


def host_of(url):
    """The address's host name in lower case, without a trailing dot ("" if there is none)."""
    try:
        return (urlsplit(url).hostname or "").rstrip(".")
    except ValueError:  # a malformed address ("https://[::1") has no host to speak of
        return ""


def on_host(host, domains):
    return any(host == domain or host.endswith("." + domain) for domain in domains)


def platform_of(url):
    """The platform whose hosts serve `url`, or None for an address of no platform we know."""
    host = host_of(url)
    return next((platform for platform, hosts in HOSTS.items() if on_host(host, hosts)), None)


def belongs_to(url, platform):
    """Whether `url` is on one of `platform`'s hosts (a platform without hosts takes any)."""
    hosts = HOSTS.get(platform)
    return hosts is None or on_host(host_of(url), hosts)


def tidy_url(url):
    """`url` with its host in lower case and its sharing and campaign parameters dropped."""
    parts = urlsplit(url)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(name, value) for name, value in pairs if not _sharing(name)]
    query = parts.query if len(kept) == len(pairs) else urlencode(kept)  # as typed if it can
    netloc = parts.netloc.rsplit("@", 1)[-1].lower()  # no user:password@ before the host
    return parts._replace(netloc=netloc, query=query).geturl()


def _sharing(name):
    name = name.lower()
    return name in SHARING_PARAMETERS or name.startswith("utm_")
