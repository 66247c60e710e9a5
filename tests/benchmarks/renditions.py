"""Time the renditions of one photo (four crops, five widths, WebP and JPEG).

    .venv/bin/python -m tests.benchmarks.renditions [--size 2000x1500] [--runs 3]

The photo is synthetic but photo-like (smooth shapes with grain), saved as a quality-90
JPEG. Files go to a throwaway media folder.
"""

import argparse
import io
import os
import shutil
import statistics
import tempfile
import time
from types import SimpleNamespace


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="2000x1500", help="width x height of the photo")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="newsroom-bench-media-")
    try:
        run(tuple(int(n) for n in args.size.split("x")), args.runs)
    finally:
        shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


def photo(size):
    from PIL import Image, ImageFilter

    shapes = Image.effect_mandelbrot(size, (-2.0, -1.2, 1.0, 1.2), 60)
    grain = Image.effect_noise(size, 60).filter(ImageFilter.GaussianBlur(2))
    mirrored = shapes.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    image = Image.merge("RGB", [shapes, grain, mirrored]).filter(ImageFilter.GaussianBlur(1))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def run(size, runs):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from pictures import renditions

    data = photo(size)
    name = default_storage.save("bench/photo.jpg", ContentFile(data))
    source = SimpleNamespace(name=name, storage=default_storage)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        made = renditions.build(source, [0.5, 0.5])
        timings.append(time.perf_counter() - started)
    started = time.perf_counter()
    renditions.build(source, [0.3, 0.5], previous=made)
    moved = time.perf_counter() - started

    entries = [entry for crop in made["crops"].values() for entry in crop]
    total = sum(default_storage.size(e[fmt]) for e in entries for fmt in ("webp", "jpeg"))
    print(f"Source: {size[0]}x{size[1]} JPEG, {len(data) / 1024:.0f} KiB, {os.cpu_count()} CPUs")
    print(f"All renditions: {statistics.median(timings):.2f} s (median of {runs})")
    print(f"After moving the focal point: {moved:.2f} s (the uncropped set is kept)")
    print(f"{len(entries) * 2} files, {total / 1024:.0f} KiB in all")
    print("Wide crop, KiB per width (WebP / JPEG):")
    for entry in made["crops"]["wide"]:
        webp, jpeg = (default_storage.size(entry[fmt]) / 1024 for fmt in ("webp", "jpeg"))
        print(f"  {entry['width']:>5}  {webp:7.1f} / {jpeg:7.1f}")


if __name__ == "__main__":
    main()
