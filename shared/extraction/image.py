"""Image validation and normalization: bytes in, an sRGB pixel array out.

`load_image` sniffs magic bytes (PNG, JPEG, WebP, GIF only), enforces the byte cap, reads only the
header to enforce the pixel cap (decompression bombs are refused before any pixel is decoded), then
decodes the first frame with Pillow, downscaled at decode where the format allows (JPEG DCT scaling), applies
EXIF orientation, converts an embedded ICC profile to sRGB and flattens every mode to 8-bit RGB plus
an optional alpha plane. Every failure is an `ImageError` (or subclass-like `PayloadTooLarge` /
`UnsupportedMediaType`) with a stable code; no other exception type escapes.
"""
from __future__ import annotations

import hashlib
import io
import math
import warnings
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np
from PIL import Image, ImageCms, ImageOps

from shared.domain.errors import AppError, ImageError, PayloadTooLarge
from shared.extraction import png
from shared.extraction.formats import sniff  # noqa: F401 — the one sniffer, re-exported for callers

# The decoder Pillow may use for each sniffed format: a PNG body must not be parsed as anything else.
PIL_FORMATS = {"PNG": ["PNG"], "JPEG": ["JPEG"], "GIF": ["GIF"], "WEBP": ["WEBP"]}

_SRGB = ImageCms.createProfile("sRGB")
# Where Pillow's getexif() finds an orientation (EXIF in JPEG/PNG/WebP, PNG's raw text profile, XMP):
# without any of them there is nothing to transpose.
_ORIENTATION_SOURCES = frozenset({"exif", "Raw profile type exif", "XML:com.adobe.xmp", "xmp"})


@dataclass(frozen=True)
class ImageLimits:
    max_bytes: int = 20 * 1024 * 1024
    max_pixels: int = 50_000_000
    # Long edge the pixels are analysed at; larger images are downscaled (at decode where possible).
    analysis_long_edge: int = 512
    # Photo-sized JPEGs (decoded at 1/8 scale, so no thin detail survives anyway) are analysed smaller:
    # their dominant colours need few pixels, and a 12 MP photo must cost less than its own decode.
    photo_long_edge: int = 256
    # Long edge of the detail image text is measured on (`load_image(detail=True)`): a DPR-3 phone
    # capture or a 4K screenshot keeps every pixel; anything larger is area-averaged down to it.
    detail_long_edge: int = 4096


@dataclass(frozen=True)
class NormalizedImage:
    rgb: np.ndarray  # H×W×3 uint8, sRGB, alpha already composited on white
    alpha: np.ndarray | None  # H×W uint8 when the source had transparency
    width: int  # of the source image (after EXIF orientation)
    height: int
    format: str  # PNG / JPEG / WEBP / GIF
    mime: str
    transparency: float  # share of pixels with alpha < 255
    source_mode: str = ""  # Pillow mode before normalization (RGB, P, CMYK, I;16, …)
    icc_converted: bool = False  # an embedded ICC profile was converted to sRGB
    frames: int = 1  # frames in the file; only the first is analysed
    # A JPEG's DC quantization steps (luma, chroma): how far its flat colors may sit from the original.
    jpeg_dc: tuple[int, int] | None = None
    digest: str | None = None  # a known sha256 of the pixels; computed on first use otherwise

    @cached_property
    def sha256(self) -> str:
        """Of the normalized pixels (and their shape): the same picture re-encoded hashes the same.
        Computed when first asked (the pipeline's cache key), not by every palette run."""
        if self.digest:
            return self.digest
        pixels = np.ascontiguousarray(self.rgb)
        h = hashlib.sha256(pixels.data)  # the buffer itself: no copy of the pixels
        h.update(np.array(pixels.shape, dtype=np.int32).tobytes())
        return h.hexdigest()


