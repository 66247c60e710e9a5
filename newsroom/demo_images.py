"""Placeholder artwork for the demo, drawn with Pillow so nothing is downloaded."""

import io

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont


def _gradient(size, top, bottom):
    width, height = size
    image = Image.new("RGB", size, top)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        mix = y / max(height - 1, 1)
        colour = tuple(round(a + (b - a) * mix) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)
    return image


def _jpeg(image, name):
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, optimize=True, progressive=True)
    return ContentFile(buffer.getvalue(), name=name)


def _wrap(text, font, width, draw):
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    return [*lines, line] if line else lines


def _title(draw, title, font, left, bottom, width, line_height):
    """The title in white, wrapped, its last line ending a line above `bottom`."""
    lines = _wrap(title, font, width, draw)
    y = bottom - (len(lines) + 1) * line_height
    for line in lines:
        draw.text((left, y), line, font=font, fill=(255, 255, 255))
        y += line_height


def poster(name, title, top, bottom, size=(1600, 900)):
    """A wide gradient with a title: stands in for a hero photo."""
    image = _gradient(size, top, bottom)
    draw = ImageDraw.Draw(image)
    width, height = size
    for i in range(6):
        radius = width // 5 + i * width // 14
        box = [width - radius, -radius // 3, width + radius, radius * 5 // 3]
        draw.ellipse(box, outline=(255, 255, 255), width=2)
    font = ImageFont.load_default(size=height // 11)
    _title(draw, title, font, width // 16, height, width * 0.7, height // 9)
    return _jpeg(image, name)


def cover(name, title, top, bottom, size=1000):
    """A square cover: the title over a gradient with a ring."""
    image = _gradient((size, size), top, bottom)
    draw = ImageDraw.Draw(image)
    draw.ellipse([size // 5, size // 5, size * 4 // 5, size * 4 // 5], outline="white", width=6)
    font = ImageFont.load_default(size=size // 14)
    _title(draw, title, font, size // 12, size, size * 0.8, size // 12)
    return _jpeg(image, name)


def portrait(name, initials, top, bottom, size=800):
    """A square portrait stand-in: initials on a gradient."""
    image = _gradient((size, size), top, bottom)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=size // 3)
    draw.text((size / 2, size / 2), initials, font=font, fill=(255, 255, 255), anchor="mm")
    return _jpeg(image, name)
