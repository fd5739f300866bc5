"""Bytes to text: a definition file is UTF-8; anything else (a byte order mark of UTF-16 or
UTF-32, such text without one, a NUL byte, invalid UTF-8) is a ``DecodeError`` whose message
says what the file is and where, in words a person acts on."""

from __future__ import annotations

import codecs

_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


class DecodeError(ValueError):
    """A file that is not UTF-8 text; ``line`` and ``column`` say where (1-based)."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


def decode(raw: bytes) -> str:
    """UTF-8 text of a file, or raise DecodeError with a message a person understands."""
    for bom, name in _BOMS:
        if raw.startswith(bom):
            raise DecodeError(
                "file is encoded as %s; mkto-lint reads UTF-8 only (re-save the file as UTF-8)" % name
            )
    name = _bomless_utf16_32(raw)
    if name:
        raise DecodeError(
            "file looks encoded as %s (without a byte order mark); mkto-lint reads UTF-8 only "
            "(re-save the file as UTF-8)" % name
        )
    if b"\x00" in raw:
        raise DecodeError("file holds a NUL byte: it is binary, not YAML or JSON", *_byte_position(raw, raw.index(b"\x00")))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DecodeError(
            "file is not valid UTF-8: byte 0x%02x cannot start a character (re-save the file as UTF-8)"
            % raw[exc.start], *_byte_position(raw, exc.start)
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def _byte_position(raw, at):
    """(line, column) of byte offset ``at``, lines and columns counted as ``line_col`` does."""
    breaks = raw.count(b"\n", 0, at) + raw.count(b"\r", 0, at) - raw.count(b"\r\n", 0, at)
    start = max(raw.rfind(b"\n", 0, at), raw.rfind(b"\r", 0, at)) + 1
    return breaks + 1, len(raw[start:at].decode("utf-8", "replace")) + 1


def _bomless_utf16_32(raw):
    """UTF-16 or UTF-32 text without a BOM, told by where the NUL bytes of its first (ASCII)
    character fall, as RFC 4627 section 3 detects JSON's encoding."""
    head = raw[:4]
    if len(head) < 2 or head[:2] == b"\x00\x00" and len(head) < 4:
        return None
    if len(head) == 4 and head[:3] == b"\x00\x00\x00" and head[3]:
        return "UTF-32"
    if len(head) == 4 and head[0] and head[1:] == b"\x00\x00\x00":
        return "UTF-32"
    if head[0] == 0 and head[1] and (len(head) < 4 or head[2] == 0):
        return "UTF-16"
    if head[0] and head[1] == 0 and (len(head) < 4 or head[3] == 0):
        return "UTF-16"
    return None


__all__ = ["decode", "DecodeError"]
