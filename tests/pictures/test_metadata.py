"""An agency photo's embedded credits (IPTC, XMP, EXIF) pre-fill the picture library's form;
a file that is damaged, hostile or not an image gives nothing, and never an error."""

import io
import struct
import time
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase
from PIL import ExifTags, Image, ImageFile, PngImagePlugin, WebPImagePlugin

from pictures.metadata import embedded_details

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


# Files


def picture(fmt="JPEG", **options):
    """A small image's bytes, saved by Pillow with `options` (exif=, xmp=, pnginfo=)."""
    buffer = io.BytesIO()
    Image.effect_noise((64, 48), 40).convert("RGB").save(buffer, fmt, **options)
    return buffer.getvalue()


def iim(*datasets):
    """IPTC IIM datasets, each (record, dataset, value): tag marker, numbers, length, value."""
    data = b""
    for record, number, value in datasets:
        value = value.encode() if isinstance(value, str) else value
        data += bytes((0x1C, record, number)) + struct.pack(">H", len(value)) + value
    return data


def with_iptc(jpeg, iptc):
    """The JPEG with a Photoshop APP13 segment holding `iptc` (resource 0x0404) after SOI."""
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\0\0"  # empty name, padded to even
    resource += struct.pack(">I", len(iptc)) + iptc + b"\0" * (len(iptc) % 2)
    payload = b"Photoshop 3.0\0" + resource
    segment = b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload
    return jpeg[:2] + segment + jpeg[2:]


def iptc_jpeg(*datasets, **options):
    return with_iptc(picture(**options), iim(*datasets))


def exif(**tags):
    """EXIF bytes with the given base tags (names as in PIL.ExifTags.Base)."""
    block = Image.Exif()
    for name, value in tags.items():
        block[ExifTags.Base[name]] = value
    return block.tobytes()


def xmp(attributes="", body=""):
    """An XMP packet whose rdf:Description has these attributes and this content."""
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        f'<rdf:RDF xmlns:rdf="{RDF}">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"'
        f" {attributes}>{body}</rdf:Description>"
        '</rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    ).encode()


def details(data, name="photo.jpg"):
    return embedded_details(SimpleUploadedFile(name, data))


# IPTC credits


class IptcCreditTests(SimpleTestCase):
    def test_agency_and_photographer_make_one_credit(self):
        data = iptc_jpeg((2, 110, "Yonhap"), (2, 80, "Kim Ji-ho"))
        self.assertEqual(details(data), {"credit": "Yonhap / Kim Ji-ho"})

    def test_photographer_alone_is_the_credit(self):
        self.assertEqual(details(iptc_jpeg((2, 80, "Kim Ji-ho"))), {"credit": "Kim Ji-ho"})

    def test_agency_alone_is_the_credit(self):
        self.assertEqual(details(iptc_jpeg((2, 110, "Yonhap"))), {"credit": "Yonhap"})

    def test_source_stands_in_for_a_missing_credit_field(self):
        data = iptc_jpeg((2, 115, "Newsis"), (2, 80, "Park Min-su"))
        self.assertEqual(details(data)["credit"], "Newsis / Park Min-su")

    def test_credit_field_wins_over_source(self):
        data = iptc_jpeg((2, 115, "AP"), (2, 110, "Yonhap"))
        self.assertEqual(details(data)["credit"], "Yonhap")

    def test_a_name_given_as_agency_and_photographer_is_not_repeated(self):
        data = iptc_jpeg((2, 110, "Yonhap"), (2, 80, "YONHAP"))
        self.assertEqual(details(data)["credit"], "Yonhap")

    def test_several_bylines_are_joined_with_commas(self):
        data = iptc_jpeg((2, 110, "Yonhap"), (2, 80, "Kim Ji-ho"), (2, 80, "Lee Su-bin"))
        self.assertEqual(details(data)["credit"], "Yonhap / Kim Ji-ho, Lee Su-bin")

    def test_title_caption_and_copyright_are_read(self):
        data = iptc_jpeg(
            (2, 5, "NewJeans at the airport"),
            (2, 120, "NewJeans leave Incheon for Tokyo."),
            (2, 116, "(c) Yonhap News Agency"),
        )
        self.assertEqual(
            details(data),
            {
                "title": "NewJeans at the airport",
                "caption": "NewJeans leave Incheon for Tokyo.",
                "copyright_notice": "(c) Yonhap News Agency",
            },
        )

    def test_line_breaks_and_runs_of_spaces_become_one_space(self):
        data = iptc_jpeg((2, 120, "  Stray Kids\r\n\r\n  on stage\t in Seoul \x07 "))
        self.assertEqual(details(data)["caption"], "Stray Kids on stage in Seoul")

    def test_blank_fields_are_left_out(self):
        self.assertEqual(details(iptc_jpeg((2, 5, "   "), (2, 80, ""))), {})


