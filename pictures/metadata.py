"""Credit details a photo carries inside its file (IPTC, XMP, EXIF), read so that the picture
library's form can be pre-filled when an editor uploads an agency photo.

Only the file's header is read: no pixel is decoded, so this is cheap on a 20-megapixel photo.
Each source is read on its own, so a damaged one (often IPTC) does not hide the others.
"""

import contextlib
import html
import logging
import re
from functools import cache

from PIL import ExifTags, Image, IptcImagePlugin

from common.text import single_line

logger = logging.getLogger(__name__)

# The formats uploads accept; Pillow opens MPO (a JPEG with a second picture) as JPEG.
FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
LIMITS = {"title": 200, "caption": 400, "credit": 200, "copyright_notice": 200}

# What cameras write as a description when the photographer wrote none.
BOILERPLATE = frozenset(
    {
        "olympus digital camera",
        "sony dsc",
        "dcim",
        "default",
        "exif_jpeg_picture",
        "digital camera",
        "kodak digital still camera",
        "minolta digital camera",
        "samsung digital camera",
        "lg digital camera",
        "image",
        "untitled",
    }
)

# IPTC IIM datasets: (record, dataset).
CODED_CHARACTER_SET = (1, 90)
UTF8_MARKER = b"\x1b%G"  # ISO 2022 escape for UTF-8, per the IIM spec
OBJECT_NAME, BY_LINE, CREDIT, SOURCE = (2, 5), (2, 80), (2, 110), (2, 115)
COPYRIGHT_NOTICE, CAPTION = (2, 116), (2, 120)
REPEATABLE = {BY_LINE}  # the IIM allows several photographers; the other fields once each

# XMP is untrusted XML read with regular expressions, never an XML parser (entity expansion).
# Patterns are written so that each attempt stops at the next quote or angle bracket: the
# time taken grows with the packet's size, never with its square.
XMP_MAX_BYTES = 256 * 1024
RDF_ITEM = re.compile(r"<rdf:li(?=[\s/>])([^<>]*)>([^<]*)</rdf:li\s*>")
X_DEFAULT = re.compile(r"""xml:lang\s*=\s*["']x-default["']""", re.IGNORECASE)
TAG = re.compile(r"<[^<>]*>")


def embedded_details(file):
    """The title, caption, credit and copyright_notice `file` (an upload) carries, for
    pre-filling a form: each key present only when found, a single line within its limit.
    The credit is "Agency / Photographer" when both are named. Never raises: a file that is
    not a readable image gives {}. The file is read from its start and left at position 0."""
    sources = _read_sources(file)
    pick = _picker(sources)
    found = {
        "title": pick("title"),
        "caption": pick("caption"),
        "credit": _credit(pick("agency"), pick("photographer")),
        "copyright_notice": pick("copyright"),
    }
    return {key: value[: LIMITS[key]].rstrip() for key, value in found.items() if value}


def _read_sources(file):
    """What IPTC, XMP and EXIF each say, in that order of precedence."""
    try:
        file.seek(0)
        with Image.open(file, formats=FORMATS) as image:
            return [_fields(reader, image) for reader in (_from_iptc, _from_xmp, _from_exif)]
    except Exception as error:  # Pillow raises many kinds on a file it cannot read
        logger.debug("No embedded details: unreadable image (%s)", type(error).__name__)
        return []
    finally:
        with contextlib.suppress(Exception):  # a closed file has no position to keep
            file.seek(0)


def _fields(reader, image):
    """The non-empty fields one source gives, or none if it is damaged."""
    try:
        fields = reader(image)
    except Exception as error:  # a damaged block of metadata, however it is damaged
        logger.debug("Embedded details skipped: %s (%s)", reader.__name__, type(error).__name__)
        return {}
    if fields.get("caption", "").casefold() in BOILERPLATE:
        del fields["caption"]
    return {key: value for key, value in fields.items() if value}


def _picker(sources):
    def pick(key):
        return next((source[key] for source in sources if key in source), "")

    return pick


def _credit(agency, photographer):
    if agency and photographer and agency.casefold() != photographer.casefold():
        return f"{agency} / {photographer}"
    return agency or photographer


# Text