def load_image(data: bytes, limits: ImageLimits = ImageLimits(), *, detail: bool = False) -> NormalizedImage:
    """The analysis image (palette), or with `detail` the image at up to `limits.detail_long_edge`
    (text measurement: no DCT draft, area-averaged when it must shrink, so glyph sizes scale
    exactly). Both go through the same checks and the same orientation/ICC/alpha steps."""
    if not data:
        raise ImageError("the image is empty", code="empty_image")
    if len(data) > limits.max_bytes:
        raise PayloadTooLarge(f"the image is larger than {limits.max_bytes} bytes", code="image_too_large")
    fmt, mime = sniff(data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # DecompressionBombWarning: we enforce our own cap below
            return _decode(data, fmt, mime, limits, detail)
    except AppError:
        raise
    except Image.DecompressionBombError as exc:
        raise ImageError(f"the image has more than {limits.max_pixels} pixels",
                         code="image_too_many_pixels") from exc
    except Exception as exc:  # noqa: BLE001 — Pillow raises many types on hostile input; all mean "corrupt"
        raise ImageError("the image could not be decoded (truncated or corrupt)", code="corrupt_image") from exc


def _decode(data: bytes, fmt: str, mime: str, limits: ImageLimits, detail: bool = False) -> NormalizedImage:
    if fmt == "PNG" and png.too_many_chunks_before_pixels(data):
        # Pillow's header parse keeps every chunk before the pixels: a 20 MB file of empty chunks
        # would cost seconds and hundreds of MB before any check could refuse it.
        raise ImageError(f"the PNG has more than {png.MAX_CHUNKS_BEFORE_PIXELS} chunks before its pixels",
                         code="corrupt_image")
    img = Image.open(io.BytesIO(data), formats=PIL_FORMATS[fmt])
    width, height = img.size  # header only: nothing decoded yet
    if width <= 0 or height <= 0:
        raise ImageError("the image has no pixels", code="corrupt_image")
    if width * height > limits.max_pixels:
        raise ImageError(f"the image has more than {limits.max_pixels} pixels", code="image_too_many_pixels")
    frames = int(getattr(img, "n_frames", 1) or 1)
    source_mode = img.mode
    jpeg_dc = _jpeg_dc(img) if fmt == "JPEG" else None
    icc = img.info.get("icc_profile")
    long_edge = limits.detail_long_edge if detail else limits.analysis_long_edge
    shrink = _shrink if detail else _downscale
    if fmt == "JPEG" and not detail and max(width, height) > long_edge:
        # DCT-domain downscale (1/2, 1/4, 1/8): a 12 MP photo decodes at a fraction of the cost.
        target = _draft_target(max(width, height), long_edge)
        scale = target / max(width, height)
        img.draft(None, (max(1, math.ceil(width * scale)), max(1, math.ceil(height * scale))))
        if target < long_edge:
            long_edge = min(long_edge, limits.photo_long_edge)
    img.seek(0)
    img.load()
    if img.mode in _PER_PIXEL_SCALED_MODES:
        img = shrink(_flatten_mode(img), long_edge)
    elif not detail:
        # Point sampling commutes with a per-pixel mode conversion: pick the pixels first, then convert
        # the few kept (a 50 MP palette image is never expanded to 150 MB of RGB).
        img = _flatten_mode(_downscale(img, long_edge))
    else:
        img = _shrink(img, long_edge, _flatten_mode)  # converted band by band
    img, icc_converted = _to_srgb(img, icc)
    before = img.size
    if _ORIENTATION_SOURCES & img.info.keys():  # parsing EXIF costs more than most small decodes
        img = ImageOps.exif_transpose(img) or img
    if img.size != before and width != height:
        width, height = height, width  # report the source size in the orientation the user sees
    rgb, alpha, transparency = _split_alpha(np.asarray(img if img.mode in ("RGB", "RGBA") else img.convert("RGB")))
    return NormalizedImage(rgb=rgb, alpha=alpha, width=width, height=height, format=fmt, mime=mime,
                           transparency=transparency, source_mode=source_mode,
                           icc_converted=icc_converted, frames=frames, jpeg_dc=jpeg_dc)


def _jpeg_dc(img: Image.Image) -> tuple[int, int] | None:
    tables = getattr(img, "quantization", None) or {}
    luma = tables.get(0)
    if not luma:
        return None
    chroma = tables.get(1) or luma
    return int(luma[0]), int(chroma[0])


def _split_alpha(pixels: np.ndarray) -> tuple[np.ndarray, np.ndarray | None, float]:
    """(H, W, 3) or (H, W, 4) uint8 → contiguous sRGB (alpha composited on white), the alpha plane
    when any pixel is not opaque, and the share of such pixels."""
    if pixels.shape[2] == 3:
        return np.ascontiguousarray(pixels), None, 0.0
    alpha = pixels[..., 3]
    transparency = float((alpha < 255).mean())
    if transparency == 0.0:
        return np.ascontiguousarray(pixels[..., :3]), None, 0.0
    rgb = np.empty(pixels.shape[:2] + (3,), dtype=np.uint8)
    rows = max(1, _STRIP_PIXELS // max(1, pixels.shape[1]))  # float32 temporaries of one strip at a time
    for y in range(0, pixels.shape[0], rows):
        a = alpha[y:y + rows].astype(np.float32)[..., None] / 255.0
        rgb[y:y + rows] = (pixels[y:y + rows, :, :3].astype(np.float32) * a + 255.0 * (1.0 - a)).round()
    return rgb, np.ascontiguousarray(alpha), transparency


# Modes whose scale to 8 bits depends on the whole image's range (so they are converted before any
# downscale), converted strip by strip so no full-size float copy ever exists.
_PER_PIXEL_SCALED_MODES = frozenset({"I;16", "I;16B", "I;16L", "I;16N", "I", "F"})
# Pixels per strip of that conversion: 8 MiB of float64 at a time.
_STRIP_PIXELS = 1 << 20


def _flatten_mode(img: Image.Image) -> Image.Image:
    """Bring every Pillow mode to one of L, LA, RGB, RGBA, CMYK (the modes ICC transforms accept)."""
    mode = img.mode
    if mode in ("L", "LA", "RGB", "RGBA", "CMYK"):
        return img
    if mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        # 16-bit grey: scale to 8 bits (Pillow's own convert clips instead of scaling). Strip by strip:
        # a 50 MP image as one float64 array (and its temporaries) cost ~1.2 GiB.
        top = img.getextrema()[1] if mode == "I" else 65535
        peak = 65535.0 if mode.startswith("I;16") or top > 255 else 255.0
        return _to_l_in_strips(img, lambda a: np.clip(a.astype(np.float64) * (255.0 / peak), 0, 255))
    if mode == "F":
        arr = np.nan_to_num(np.asarray(img), nan=0.0, posinf=1.0, neginf=0.0)
        top = 1.0 if float(arr.max(initial=0)) <= 1.0 else 255.0
        return Image.fromarray(np.clip(arr * (255.0 / top), 0, 255).round().astype(np.uint8), "L")
    if mode == "1":
        return img.convert("L")
    has_alpha = mode in ("PA", "RGBa", "La") or "transparency" in img.info
    return img.convert("RGBA" if has_alpha else "RGB")


def _draft_target(long_side: int, long_edge: int) -> float:
    """Long edge to ask libjpeg for. DCT scaling averages 2×2…8×8 blocks, which blurs thin text, so
    normally the decode stays at least at analysis size; only a photo-sized file (where 1/8 still
    gives ≥ 3/4 of the analysis size) takes the 1/8 scale, the cheapest decode there is."""
    if long_side // 8 >= 0.75 * long_edge:
        return 0.75 * long_edge
    return float(long_edge)


def _downscale(img: Image.Image, long_edge: int) -> Image.Image:
    """Point-sample to the analysis size: every kept pixel is a real pixel of the image, so thin text
    and borders keep their exact colour (an averaging filter would turn them into blends), and area
    shares stay unbiased. Photos and JPEGs were already averaged by the DCT draft step."""
    scale = long_edge / max(img.size)
    if scale >= 1:
        return img
    size = (max(1, round(img.size[0] * scale)), max(1, round(img.size[1] * scale)))
    return img.resize(size, Image.Resampling.NEAREST)


def _shrink(img: Image.Image, long_edge: int, convert=None) -> Image.Image:
    """Area-average to `long_edge` (the detail image: sizes scale exactly, text stays legible), after
    `convert` (a per-pixel mode conversion) when given.

    In bands of output rows, each from a crop of just the source rows it covers: Pillow resizes RGBA
    through a premultiplied copy of its whole input, so a 50 MP image cost two more full-size copies
    (and a palette image its RGB expansion). The box filter of each output pixel covers the same source
    pixels with the same weights as one whole-image resize."""
    scale = long_edge / max(img.size)
    if scale >= 1:
        return convert(img) if convert else img
    width, height = img.size
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    rows_per_out = height / size[1]
    band = max(1, int(_STRIP_PIXELS / width / rows_per_out))
    out = None
    for r0 in range(0, size[1], band):
        r1 = min(size[1], r0 + band)
        top, bottom = r0 * rows_per_out, r1 * rows_per_out
        y0, y1 = max(0, math.floor(top) - 1), min(height, math.ceil(bottom) + 1)
        piece = img.crop((0, y0, width, y1))
        if convert:
            piece = convert(piece)
        piece = piece.resize((size[0], r1 - r0), Image.Resampling.BOX, box=(0, top - y0, width, bottom - y0))
        if out is None:
            out = Image.new(piece.mode, size)
            out.info = dict(img.info)
        out.paste(piece, (0, r0))
    return out


def _to_srgb(img: Image.Image, icc: bytes | None) -> tuple[Image.Image, bool]:
    """Convert with the embedded profile; without one (or a broken one), assume sRGB."""
    out_mode = "RGBA" if img.mode in ("RGBA", "LA") else "RGB"
    if icc:
        work = img.convert("RGBA") if img.mode == "LA" else img
        try:
            transform = (_srgb_transform(icc, work.mode, out_mode) if len(icc) <= _CACHED_PROFILE_BYTES
                         else _srgb_transform.__wrapped__(icc, work.mode, out_mode))
            converted = ImageCms.applyTransform(work, transform)
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            converted = None  # a broken profile is not a broken image: the pixels are taken as sRGB
        if converted is not None:
            converted.info = dict(img.info)  # keep EXIF for the orientation step
            return converted, True
    return (img if img.mode == out_mode else img.convert(out_mode)), False


# Building a transform costs as much as applying it to an analysis-size image (~2 ms each), and the
# screenshots of one display all carry its profile: built transforms are kept, for profiles of a
# display's size (a big LUT profile is built each time rather than held).
_CACHED_PROFILE_BYTES = 64 * 1024


@lru_cache(maxsize=32)
def _srgb_transform(icc: bytes, in_mode: str, out_mode: str) -> ImageCms.ImageCmsTransform:
    """The embedded profile → sRGB transform. A profile that fails raises, so nothing is kept for it
    (a failure to allocate is not remembered as a broken profile). NOCACHE: the transform is shared
    between threads, so it keeps no per-transform pixel cache whatever littleCMS's version; the
    results are the same."""
    return ImageCms.buildTransform(ImageCms.ImageCmsProfile(io.BytesIO(icc)), _SRGB, in_mode, out_mode,
                                   flags=ImageCms.Flags.NOCACHE)


def _to_l_in_strips(img: Image.Image, scale) -> Image.Image:
    """An 8-bit L image from a high-depth one, `scale` (array → 0–255 floats) applied to row strips."""
    width, height = img.size
    out = np.empty((height, width), dtype=np.uint8)
    rows = max(1, _STRIP_PIXELS // max(1, width))
    for y in range(0, height, rows):
        strip = np.asarray(img.crop((0, y, width, min(height, y + rows))))
        out[y:y + strip.shape[0]] = scale(strip).round()
    return Image.fromarray(out, "L")
