"""load_image: sniffing, caps before decode, orientation, colour management, modes, frames, fuzzing."""
from __future__ import annotations

import io
import struct
import warnings
import zlib

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageCms

from shared.domain.errors import AppError, ImageError, PayloadTooLarge, UnsupportedMediaType
from shared.extraction.image import ImageLimits, NormalizedImage, load_image


def encode(img: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


def two_halves(size=(40, 20), left=(255, 0, 0), right=(0, 0, 255), mode="RGB") -> Image.Image:
    img = Image.new(mode, size, left)
    img.paste(Image.new(mode, (size[0] // 2, size[1]), right), (size[0] // 2, 0))
    return img


def test_png_round_trip_fields():
    out = load_image(encode(two_halves(), "PNG"))
    assert isinstance(out, NormalizedImage)
    assert (out.format, out.mime, out.width, out.height) == ("PNG", "image/png", 40, 20)
    assert out.rgb.shape == (20, 40, 3) and out.rgb.dtype == np.uint8
    assert tuple(out.rgb[10, 5]) == (255, 0, 0) and tuple(out.rgb[10, 35]) == (0, 0, 255)
    assert out.alpha is None and out.transparency == 0.0
    assert len(out.sha256) == 64


def test_same_pixels_hash_the_same_across_formats():
    img = two_halves()
    assert load_image(encode(img, "PNG")).sha256 == load_image(encode(img, "WEBP", lossless=True)).sha256


def test_exif_orientation_is_applied():
    img = two_halves((40, 20))  # red left, blue right
    exif = Image.Exif()
    exif[0x0112] = 6  # stored rotated: display = rotate 90° clockwise
    out = load_image(encode(img, "JPEG", exif=exif.tobytes(), quality=95))
    assert out.rgb.shape == (40, 20, 3)
    assert (out.width, out.height) == (20, 40)
    top, bottom = out.rgb[5, 10].astype(int), out.rgb[35, 10].astype(int)
    assert top[0] > 200 and top[2] < 60  # the red half is now on top
    assert bottom[2] > 200 and bottom[0] < 60


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_exif_orientation_is_applied_in_png_and_webp_too(fmt):
    exif = Image.Exif()
    exif[0x0112] = 8  # display = rotate 90° counter-clockwise
    extra = {"lossless": True} if fmt == "WEBP" else {}
    out = load_image(encode(two_halves((40, 20)), fmt, exif=exif.tobytes(), **extra))
    assert out.rgb.shape == (40, 20, 3) and (out.width, out.height) == (20, 40)
    assert out.rgb[35, 10, 0] > 200 and out.rgb[5, 10, 2] > 200  # red half at the bottom now


def test_icc_profile_is_converted_to_srgb():
    # Encode an sRGB colour into a wide-gamut RGB space and tag the file with that space's profile:
    # the loader must convert back to (about) the original sRGB values.
    wide = _display_p3_like_profile()
    srgb_img = Image.new("RGB", (8, 8), (40, 200, 90))
    in_wide = ImageCms.applyTransform(
        srgb_img, ImageCms.buildTransform(ImageCms.createProfile("sRGB"), wide, "RGB", "RGB"))
    in_wide.info.pop("icc_profile", None)
    raw = in_wide.getpixel((0, 0))
    assert np.abs(np.subtract(raw, (40, 200, 90))).max() > 10  # the encoded values really differ
    out = load_image(encode(in_wide, "PNG", icc_profile=wide.tobytes()))
    assert out.icc_converted
    assert np.abs(out.rgb[4, 4].astype(int) - (40, 200, 90)).max() <= 3
    untagged = load_image(encode(in_wide, "PNG"))  # no profile: the values are taken as sRGB
    assert not untagged.icc_converted
    assert tuple(untagged.rgb[4, 4]) == raw


def test_a_profiles_transform_is_built_once_and_gives_what_a_fresh_one_gives():
    from shared.extraction import image
    wide = _adobe_rgb_like_icc()
    rgb = np.random.default_rng(13).integers(0, 256, (16, 24, 3), dtype=np.uint8)
    data = encode(Image.fromarray(rgb), "PNG", icc_profile=wide)
    image._srgb_transform.cache_clear()
    first = load_image(data)
    again = load_image(encode(Image.fromarray(255 - rgb), "PNG", icc_profile=wide))  # another screenshot
    info = image._srgb_transform.cache_info()
    assert (info.misses, info.hits) == (1, 1)
    fresh = ImageCms.profileToProfile(Image.fromarray(rgb), ImageCms.ImageCmsProfile(io.BytesIO(wide)),
                                      ImageCms.createProfile("sRGB"), outputMode="RGB")
    assert first.icc_converted and again.icc_converted
    assert np.array_equal(first.rgb, np.asarray(fresh))


def test_a_big_profile_is_converted_but_not_kept():
    from shared.extraction import image
    big = _adobe_rgb_like_icc()
    big = big + b"\0" * (image._CACHED_PROFILE_BYTES + 1 - len(big))  # padding after the tags: still valid
    big = struct.pack(">I", len(big)) + big[4:]
    image._srgb_transform.cache_clear()
    out = load_image(encode(Image.new("RGB", (4, 4), (40, 200, 90)), "PNG", icc_profile=big))
    assert out.icc_converted and image._srgb_transform.cache_info().currsize == 0


def test_broken_icc_profile_is_ignored_not_fatal():
    from shared.extraction import image
    image._srgb_transform.cache_clear()
    out = load_image(encode(Image.new("RGB", (4, 4), (1, 2, 3)), "PNG", icc_profile=b"not a profile"))
    assert tuple(out.rgb[0, 0]) == (1, 2, 3) and not out.icc_converted
    assert image._srgb_transform.cache_info().currsize == 0  # a failure is not remembered


def _display_p3_like_profile() -> ImageCms.ImageCmsProfile:
    """A wide-gamut RGB profile (ImageCms can only create sRGB/LAB/XYZ, so the test builds its own)."""
    return ImageCms.ImageCmsProfile(io.BytesIO(_adobe_rgb_like_icc()))


def _adobe_rgb_like_icc() -> bytes:
    """Minimal ICC v2 RGB matrix/TRC profile with Adobe RGB (1998) primaries (D50-adapted), gamma 2.2."""
    def s15(v: float) -> bytes:
        return struct.pack(">i", int(round(v * 65536)))

    def xyz(x, y, z) -> bytes:
        return b"XYZ " + b"\0" * 4 + s15(x) + s15(y) + s15(z)

    def curv(gamma: float) -> bytes:
        return b"curv" + b"\0" * 4 + struct.pack(">I", 1) + struct.pack(">H", int(gamma * 256)) + b"\0\0"

    def desc(text: str) -> bytes:
        t = text.encode() + b"\0"
        return b"desc" + b"\0" * 4 + struct.pack(">I", len(t)) + t + b"\0" * 12 + b"\0" * 67

    tags = [
        (b"desc", desc("Adobe RGB like")),
        (b"wtpt", xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", xyz(0.6097, 0.3111, 0.0195)),
        (b"gXYZ", xyz(0.2053, 0.6257, 0.0609)),
        (b"bXYZ", xyz(0.1492, 0.0632, 0.7446)),
        (b"rTRC", curv(2.2)), (b"gTRC", curv(2.2)), (b"bTRC", curv(2.2)),
        (b"cprt", b"text" + b"\0" * 4 + b"none\0"),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, body = b"", b""
    for sig, data in tags:
        while (offset + len(body)) % 4:
            body += b"\0"
        table += sig + struct.pack(">II", offset + len(body), len(data))
        body += data
    size = offset + len(body)
    header = struct.pack(">I", size) + b"lcms" + struct.pack(">I", 0x02100000) + b"mntrRGB XYZ "
    header += b"\0" * 12 + b"acsp" + b"\0" * 24 + b"\0" * 16 + s15(0.9642) + s15(1.0) + s15(0.8249)
    header = header.ljust(128, b"\0")
    return header + struct.pack(">I", len(tags)) + table + body


def test_cmyk_jpeg_becomes_rgb():
    out = load_image(encode(Image.new("CMYK", (16, 16), (0, 255, 255, 0)), "JPEG", quality=95))
    r, g, b = out.rgb[8, 8].astype(int)
    assert r > 200 and g < 60 and b < 60  # pure magenta+yellow ink = red
    assert out.source_mode == "CMYK"


def test_16_bit_grey_png_is_scaled_not_clipped():
    arr = np.full((10, 10), 32768, dtype=np.uint16)
    img16 = Image.fromarray(arr)
    assert img16.mode.startswith("I;16")
    out = load_image(encode(img16, "PNG"))
    assert abs(int(out.rgb[5, 5, 0]) - 128) <= 1  # half of 16-bit range = mid grey, not white
    assert out.rgb[5, 5, 0] == out.rgb[5, 5, 1] == out.rgb[5, 5, 2]


def test_palette_png_with_transparency():
    img = Image.new("P", (10, 10), 0)
    img.putpalette([255, 0, 0, 0, 255, 0] + [0] * 762)
    img.paste(1, (5, 0, 10, 10))
    out = load_image(encode(img, "PNG", transparency=1))
    assert out.alpha is not None
    assert out.transparency == pytest.approx(0.5)
    assert tuple(out.rgb[5, 2]) == (255, 0, 0)
    assert tuple(out.rgb[5, 7]) == (255, 255, 255)  # transparent composited on white


def test_la_and_rgba_modes():
    la = Image.new("LA", (4, 4), (100, 128))
    out = load_image(encode(la, "PNG"))
    assert out.alpha is not None and out.transparency == 1.0
    assert out.rgb[0, 0, 0] == round(100 * 128 / 255 + 255 * (1 - 128 / 255))
    rgba = Image.new("RGBA", (4, 4), (10, 20, 30, 255))
    out = load_image(encode(rgba, "PNG"))
    assert out.alpha is None and tuple(out.rgb[0, 0]) == (10, 20, 30)


def test_animated_gif_takes_first_frame():
    frames = [Image.new("P", (8, 8), i) for i in range(3)]
    for f in frames:
        f.putpalette([255, 0, 0, 0, 255, 0, 0, 0, 255] + [0] * 759)
    buf = io.BytesIO()
    frames[0].save(buf, "GIF", save_all=True, append_images=frames[1:], duration=50, loop=0)
    out = load_image(buf.getvalue())
    assert out.frames == 3
    assert tuple(out.rgb[4, 4]) == (255, 0, 0)


def test_large_image_is_analysed_downscaled_but_reports_source_size():
    img = two_halves((2000, 1000))
    out = load_image(encode(img, "JPEG", quality=90), ImageLimits(analysis_long_edge=500))
    assert (out.width, out.height) == (2000, 1000)
    assert max(out.rgb.shape[:2]) <= 500 and max(out.rgb.shape[:2]) >= 250


def _png_with_header(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = struct.pack(">I", len(ihdr)) + b"IHDR" + ihdr + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    idat_data = zlib.compress(b"\0" * 16)
    idat = struct.pack(">I", len(idat_data)) + b"IDAT" + idat_data + struct.pack(">I", zlib.crc32(b"IDAT" + idat_data))
    return b"\x89PNG\r\n\x1a\n" + chunk + idat


def test_bomb_header_refused_before_decode():
    with pytest.raises(ImageError) as err:
        load_image(_png_with_header(100_000, 100_000))
    assert err.value.code == "image_too_many_pixels"


def test_pixel_cap_is_configurable():
    with pytest.raises(ImageError) as err:
        load_image(encode(Image.new("RGB", (100, 100)), "PNG"), ImageLimits(max_pixels=5_000))
    assert err.value.code == "image_too_many_pixels"


def test_byte_cap():
    with pytest.raises(PayloadTooLarge) as err:
        load_image(encode(Image.new("RGB", (50, 50)), "PNG"), ImageLimits(max_bytes=10))
    assert err.value.code == "image_too_large"


@pytest.mark.parametrize("data", [
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>',
    b"<svg width='10' height='10'></svg>",
    b"hello, this is text",
    b"%PDF-1.7 ...",
    b"BM" + b"\0" * 60,  # BMP is not accepted either
])
def test_svg_text_and_others_refused(data):
    with pytest.raises(UnsupportedMediaType) as err:
        load_image(data)
    assert err.value.code == "unsupported_image_type"


def test_empty_refused():
    with pytest.raises(ImageError) as err:
        load_image(b"")
    assert err.value.code == "empty_image"


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "GIF", "WEBP"])
def test_truncated_files_raise_image_error(fmt):
    data = encode(Image.effect_noise((64, 64), 80).convert("RGB"), fmt)
    with pytest.raises(ImageError) as err:
        load_image(data[: len(data) // 2])
    assert err.value.code == "corrupt_image"


def test_magic_bytes_decide_the_decoder():
    # PNG magic followed by a JPEG body is corrupt, never silently decoded as something else.
    jpeg = encode(Image.new("RGB", (8, 8)), "JPEG")
    with pytest.raises(ImageError):
        load_image(b"\x89PNG\r\n\x1a\n" + jpeg)


_SEEDS = [encode(two_halves((12, 8)), "PNG"), encode(two_halves((12, 8)), "JPEG"),
          encode(two_halves((12, 8)).convert("P"), "GIF"), encode(two_halves((12, 8)), "WEBP")]


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.sampled_from(_SEEDS), cut=st.integers(0, 400), flips=st.lists(
    st.tuples(st.integers(0, 400), st.integers(0, 255)), max_size=6), tail=st.binary(max_size=16))
def test_fuzz_only_our_errors_escape(seed, cut, flips, tail):
    data = bytearray(seed[: max(1, len(seed) - cut)] if cut < len(seed) else seed[:8])
    for pos, value in flips:
        if len(data) > 8:
            data[8 + pos % (len(data) - 8)] = value  # keep the magic so the decoders are exercised
    try:
        out = load_image(bytes(data) + tail)
    except AppError as exc:
        assert isinstance(exc, (ImageError, PayloadTooLarge, UnsupportedMediaType))
        assert exc.code
    else:
        assert out.rgb.ndim == 3 and out.rgb.shape[2] == 3 and out.rgb.dtype == np.uint8


# ---- PNGs, every kind through Pillow (issue 17 item 13: the libspng fast path is gone)

def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _interlaced_png(arr: np.ndarray) -> bytes:
    """An Adam7-interlaced 8-bit RGB PNG (Pillow cannot write one): each pass's rows, filter 0."""
    h, w, _ = arr.shape
    raw = b""
    for y0, x0, dy, dx in ((0, 0, 8, 8), (0, 4, 8, 8), (4, 0, 8, 4), (0, 2, 4, 4), (2, 0, 4, 2), (0, 1, 2, 2),
                           (1, 0, 2, 1)):
        sub = arr[y0::dy, x0::dx]
        if sub.size:
            raw += b"".join(b"\0" + row.tobytes() for row in sub)
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 1)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", zlib.compress(raw))
            + _chunk(b"IEND", b""))


def test_png_decoding_loads_no_second_decoder():
    """pyspng bundled libspng 0.7.4 and zlib 1.2.11 (2017) from a binding that gets no fixes, to decode
    untrusted uploads: Pillow alone decodes them now, and pyspng is no dependency."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    code = "import sys, shared.extraction.image; print('pyspng' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True,
                          check=True).stdout.strip() == "False"
    for lock in ("pyproject.toml", "requirements/base.lock", "requirements/ai.lock", "requirements/dev.lock"):
        assert "pyspng" not in (root / lock).read_text(), lock


@pytest.mark.parametrize("mode", ["RGB", "RGBA"])
@pytest.mark.parametrize("shape", [(1, 1), (1, 9), (7, 1), (37, 53)])
def test_plain_pngs_decode_to_their_pixels(mode, shape):
    rng = np.random.default_rng(shape[0] * 1000 + shape[1])
    arr = rng.integers(0, 256, (*shape, len(mode)), dtype=np.uint8)
    arr[: shape[0] // 2] = arr[0, 0]  # a flat half (other filter choices), a noisy half
    if mode == "RGBA":
        arr[..., 3] = 255
    for options in ({}, {"optimize": True}, {"compress_level": 0}):
        got = load_image(encode(Image.fromarray(arr), "PNG", **options))
        assert np.array_equal(got.rgb, arr[..., :3]) and got.alpha is None and got.source_mode == mode


@pytest.mark.parametrize("profile", ["wide gamut", "sRGB", "broken"])
def test_a_png_with_an_icc_profile_is_converted(profile):
    """A macOS screenshot carries its display's profile."""
    icc = {"wide gamut": _adobe_rgb_like_icc(), "sRGB": ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes(),
           "broken": b"not a profile"}[profile]
    arr = np.random.default_rng(30).integers(0, 256, (20, 30, 3), dtype=np.uint8)
    got = load_image(encode(Image.fromarray(arr), "PNG", icc_profile=icc))
    assert got.icc_converted == (profile != "broken")
    if profile == "broken":
        assert np.array_equal(got.rgb, arr)


def test_an_opaque_rgba_png_has_no_alpha_plane():
    out = load_image(encode(Image.new("RGBA", (6, 4), (10, 20, 30, 255)), "PNG"))
    assert out.alpha is None and out.transparency == 0.0
    assert tuple(out.rgb[0, 0]) == (10, 20, 30) and out.rgb.flags.c_contiguous


def _orientation_after_the_pixels() -> list:
    """Orientation 6 (rotate) in each place a PNG may carry it after IDAT: Pillow's header parse does
    not see these; its decode does, and turns the image."""
    rgb = np.random.default_rng(10).integers(0, 256, (10, 12, 3), dtype=np.uint8)
    head = encode(Image.fromarray(rgb), "PNG")[:-12]  # without IEND
    exif = Image.Exif()
    exif[0x0112] = 6
    tiff = exif.tobytes()[6:]  # without "Exif\0\0": an eXIf chunk holds the TIFF structure itself
    profile = f"\nexif\n{len(tiff):8d}\n{tiff.hex()}".encode()
    xmp = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
           b'<rdf:Description xmlns:tiff="http://ns.adobe.com/tiff/1.0/" tiff:Orientation="6"/></rdf:RDF></x:xmpmeta>')
    iend = _chunk(b"IEND", b"")
    return [("eXIf", head + _chunk(b"eXIf", tiff) + iend),
            ("tEXt raw profile", head + _chunk(b"tEXt", b"Raw profile type exif\0" + profile) + iend),
            ("zTXt raw profile", head + _chunk(b"zTXt", b"Raw profile type exif\0\0" + zlib.compress(profile)) + iend),
            ("iTXt XMP", head + _chunk(b"iTXt", b"XML:com.adobe.xmp\0\0\0\0\0" + xmp) + iend)]


@pytest.mark.parametrize("name,data", _orientation_after_the_pixels(),
                         ids=[n for n, _d in _orientation_after_the_pixels()])
def test_orientation_after_the_pixels_is_applied(name, data):
    out = load_image(data)
    assert out.rgb.shape[:2] == (12, 10) and (out.width, out.height) == (10, 12), name  # turned


def test_interlaced_png_still_decodes_right():
    rgb = np.random.default_rng(8).integers(0, 256, (13, 11, 3), dtype=np.uint8)
    assert np.array_equal(load_image(_interlaced_png(rgb)).rgb, rgb)


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.95])
def test_a_truncated_plain_png_is_a_corrupt_image(cut):
    rgb = np.random.default_rng(2).integers(0, 256, (40, 60, 3), dtype=np.uint8)
    data = encode(Image.fromarray(rgb), "PNG")
    with pytest.raises(ImageError) as err:
        load_image(data[: int(len(data) * cut)])
    assert err.value.code == "corrupt_image"


def test_a_png_of_endless_chunks_before_its_pixels_is_refused_fast():
    """Pillow's header parse would hold every chunk (seconds, hundreds of MB for 20 MB of them)."""
    from shared.extraction.png import MAX_CHUNKS_BEFORE_PIXELS
    rgb = np.zeros((4, 4, 3), np.uint8)
    png = encode(Image.fromarray(rgb), "PNG")
    at = 8 + 12 + 13  # after IHDR
    def padded(n): return png[:at] + _chunk(b"prIv", b"") * n + png[at:]
    with pytest.raises(ImageError) as err:
        load_image(padded(MAX_CHUNKS_BEFORE_PIXELS + 1))
    assert err.value.code == "corrupt_image" and "chunks" in err.value.message
    assert np.array_equal(load_image(padded(100)).rgb, rgb)  # a few private chunks are fine
