"""Checking and storing uploaded files (photos, attachments).

The type is decided by the file's first bytes, never by its name or the browser's claim, so a
renamed executable is refused. Pictures are then decoded and written afresh by Pillow: a file
that only starts like a picture is refused, and what the camera recorded besides the pixels
(EXIF: GPS position of someone's flat, device, time) is not kept. Files are stored under
data/uploads/ with random names.
"""

from __future__ import annotations

import io
import os
import secrets
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from community_hub.core.config import PROJECT_ROOT
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase

MAX_BYTES = 5 * 1024 * 1024
IMAGE_KINDS = ("png", "jpeg", "webp")
ALL_KINDS = ("png", "jpeg", "webp", "pdf")
CONTENT_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "webp": "image/webp", "pdf": "application/pdf"}
EXTENSIONS = {"png": ".png", "jpeg": ".jpg", "webp": ".webp", "pdf": ".pdf"}
_NAMES = {"png": "PNG", "jpeg": "JPEG", "webp": "WebP", "pdf": "PDF"}
_PILLOW_FORMATS = {"png": "PNG", "jpeg": "JPEG", "webp": "WEBP"}
MAX_PIXELS = 40_000_000  # a 5 MB file that unpacks to gigabytes of pixels is refused, not decoded


def upload_root() -> Path:
    """data/uploads/ in the project, or HUB_UPLOAD_DIR when set (tests, a mounted volume)."""
    custom = os.environ.get("HUB_UPLOAD_DIR")
    return Path(custom) if custom else PROJECT_ROOT / "data" / "uploads"


@dataclass(frozen=True)
class StoredUpload:
    path: str  # relative to the upload root, e.g. "ab/3f9c….png"
    original_name: str
    content_type: str
    size: int


def sniff(data: bytes) -> str | None:
    """The kind of file by its magic bytes, or None when it is none we accept."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data.startswith(b"%PDF-"):
        return "pdf"
    return None


def check_upload(data: bytes, *, allowed: tuple[str, ...] = ALL_KINDS, max_bytes: int = MAX_BYTES) -> str:
    """Return the file's kind, or refuse with a message that says what is accepted."""
    if not data:
        raise ServiceError("The file is empty.")
    if len(data) > max_bytes:
        raise ServiceError(
            phrase("The file is too large ({size} MB); the limit is {limit} MB.",
                   size=format(len(data) / 1_048_576, ".1f"), limit=format(max_bytes / 1_048_576, "g")))
    kind = sniff(data)
    if kind not in allowed:
        names = [_NAMES[k] for k in allowed]
        if len(names) > 1:
            refusal = phrase("That file type is not accepted. Upload a {kinds} or {last} file.",
                             kinds=", ".join(names[:-1]), last=names[-1])
        else:
            refusal = phrase("That file type is not accepted. Upload a {kind} file.", kind=names[0])
        raise ServiceError(refusal)
    if kind in _PILLOW_FORMATS:
        _open_image(data, kind).close()
    return kind


def check_images(files: list[tuple[str, bytes]]) -> None:
    """Check every (name, bytes) picture before any is stored; a refusal names the file."""
    for name, data in files:
        try:
            check_upload(data, allowed=IMAGE_KINDS)
        except ServiceError as exc:
            raise ServiceError(phrase("{name}: {refusal}", name=name, refusal=exc.message)) from None


def _open_image(data: bytes, kind: str) -> Image.Image:
    """The decoded picture, or a refusal: damaged, disguised, or too many pixels."""
    unreadable = ServiceError(phrase("That picture could not be read: it is damaged or not really a {kind} file.",
                                       kind=_NAMES[kind]))
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            img = Image.open(io.BytesIO(data), formats=[_PILLOW_FORMATS[kind]])
            if img.width * img.height > MAX_PIXELS:
                raise ServiceError("That picture has too many pixels; send one of at most 40 megapixels.")
            img.load()
        except ServiceError:
            raise
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise ServiceError("That picture has too many pixels; send one of at most 40 megapixels.") from None
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
            raise unreadable from None
    return img


def reencode_image(data: bytes, kind: str) -> bytes:
    """The picture written afresh in its own format: the pixels, upright, and nothing else."""
    img = _open_image(data, kind)
    upright = ImageOps.exif_transpose(img)  # a phone's "rotate me" tag is applied before it is dropped
    if kind == "jpeg" and upright.mode not in ("RGB", "L"):
        upright = upright.convert("RGB")
    out = io.BytesIO()
    options = {"quality": 90} if kind in ("jpeg", "webp") else {"optimize": True}
    upright.save(out, format=_PILLOW_FORMATS[kind], **options)  # no exif=, no pnginfo=: metadata stays behind
    return out.getvalue()


def _clean_name(filename: str) -> str:
    name = Path(filename or "file").name.strip() or "file"
    return name[:200]


# Catalog images (product photos) are public by nature and are served by /api/media; everything
# else (documents, repair photos, attachments) stays private and is shown only through its page.
PUBLIC_AREA = "catalog"


def store_public_image(data: bytes, filename: str) -> StoredUpload:
    """Store a catalog image in the public area; its path starts with "catalog/"."""
    stored = store_upload(data, filename, allowed=IMAGE_KINDS, root=upload_root() / PUBLIC_AREA)
    return StoredUpload(path=f"{PUBLIC_AREA}/{stored.path}", original_name=stored.original_name,
                        content_type=stored.content_type, size=stored.size)


def public_file(path: str) -> tuple[bytes, str] | None:
    """(bytes, content type) of a public catalog image, or None for anything else."""
    root = (upload_root() / PUBLIC_AREA).resolve()
    target = (upload_root() / path).resolve()
    if not path.startswith(f"{PUBLIC_AREA}/") or root not in target.parents or not target.is_file():
        return None
    data = target.read_bytes()
    kind = sniff(data)
    if kind not in IMAGE_KINDS:
        return None
    return data, CONTENT_TYPES[kind]


def store_upload(
    data: bytes,
    filename: str,
    *,
    allowed: tuple[str, ...] = ALL_KINDS,
    max_bytes: int = MAX_BYTES,
    root: Path | None = None,
) -> StoredUpload:
    """Check then write the file under a random name; nothing is written if the check fails.
    Pictures are stored re-encoded (see the module's comment), PDFs as they came."""
    kind = check_upload(data, allowed=allowed, max_bytes=max_bytes)
    if kind in _PILLOW_FORMATS:
        data = reencode_image(data, kind)
    token = secrets.token_hex(16)
    rel = f"{token[:2]}/{token}{EXTENSIONS[kind]}"
    target = (root or upload_root()) / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return StoredUpload(path=rel, original_name=_clean_name(filename), content_type=CONTENT_TYPES[kind], size=len(data))