class IptcEncodingTests(SimpleTestCase):
    def test_utf8_hangul_is_read_when_the_record_says_utf8(self):
        data = iptc_jpeg((1, 90, b"\x1b%G"), (2, 110, "연합뉴스"), (2, 80, "김지호"))
        self.assertEqual(details(data)["credit"], "연합뉴스 / 김지호")

    def test_utf8_hangul_is_read_without_a_character_set_record(self):
        self.assertEqual(details(iptc_jpeg((2, 80, "김지호")))["credit"], "김지호")

    def test_euc_kr_hangul_is_read(self):
        data = iptc_jpeg((2, 110, "연합뉴스".encode("euc-kr")), (2, 5, "뉴진스".encode("euc-kr")))
        self.assertEqual(details(data), {"credit": "연합뉴스", "title": "뉴진스"})

    def test_latin1_text_is_read_when_nothing_else_fits(self):
        data = iptc_jpeg((2, 80, "José Müller".encode("latin-1")))
        self.assertEqual(details(data)["credit"], "José Müller")


# EXIF


class ExifTests(SimpleTestCase):
    def test_exif_gives_credit_and_copyright_when_there_is_no_iptc(self):
        data = picture(exif=exif(Artist="Kim Ji-ho", Copyright="(c) Dispatch"))
        self.assertEqual(details(data), {"credit": "Kim Ji-ho", "copyright_notice": "(c) Dispatch"})

    def test_exif_description_is_the_caption(self):
        data = picture(exif=exif(ImageDescription="IVE at the Music Bank rehearsal"))
        self.assertEqual(details(data), {"caption": "IVE at the Music Bank rehearsal"})

    def test_utf8_hangul_in_exif_text_is_not_garbled(self):
        data = picture(exif=exif(Artist="김지호".encode()))
        self.assertEqual(details(data)["credit"], "김지호")

    def test_windows_author_is_the_photographer_when_nothing_else_names_one(self):
        data = picture(exif=exif(XPAuthor="김지호".encode("utf-16-le") + b"\0\0"))
        self.assertEqual(details(data), {"credit": "김지호"})

    def test_exif_artist_wins_over_windows_author(self):
        author = "Someone Else".encode("utf-16-le") + b"\0\0"
        data = picture(exif=exif(Artist="Kim Ji-ho", XPAuthor=author))
        self.assertEqual(details(data)["credit"], "Kim Ji-ho")

    def test_camera_boilerplate_is_not_a_caption(self):
        for text in ("OLYMPUS DIGITAL CAMERA         ", "SONY DSC", "Exif_JPEG_PICTURE", "dcim"):
            with self.subTest(text):
                data = picture(exif=exif(ImageDescription=text, Artist="Kim Ji-ho"))
                self.assertEqual(details(data), {"credit": "Kim Ji-ho"})

    def test_boilerplate_in_iptc_gives_way_to_a_real_caption_elsewhere(self):
        data = iptc_jpeg((2, 120, "SONY DSC"), exif=exif(ImageDescription="Aespa in Busan"))
        self.assertEqual(details(data)["caption"], "Aespa in Busan")

    def test_iptc_wins_over_exif_and_the_two_make_one_credit(self):
        data = iptc_jpeg(
            (2, 110, "Yonhap"),
            (2, 120, "From IPTC"),
            exif=exif(Artist="Kim Ji-ho", ImageDescription="From EXIF"),
        )
        self.assertEqual(details(data), {"caption": "From IPTC", "credit": "Yonhap / Kim Ji-ho"})

    def test_png_exif_is_read(self):
        data = picture("PNG", exif=exif(Artist="Kim Ji-ho", Copyright="(c) Newsen"))
        self.assertEqual(
            details(data, "photo.png"),
            {"credit": "Kim Ji-ho", "copyright_notice": "(c) Newsen"},
        )


