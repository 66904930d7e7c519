"""Checking an uploaded file before it is kept as evidence.

Traps and defences:
- The name and the browser's content type can say anything: the type is read from the
  file's first bytes (JPEG, PNG, HEIC/HEIF, PDF) and nothing else is accepted.
- Photos carry location and camera details (EXIF, XMP, ICC comments): every image is
  decoded and re-encoded with Pillow from its pixels alone, so none of it survives.
  HEIC, which browsers cannot show, is re-encoded as JPEG.
- A small file can decode to a huge image (a decompression bomb): Pillow's own pixel
  limit raises, and that is refused like any broken file.
- A PDF is kept as sent (it cannot be re-encoded without changing it); it must start
  with the PDF header and end with its end-of-file marker.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener

from portal.domain.errors import DomainError

register_heif_opener()
Image.MAX_IMAGE_PIXELS = 60_000_000  # about a 60-megapixel photo; beyond that Pillow refuses to decode

_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1")
ACCEPTED = "JPEG, PNG, HEIC or PDF"


@dataclass(frozen=True)
class CheckedFile:
    """A file ready to keep: safe bytes, the type they really are, and a tidy name."""

    name: str
    content_type: str
    data: bytes


def sniff(data: bytes) -> str | None:
    """The file's real type from its first bytes, or None if it is not one we take."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS:
        return "image/heic"
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def check_upload(filename: str, data: bytes, *, max_bytes: int, field: str = "files") -> CheckedFile:
    """The file made safe to keep, or a DomainError naming the field and what is wrong."""
    name = _tidy(filename)
    if not data:
        raise DomainError(f"{name} is empty. Choose the file again.", field=field)
    if len(data) > max_bytes:
        raise DomainError(f"{name} is larger than {max_bytes // (1024 * 1024)} MB. Send a smaller copy.", field=field)
    kind = sniff(data)
    if kind is None:
        raise DomainError(f"{name} is not a {ACCEPTED} file.", field=field)
    if kind == "application/pdf":
        if b"%%EOF" not in data[-1024:]:
            raise DomainError(f"{name} is not a complete PDF. Save it again and send it.", field=field)
        return CheckedFile(name, kind, data)
    return _reencode(name, data, field)


def _reencode(name: str, data: bytes, field: str) -> CheckedFile:
    """Decode and save the pixels alone: no EXIF, GPS, XMP or comments survive."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            fmt = image.format
            image = ImageOps.exif_transpose(image)  # keep the photo upright once its orientation tag is gone
            if image.mode not in ("RGB", "RGBA", "L", "LA"):
                image = image.convert("RGBA" if "transparency" in image.info or image.mode == "PA" else "RGB")
            clean = Image.new(image.mode, image.size)  # a new image: only pixels are copied, never metadata
            clean.paste(image)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError, SyntaxError):
        raise DomainError(f"{name} could not be read as a picture. Send it as a JPEG, PNG or PDF.",
                          field=field) from None
    out = io.BytesIO()
    if fmt == "PNG":
        clean.save(out, format="PNG", optimize=True)
        return CheckedFile(_with_suffix(name, ".png"), "image/png", out.getvalue())
    if clean.mode != "RGB":
        clean = clean.convert("RGB")
    clean.save(out, format="JPEG", quality=90)
    return CheckedFile(_with_suffix(name, ".jpg"), "image/jpeg", out.getvalue())


def _tidy(filename: str) -> str:
    """The file's own name without any folder, kept short and printable."""
    base = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    return base[:100] or "Your file"


def _with_suffix(name: str, suffix: str) -> str:
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{stem}{suffix}"