def _decode(data):
    """Text of unknown encoding: UTF-8 if it is valid UTF-8, else Korean agencies'
    EUC-KR (CP949 is its superset), else Latin-1, which accepts any bytes."""
    for encoding in ("utf-8", "cp949"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    return data.decode("latin-1")


# IPTC


def _from_iptc(image):
    iptc = IptcImagePlugin.getiptcinfo(image) or {}
    utf8 = any(UTF8_MARKER in value for value in _iptc_values(iptc, CODED_CHARACTER_SET))

    def text(key):
        return _iptc_text(iptc, key, utf8)

    return {
        "title": text(OBJECT_NAME),
        "caption": text(CAPTION),
        "agency": text(CREDIT) or text(SOURCE),
        "photographer": text(BY_LINE),
        "copyright": text(COPYRIGHT_NOTICE),
    }


def _iptc_values(iptc, key):
    """The dataset's values as bytes: Pillow gives one value, a list of them for a repeated
    dataset, or None for an empty one."""
    value = iptc.get(key)
    values = value if isinstance(value, list) else [value]
    return [value for value in values if isinstance(value, bytes)]


def _iptc_text(iptc, key, utf8):
    decode = (lambda data: data.decode("utf-8", "replace")) if utf8 else _decode
    texts = [single_line(decode(value)) for value in _iptc_values(iptc, key)]
    texts = list(dict.fromkeys(text for text in texts if text))
    if key in REPEATABLE:
        return ", ".join(texts)
    return texts[0] if texts else ""


# EXIF


def _from_exif(image):
    # PNG's getexif() decodes the whole image looking for a late eXIf chunk: only ask
    # when the header has already given the EXIF block.
    if "exif" not in image.info:
        return {}
    exif = image.getexif()
    return {
        "caption": _exif_text(exif.get(ExifTags.Base.ImageDescription)),
        "photographer": _exif_text(exif.get(ExifTags.Base.Artist))
        or _windows_text(exif.get(ExifTags.Base.XPAuthor)),
        "copyright": _exif_text(exif.get(ExifTags.Base.Copyright)),
    }


def _exif_text(value):
    if isinstance(value, str) and all(ord(char) < 256 for char in value):
        # Pillow reads EXIF text as Latin-1, but phones and Windows write UTF-8 there.
        value = value.encode("latin-1")
    if isinstance(value, bytes):
        value = _decode(value)
    if not isinstance(value, str):
        return ""
    # NULs end the value, or (Copyright) separate the photographer's part from the editor's.
    return single_line(value.replace("\0", " "))


def _windows_text(value):
    """Windows' XP* tags: UTF-16LE bytes, NUL-terminated (older Pillow: a tuple of ints)."""
    if not isinstance(value, bytes | tuple | list):
        return ""
    data = bytes(value)
    data = data[: len(data) // 2 * 2]
    return single_line(data.decode("utf-16-le", "replace").replace("\0", " "))


# XMP


def _from_xmp(image):
    packet = _xmp_packet(image.info.get("xmp"))
    if not packet:
        return {}
    return {
        "title": _xmp_property(packet, "dc:title"),
        "caption": _xmp_property(packet, "dc:description"),
        "agency": _xmp_property(packet, "photoshop:Credit"),
        "photographer": _xmp_property(packet, "dc:creator"),
        "copyright": _xmp_property(packet, "dc:rights"),
    }


def _xmp_packet(raw):
    """The packet as text, or "" when it is too large to be a photo's credits or declares
    entities (XMP forbids a DTD: one that has it is hostile)."""
    if not isinstance(raw, bytes | str) or len(raw) > XMP_MAX_BYTES:
        return ""
    packet = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    if "<!DOCTYPE" in packet or "<!ENTITY" in packet:
        return ""
    return packet


def _xmp_property(packet, name):
    """A simple property, written as an attribute of rdf:Description or as an element; or
    the first item of an rdf:Seq, rdf:Bag or rdf:Alt (the x-default language if marked)."""
    value = _xmp_attribute(packet, name)
    if value is None:
        value = _xmp_element(packet, name)
    return single_line(html.unescape(value))


@cache
def _xmp_patterns(name):
    name = re.escape(name)
    attribute = re.compile(rf"""\s{name}\s*=\s*(?:"([^"]*)"|'([^']*)')""")
    opening = re.compile(rf"<{name}(?=[\s/>])[^<>]*>")
    return attribute, opening


def _xmp_attribute(packet, name):
    match = _xmp_patterns(name)[0].search(packet)
    if match is None:
        return None
    return match[1] if match[1] is not None else match[2]


def _xmp_element(packet, name):
    opening = _xmp_patterns(name)[1].search(packet)
    if opening is None or opening[0].endswith("/>"):
        return ""
    end = packet.find(f"</{name}", opening.end())  # the first close only: linear time
    if end < 0:
        return ""
    content = packet[opening.end() : end]
    items = RDF_ITEM.findall(content)
    if not items:
        return TAG.sub(" ", content)
    chosen = next((text for attributes, text in items if X_DEFAULT.search(attributes)), None)
    return items[0][1] if chosen is None else chosen
