"""Partner copy in many house styles against the drafts a copy editor made of it by hand.

Each `partner_copy/NAME.input.*` goes through `to_markdown` and `clean`; the draft is written out
in the format `partner_copy/README.md` describes and compared with `NAME.expected.md`.
"""

import difflib
from pathlib import Path

from django.test import SimpleTestCase

from articles.copydesk.cleaning import clean
from articles.copydesk.importing import to_markdown

FOLDER = Path(__file__).parent / "partner_copy"


def draft_of(cleaned):
    """A CleanCopy as an expected draft is written."""
    front = [
        ("proposed", "yes" if cleaned.headline_proposed else ""),
        ("source", cleaned.source_credit),
        ("bylines", ", ".join(cleaned.byline_names)),
        ("tags", ", ".join(cleaned.tag_words)),
    ]
    lines = [f"{key}: {value}" for key, value in front if value]
    if lines:
        lines.append("")
    lines.append(f"# {cleaned.headline}")
    if cleaned.dek:
        lines.append(f"> {cleaned.dek}")
    return "\n".join(lines) + "\n\n" + cleaned.body + "\n"


def inputs():
    return sorted(p for p in FOLDER.iterdir() if ".input." in p.name)


class PartnerCopyTests(SimpleTestCase):
    def test_every_piece_comes_out_as_the_editor_left_it(self):
        for source in inputs():
            name = source.name.split(".input.")[0]
            with self.subTest(piece=name):
                markdown, _dropped = to_markdown(source.read_text(encoding="utf-8"), source.name)
                cleaned = clean(markdown)
                got = draft_of(cleaned)
                expected = (FOLDER / f"{name}.expected.md").read_text(encoding="utf-8")
                if got != expected:
                    diff = "".join(
                        difflib.unified_diff(
                            expected.splitlines(keepends=True),
                            got.splitlines(keepends=True),
                            fromfile=f"{name}.expected.md",
                            tofile="cleaned",
                        )
                    )
                    changes = "\n".join(
                        f"  {c.kind}: {c.reason}: {c.text[:70]!r}" for c in cleaned.changes
                    )
                    self.fail(f"\n{diff}\nchanges made:\n{changes}")

    def test_the_set_covers_a_dozen_house_styles(self):
        self.assertGreaterEqual(len(inputs()), 12)
        suffixes = {p.suffix for p in inputs()}
        self.assertEqual(suffixes, {".txt", ".md", ".html"})
        for source in inputs():
            name = source.name.split(".input.")[0]
            with self.subTest(piece=name):
                self.assertTrue((FOLDER / f"{name}.expected.md").exists())
