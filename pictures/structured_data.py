"""Schema.org `ImageObject` and `ImageGallery` for library pictures, with the credit and
copyright notice search engines show beside an image (Google's image metadata)."""

from .embedding import shown_items


def image_object(image, absolute, caption=""):
    """A shown library picture as an `ImageObject`: its largest uncropped rendition."""
    largest = image.picture.largest("original")
    data = {
        "@type": "ImageObject",
        "contentUrl": absolute(largest.url),
        "width": largest.width,
        "height": largest.height,
        "caption": caption or image.caption or None,
        "description": image.alt_text or None,
        "creditText": image.credit or None,
        "copyrightNotice": image.copyright_notice or image.credit or None,
    }
    return {key: value for key, value in data.items() if value not in (None, "")}


def gallery_data(gallery, absolute):
    """A gallery as an `ImageGallery` of the pictures it shows; None when it shows none."""
    items = shown_items(gallery)
    if not items:
        return None
    return {
        "@type": "ImageGallery",
        "name": gallery.title,
        "description": gallery.description or None,
        "associatedMedia": [image_object(i.image, absolute, i.shown_caption) for i in items],
    }
