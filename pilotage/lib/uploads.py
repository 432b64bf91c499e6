"""Files people attach (evidence, signed documents): the kinds accepted, told by their
first bytes as well as their name, and their size.

``check(name, head, size, kinds=…, max_bytes=…)`` returns the kind found or raises
:class:`BadUpload` with the reason (``"empty"``, ``"size"``, ``"type"``, ``"content"``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import BinaryIO

MAX_BYTES = 10 * 1024 * 1024
HEAD_BYTES = 2048


@dataclass(frozen=True)
class Kind:
    key: str
    suffixes: tuple[str, ...]
    content_type: str
    magic: tuple[bytes, ...] = ()  # the file starts with one of these; () for text


PDF = Kind("pdf", (".pdf",), "application/pdf", (b"%PDF-",))
XLSX = Kind(
    "xlsx",
    (".xlsx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    (b"PK\x03\x04",),
)
CSV = Kind("csv", (".csv", ".txt"), "text/csv")
PNG = Kind("png", (".png",), "image/png", (b"\x89PNG\r\n\x1a\n",))
JPEG = Kind("jpeg", (".jpg", ".jpeg"), "image/jpeg", (b"\xff\xd8\xff",))
WEBP = Kind("webp", (".webp",), "image/webp", (b"RIFF",))
EVIDENCE = (PDF, XLSX, CSV, PNG, JPEG, WEBP)


class BadUpload(ValueError):
    def __init__(self, code: str, *, max_bytes: int = MAX_BYTES, kinds: tuple[Kind, ...] = ()):
        super().__init__(code)
        self.code, self.max_bytes, self.kinds = code, max_bytes, kinds

    @property
    def suffixes(self) -> str:
        return ", ".join(s for k in self.kinds for s in k.suffixes)


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "cp1252"):
        try:
            # A cut multibyte character at the end of the sample is no fault of the file.
            head.decode(encoding) if encoding != "utf-8" else head[:-4].decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


def check(
    name: str,
    head: bytes,
    size: int,
    *,
    kinds: tuple[Kind, ...] = EVIDENCE,
    max_bytes: int = MAX_BYTES,
) -> Kind:
    """The kind of the file named ``name`` whose first bytes are ``head``."""
    if size <= 0:
        raise BadUpload("empty", kinds=kinds)
    if size > max_bytes:
        raise BadUpload("size", max_bytes=max_bytes, kinds=kinds)
    suffix = PurePath(name or "").suffix.lower()
    kind = next((k for k in kinds if suffix in k.suffixes), None)
    if kind is None:
        raise BadUpload("type", kinds=kinds)
    if kind.magic:
        ok = any(head.startswith(m) for m in kind.magic)
        if kind is WEBP:
            ok = ok and head[8:12] == b"WEBP"
    else:
        ok = _is_text(head)
    if not ok:
        raise BadUpload("content", kinds=kinds)
    return kind


def check_file(
    file: BinaryIO,
    name: str,
    size: int,
    *,
    kinds: tuple[Kind, ...] = EVIDENCE,
    max_bytes: int = MAX_BYTES,
) -> Kind:
    """:func:`check` on an open file, left at its start."""
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    return check(name, head, size, kinds=kinds, max_bytes=max_bytes)


def content_type(name: str, kinds: tuple[Kind, ...] = EVIDENCE) -> str:
    suffix = PurePath(name or "").suffix.lower()
    return next((k.content_type for k in kinds if suffix in k.suffixes), "application/octet-stream")
