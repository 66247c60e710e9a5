"""The import page's one-time tokens, and its reports kept for the page that follows.

Each import form carries a token, issued when the page is shown and remembered in the
session. The first post to use it imports and is sent on to the report (Post/Redirect/Get);
any later post of the same form (a double click, the browser's "send again") finds it used
and is sent to the same report: one draft per piece, however often the form is sent.

A token is claimed in the cache with `add`, which only one of two posts sent together can
win (with several processes, the shared Redis cache: settings.CACHE_URL); the session alone
could not tell them apart, since both read it before either writes it. The reports wait in
the cache for the page after the redirect; the session keeps the drafts' numbers, so a
report the cache has lost still links to its drafts. With Redis down (each call bounded by
CACHE_TIMEOUT_MS), the session alone guards the form and the report lists the drafts.
"""

import secrets

from django.core.cache import cache
from redis.exceptions import RedisError

ISSUED = "copydesk_import_tokens"  # session: tokens of forms shown and not used yet
USED = "copydesk_imports"  # session: {token: [[input name, draft pk or None], …]}
KEEP = 20  # tokens and imports remembered per session, newest kept
REPORT_SECONDS = 24 * 60 * 60

NEW, USED_ALREADY, UNKNOWN = "new", "used", "unknown"


def _key(token):
    return f"copydesk-import:{token}"


def issue(request):
    """A token for one import form, remembered in the session until used."""
    token = secrets.token_urlsafe(16)
    request.session[ISSUED] = [*request.session.get(ISSUED, [])[-(KEEP - 1) :], token]
    return token


def _cache(method, *args, failed=None):
    """A cache call, or `failed` when Redis does not answer."""
    try:
        return getattr(cache, method)(*args)
    except RedisError:
        return failed


def claim(request, token):
    """NEW when this post is the first to use `token` and may import; USED_ALREADY when
    another post used it (or is using it now); UNKNOWN when this session never had it."""
    if token and (token in request.session.get(USED, {}) or _cache("get", _key(token))):
        return USED_ALREADY
    if not token or token not in request.session.get(ISSUED, []):
        return UNKNOWN
    entry = {"user": request.user.pk, "reports": None}
    if not _cache("add", _key(token), entry, REPORT_SECONDS, failed=True):
        return USED_ALREADY
    return NEW


def release(token):
    """The import failed with an error: the form may be sent again."""
    _cache("delete", _key(token))


def finish(request, token, reports):
    """Keep the reports for the page after the redirect, and mark the token used."""
    kept = {"user": request.user.pk, "reports": [snapshot(r) for r in reports]}
    _cache("set", _key(token), kept, REPORT_SECONDS)
    request.session[ISSUED] = [t for t in request.session.get(ISSUED, []) if t != token]
    used = list(request.session.get(USED, {}).items())[-(KEEP - 1) :]
    drafts = [[str(r.name), r.article.pk if r.ok else None] for r in reports]
    request.session[USED] = {**dict(used), token: drafts}


def outcome(request, token):
    """What became of the import sent with `token`: ("done", reports), ("running", None),
    ("kept", [(input name, draft pk or None)]) once the cache has let the reports go, or
    ("gone", None)."""
    kept = _cache("get", _key(token)) if token else None
    if kept and kept["user"] == request.user.pk:
        return ("done", kept["reports"]) if kept["reports"] is not None else ("running", None)
    drafts = request.session.get(USED, {}).get(token)
    return ("kept", drafts) if drafts else ("gone", None)


def snapshot(report):
    """What the report page shows of an ImportReport, in plain values: the cache keeps it
    across a deploy that changes the classes the report was made of."""
    article = report.article
    return {
        "name": str(report.name),
        "ok": report.ok,
        "error": str(report.error),
        "article": {"pk": article.pk, "headline": article.headline} if article else None,
        "headline_proposed": report.headline_proposed,
        "source_credit": report.source_credit,
        "duplicates": [
            [
                {
                    "pk": story.pk,
                    "headline": story.headline,
                    "state_label": str(story.state_label),
                    "reason": str(getattr(found, "reason", "")),
                },
                score,
            ]
            for found in report.duplicates
            for story, score in [found]
        ],
        "suggestions": [
            {"label": str(s.label), "matched": s.matched, "count": s.count}
            for s in report.suggestions
        ],
        "changes": [
            {"kind": str(c.kind), "reason": str(c.reason), "text": str(c.text)}
            for c in report.changes
        ],
        "bylines": [
            {
                "name": found.name,
                "kind": str(found.byline.get_kind_display()) if found.byline else "",
                "namesakes": len(found.namesakes),
                "add_url": "" if found.namesakes else found.add_url,
            }
            for found in report.bylines
        ],
        "tags_added": list(report.tags_added),
        "tags_suggested": list(report.tags_suggested),
    }
