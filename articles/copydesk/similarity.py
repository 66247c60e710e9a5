"""Is this the same story as one we already have?

Document fingerprinting: the text is cut into overlapping four-word shingles, each hashed;
the hashes divisible by SAMPLE are kept, so any shared passage of a few sentences leaves the
same fingerprints in both stories whatever surrounds it. Fingerprints live in an indexed
table (articles.Fingerprint), so finding candidates is one grouped query however many
stories there are. The score is containment: shared fingerprints over the smaller story's
count, so a short write-up of an interview that a long one also covers still scores high.
"""

import hashlib
import re

SHINGLE_WORDS = 4
SAMPLE = 4
MIN_SHARED = 3
LIKELY_DUPLICATE = 0.2
WORD = re.compile(r"\w+")
# Shingles made only of these say nothing about the story.
_COMMON_WORDS = (
    "a an and are as at be been but by for from had has have he her his i in is it its "
    "of on or our she so that the their them they this to was we were what when which who "
    "will with you your said says not no new more also after before about into over than "
    "then there here just one two"
)
COMMON = frozenset(_COMMON_WORDS.split())


def _words(text):
    return [w.casefold() for w in WORD.findall(text or "")]


def fingerprints(text):
    """The sampled shingle hashes of `text`, as a set of signed 64-bit integers."""
    words = _words(text)
    found = set()
    for i in range(len(words) - SHINGLE_WORDS + 1):
        shingle = words[i : i + SHINGLE_WORDS]
        if all(w in COMMON for w in shingle):
            continue
        digest = hashlib.blake2b(" ".join(shingle).encode(), digest_size=8).digest()
        value = int.from_bytes(digest, "big", signed=True)
        if value % SAMPLE == 0:
            found.add(value)
    return found


def story_text(article):
    return "\n".join([article.headline, article.dek, article.body])


def containment(shared, size_a, size_b):
    smaller = min(size_a, size_b)
    return shared / smaller if smaller else 0.0
