"""Website chrome that arrives with pasted copy. One place to extend: add a phrase below.

A line is chrome when, lower-cased and stripped of punctuation, it is one of LINES, or it is
short and starts with one of PREFIXES ("Read more: …", "Related: …"), or it is a breadcrumb
trail.
"""

LINES = {
    "advertisement", "ad", "sponsored", "sponsored content", "scroll to top", "back to top",
    "skip to content", "skip to main content", "read more", "continue reading", "see more",
    "show more", "load more", "share", "share this", "share this article", "share this story",
    "share on facebook", "share on twitter", "share on x", "tweet", "copy link", "link copied",
    "click to share", "print", "email", "comments", "view comments", "leave a comment",
    "subscribe", "subscribe now", "sign up for our newsletter", "subscribe to our newsletter",
    "related", "related articles", "related stories", "recommended", "recommended for you",
    "most popular", "trending", "trending now", "loading", "photo gallery", "view gallery",
    "enlarge", "close", "menu", "home", "top", "next article", "previous article",
    "follow us", "listen to this article", "open in app", "for immediate release",
    "view this post on instagram", "view this post on threads", "watch on youtube",
    "view on x", "view on twitter",
}  # fmt: skip

PREFIXES = (
    "read more", "also read", "related", "recommended", "see also", "watch", "share this",
    "follow us on", "subscribe to", "sign up for", "click here", "tap here",
    "this article was", "copyright", "all rights reserved", "unauthorized reproduction",
    "무단전재", "저작권자", "a post shared by", "media contact", "press contact",
)  # fmt: skip

# A line that starts with a prefix is chrome only when it is this short: longer is prose.
PREFIX_MAX_CHARS = 90

# A breadcrumb trail ("Home > Entertainment > K-pop", "Home / News / Music"): short steps
# between these separators. "/" alone is common in prose ("AC/DC", "lyrics / composition"),
# so a trail with it must start at one of the ROOTS.
BREADCRUMB_SEPARATORS = (">", "›", "»", "→")
BREADCRUMB_ROOTS = ("home", "main", "news", "홈", "메인", "뉴스")
BREADCRUMB_STEP_MAX_WORDS = 4
