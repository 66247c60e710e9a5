"""Knowing a picture the library already has: the same bytes (a SHA-256 checksum) or nearly
the same pixels (a difference hash: the same photo re-saved, resized, recompressed or with a
slightly different crop keeps nearly every bit).

The difference hash compares each pixel of a 9 × 8 greyscale thumbnail with its right-hand
neighbour: 64 bits, written as 16 hex digits. Two pictures whose hashes differ in at most
`NEAR` bits are taken as the same picture.
"""

import hashlib

from PIL import Image, ImageOps

from .uploads import UNREADABLE

NEAR = 6  # bits of 64; a different photo of the same stage differs in 20 or more
BLOCK = 1 << 16


def checksum(file):
    """The SHA-256 of a file's bytes, read from its start; the file is left at its start."""
    digest = hashlib.sha256()
    file.seek(0)
    for block in iter(lambda: file.read(BLOCK), b""):
        digest.update(block)
    file.seek(0)
    return digest.hexdigest()


def fingerprint(file):
    """The difference hash of an image file, or "" when it cannot be read."""
    try:
        file.seek(0)
        with Image.open(file) as image:
            image.draft("L", (64, 64))  # a JPEG decodes at a fraction of its size
            upright = ImageOps.exif_transpose(image)
            small = upright.convert("L").resize((9, 8), Image.Resampling.LANCZOS)
    except UNREADABLE:
        return ""
    finally:
        file.seek(0)
    pixels = small.tobytes()  # one byte a pixel, in rows
    bits = 0
    for row in range(8):
        for column in range(8):
            left, right = pixels[row * 9 + column], pixels[row * 9 + column + 1]
            bits = (bits << 1) | (left > right)
    return f"{bits:016x}"


def distance(first, second):
    """How many of the 64 bits two fingerprints differ in (64 when either is missing)."""
    if not first or not second:
        return 64
    return (int(first, 16) ^ int(second, 16)).bit_count()


def nearest(fingerprint_, candidates, near=NEAR):
    """The keys of `candidates` ({key: fingerprint}) within `near` bits of `fingerprint_`,
    nearest first."""
    scored = [(distance(fingerprint_, other), key) for key, other in candidates.items()]
    return [key for score, key in sorted(scored) if score <= near]