# XMP


class XmpTests(SimpleTestCase):
    def test_attribute_form_is_read_with_entities_unescaped(self):
        packet = xmp('photoshop:Credit="Yonhap &amp; Newsis" dc:creator="Kim Ji-ho"')
        self.assertEqual(details(picture(xmp=packet)), {"credit": "Yonhap & Newsis / Kim Ji-ho"})

    def test_element_form_is_read_taking_the_default_language_and_first_item(self):
        body = (
            "<dc:title><rdf:Alt>"
            '<rdf:li xml:lang="ko">뉴진스 귀국</rdf:li>'
            '<rdf:li xml:lang="x-default">NewJeans return</rdf:li>'
            "</rdf:Alt></dc:title>"
            "<dc:creator><rdf:Seq><rdf:li>Kim Ji-ho</rdf:li><rdf:li>Lee Su-bin</rdf:li>"
            "</rdf:Seq></dc:creator>"
            "<dc:description><rdf:Alt><rdf:li>&lt;Get Up&gt; &#xAC00; tour</rdf:li>"
            "</rdf:Alt></dc:description>"
            "<dc:rights><rdf:Alt><rdf:li>(c) Newsen</rdf:li></rdf:Alt></dc:rights>"
            "<photoshop:Credit>Newsen</photoshop:Credit>"
        )
        self.assertEqual(
            details(picture(xmp=xmp(body=body))),
            {
                "title": "NewJeans return",
                "caption": "<Get Up> 가 tour",
                "credit": "Newsen / Kim Ji-ho",
                "copyright_notice": "(c) Newsen",
            },
        )

    def test_iptc_wins_over_xmp(self):
        data = iptc_jpeg((2, 5, "From IPTC"), xmp=xmp('dc:title="From XMP"'))
        self.assertEqual(details(data)["title"], "From IPTC")

    def test_xmp_photographer_wins_over_exif_artist(self):
        data = picture(xmp=xmp('dc:creator="From XMP"'), exif=exif(Artist="From EXIF"))
        self.assertEqual(details(data)["credit"], "From XMP")

    def test_webp_xmp_is_read(self):
        data = picture("WEBP", xmp=xmp('photoshop:Credit="Yonhap" dc:creator="Kim Ji-ho"'))
        self.assertEqual(details(data, "photo.webp"), {"credit": "Yonhap / Kim Ji-ho"})

    def test_billion_laughs_xmp_is_ignored_and_returns_quickly(self):
        entities = '<!ENTITY lol "lol">' + "".join(
            f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n > 1 else "&lol;" * 10}">'
            for n in range(1, 10)
        )
        packet = f'<?xml version="1.0"?><!DOCTYPE x [{entities}]>'.encode()
        packet += xmp(body="<dc:title><rdf:Alt><rdf:li>&lol9;</rdf:li></rdf:Alt></dc:title>")
        started = time.monotonic()
        found = details(picture(xmp=packet))
        self.assertLess(time.monotonic() - started, 1)
        self.assertEqual(found, {})

    def test_xmp_of_unclosed_tags_returns_quickly(self):
        # Near the size limit, in a WebP: a JPEG segment holds at most 64 KB.
        packet = ("<dc:title <rdf:li " * 8000 + ' dc:creator="' * 8000).encode()
        started = time.monotonic()
        found = details(picture("WEBP", xmp=packet), "photo.webp")
        self.assertLess(time.monotonic() - started, 1)
        self.assertNotIn("title", found)

    def test_oversized_xmp_is_ignored(self):
        packet = xmp('dc:title="Too big"', body="<!-- padding -->" * 20_000)
        info = PngImagePlugin.PngInfo()
        info.add_itxt("XML:com.adobe.xmp", packet.decode())
        self.assertEqual(details(picture("PNG", pnginfo=info), "photo.png"), {})


# Limits and damage


