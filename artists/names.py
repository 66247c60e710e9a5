"""How names are compared: the words of a name, case-folded, punctuation ignored.

"Right Place, Wrong Person" and "right place wrong person" are the same name; a hyphen inside a
name does not split it ("Nam-joon" = "Namjoon"); a Korean or Japanese name may carry a particle
("김남준은", "防弾少年団が"). The copy desk's linker and the reader's search both use these rules.
"""

import re

# A word is letters, digits and underscores with the combining diacritics that go with them,
# and may hold hyphens ("Nam-joon"), which are dropped. The diacritics count as part of the
# word because case folding can add one ("İ" folds to "i" + U+0307, "ǰ" to "j" + U+030C): as
# separators they split a folded word in two, so a key was not its own key, and "ǰ" and its
# upper case "J" + U+030C had different keys.
WORD = re.compile(r"[\w\u0300-\u036f]+(?:[-‐‑][\w\u0300-\u036f]+)*")
HYPHEN = re.compile(r"[-‐‑]")
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
# Korean and Japanese particles that attach to a name; longest first.
PARTICLES = sorted(
    {
        "은", "는", "이", "가", "을", "를", "의", "에", "와", "과", "도", "로", "으로", "만",
        "랑", "이랑", "에게", "한테", "께서", "에서", "처럼", "보다", "까지", "부터", "하고",
        "이다", "이며", "이자", "이고",
        "が", "は", "の", "を", "に", "と", "も", "で", "へ", "から", "まで", "より", "さん",
    },
    key=len,
    reverse=True,
)  # fmt: skip


def words(text):
    """Case-folded words of `text`, with their spans in it."""
    # (A NUL marker in place of each inner hyphen used to keep the offsets, but a NUL in the
    # text itself then made an empty word, and a key with a double space.)
    return [(HYPHEN.sub("", m.group()).casefold(), m.start(), m.end()) for m in WORD.finditer(text)]


def name_words(name):
    return tuple(w for w, _, _ in words(name))


def name_key(name):
    """The form two names are compared in: "Right Place, Wrong Person" → "right place wrong
    person"."""
    return " ".join(name_words(name))


def without_particle(word):
    """The bare forms of a Korean or Japanese word that may end in a particle: "김남준은" →
    ["김남준"]; other words have none."""
    if not CJK.search(word):
        return []
    return [
        word[: -len(particle)]
        for particle in PARTICLES
        if word.endswith(particle) and len(word) > len(particle)
    ]


def artist_name_keys(*names):
    """The keys an artist is found by, one per line with a line break at each end so that a
    database `contains` finds whole keys only."""
    keys = {name_key(n) for n in names if n}
    # "Jung Kook" is also written "Jungkook".
    keys |= {k.replace(" ", "") for k in keys if k.count(" ") == 1}
    return "\n" + "\n".join(sorted(k for k in keys if k)) + "\n"
