"""English, as the desk writes it. Date fields show and take ISO dates first (2026-12-10):
"10/12/2026" reads as 10 December in Seoul and London but as October in New York, and the
desk works with all three. The British forms are still accepted when typed."""

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d %B %Y", "%d %b %Y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d",
    "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y",
]  # fmt: skip