class CostTests(SimpleTestCase):
    def test_no_pixels_are_decoded(self):
        # PNG's getexif() would decode the whole image to look for a late EXIF block.
        files = {
            "photo.jpg": iptc_jpeg((2, 80, "Kim"), exif=exif(Artist="Kim")),
            "photo.png": picture("PNG"),
            "exif.png": picture("PNG", exif=exif(Artist="Kim")),
            "photo.webp": picture("WEBP", exif=exif(Artist="Kim"), xmp=xmp('dc:title="T"')),
        }
        for name, data in files.items():
            with (
                self.subTest(name),
                mock.patch.object(ImageFile.ImageFile, "load") as load,
                mock.patch.object(WebPImagePlugin.WebPImageFile, "load") as load_webp,
            ):
                details(data, name)
                load.assert_not_called()
                load_webp.assert_not_called()


class LimitTests(SimpleTestCase):
    def test_oversized_values_are_trimmed_to_their_limits(self):
        data = iptc_jpeg(
            (2, 5, "t" * 300),
            (2, 120, "word " * 200),
            (2, 110, "A" * 150),
            (2, 80, "P" * 150),
            (2, 116, "c" * 300),
        )
        found = details(data)
        lengths = {key: len(value) for key, value in found.items()}
        self.assertEqual(
            lengths, {"title": 200, "caption": 399, "credit": 200, "copyright_notice": 200}
        )
        self.assertEqual(found["caption"], ("word " * 80).rstrip())

    def test_values_are_plain_strings(self):
        data = iptc_jpeg((2, 5, "Title"), (2, 80, "Kim"), exif=exif(Copyright="(c) Kim"))
        self.assertEqual({type(value) for value in details(data).values()}, {str})


class DamagedFileTests(SimpleTestCase):
    def test_bytes_that_are_not_an_image_give_nothing(self):
        for data in (b"", b"not an image at all", b"%PDF-1.7\n" + b"\0" * 500, b"\xff\xd8\xff"):
            with self.subTest(data[:10]):
                self.assertEqual(details(data), {})

    def test_a_jpeg_cut_short_still_gives_what_its_header_holds(self):
        whole = iptc_jpeg((2, 110, "Yonhap"), (2, 80, "Kim Ji-ho"))
        self.assertEqual(details(whole[: len(whole) // 2]), {"credit": "Yonhap / Kim Ji-ho"})

    def test_a_jpeg_cut_anywhere_gives_a_dict_and_no_error(self):
        whole = iptc_jpeg((2, 110, "Yonhap"), (2, 80, "Kim Ji-ho"), exif=exif(Artist="Kim"))
        for length in range(0, 400):
            with self.subTest(length=length):
                self.assertIsInstance(details(whole[:length]), dict)

    def test_damaged_iptc_does_not_hide_exif(self):
        broken = iim((2, 110, "Yonhap")) + b"\x1c\x63junk that is not a dataset"
        data = with_iptc(picture(exif=exif(Artist="Kim Ji-ho")), broken)
        self.assertEqual(details(data), {"credit": "Kim Ji-ho"})


class FilePositionTests(SimpleTestCase):
    def test_file_is_read_from_its_start_and_left_at_position_zero(self):
        file = SimpleUploadedFile("photo.jpg", iptc_jpeg((2, 80, "Kim Ji-ho")))
        file.seek(100)
        self.assertEqual(embedded_details(file), {"credit": "Kim Ji-ho"})
        self.assertEqual(file.tell(), 0)

    def test_unreadable_file_is_left_at_position_zero(self):
        file = io.BytesIO(b"not an image at all")
        file.seek(5)
        self.assertEqual(embedded_details(file), {})
        self.assertEqual(file.tell(), 0)

    def test_closed_file_gives_nothing(self):
        file = io.BytesIO(picture())
        file.close()
        self.assertEqual(embedded_details(file), {})

    def test_a_png_cut_short_still_gives_what_its_header_holds(self):
        # Decoding the pixels would fail on the missing half: none are decoded.
        info = PngImagePlugin.PngInfo()
        info.add_itxt("XML:com.adobe.xmp", xmp('dc:creator="Kim Ji-ho"').decode())
        whole = picture("PNG", pnginfo=info)
        self.assertEqual(details(whole[: len(whole) // 2], "photo.png"), {"credit": "Kim Ji-ho"})
