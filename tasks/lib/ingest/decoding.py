"""Bytes to text: byte-order marks, UTF-8, HTML charset, a cp1252/charset-normalizer guess; binary
files refused; NFC, Unix newlines and mojibake repaired."""

from __future__ import annotations

import re
import unicodedata

from tasks.lib.ingest.raw import Rejected

_BOMS = [(b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")]
# Signatures of common binary formats that are sometimes saved with a text suffix.
_MAGIC = [(b"%PDF-", "PDF"), (b"PK\x03\x04", "ZIP/Office"), (b"\x1f\x8b", "gzip"), (b"\x89PNG", "PNG"),
          (b"\xff\xd8\xff", "JPEG"), (b"GIF8", "GIF"), (b"\x7fELF", "ELF"), (b"\xd0\xcf\x11\xe0", "OLE/Word"),
          (b"BZh", "bzip2"), (b"\xfd7zXZ", "xz"), (b"7z\xbc\xaf", "7z"), (b"Rar!", "RAR")]
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{2,40})""", re.I)
# UTF-8 text that went through cp1252/latin-1 once too often ("â€™", "Ã©").
_MOJIBAKE = re.compile("[\u00c2\u00c3][\u00a0-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
                       "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]|\u00e2\u20ac")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode_bytes(data: bytes, *, html: bool = False) -> str | Rejected:
    """Decode a file's bytes into NFC text with Unix newlines, repairing common mojibake.

    Order: byte-order mark, strict UTF-8, the HTML ``<meta charset>`` when ``html``, then
    charset-normalizer's best guess.

    Args:
        data: the raw bytes.
        html: also honour a ``<meta charset=...>`` declaration.

    Returns:
        The text, or a ``Rejected`` (``binary`` or ``undecodable``) with an empty source_uri.
    """
    text = None
    for bom, enc in _BOMS:
        if data.startswith(bom):
            text = _try_decode(data, enc)
            break
    if text is None:
        for magic, name in _MAGIC:
            if data.startswith(magic):
                return Rejected("", f"binary: looks like a {name} file", data[:200].hex())
        if b"\x00" in data[:8192]:
            text = _utf16_without_bom(data)
            if text is None:
                return Rejected("", "binary: file contains NUL bytes", data[:200].hex())
    if text is None:
        text = _try_decode(data, "utf-8")
    if text is None and html and (m := _META_CHARSET.search(data[:4096])):
        text = _try_decode(data, m.group(1).decode("ascii", "replace"))
    if text is None:
        text = _guess_decode(data)
    if text is None:
        return Rejected("", "undecodable: no text encoding fits the bytes", data[:200].hex())
    if len(_CONTROL.findall(text[:20000])) > max(8, len(text[:20000]) // 50):
        return Rejected("", "binary: too many control characters for text", data[:200].hex())
    return normalize_text(text)


# Lone UTF-16 surrogates: valid in JSON escapes ("\ud83d", an emoji cut in half), not encodable as UTF-8.
SURROGATE = re.compile("[\ud800-\udfff]")


def normalize_text(text: str) -> str:
    """Unix newlines, NFC, lone surrogates replaced, and mojibake repaired when a cp1252 round trip fixes it."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = SURROGATE.sub("\ufffd", text)
    if _MOJIBAKE.search(text):
        text = _fix_mojibake(text)
    return unicodedata.normalize("NFC", text)


def _fix_mojibake(text: str) -> str:
    # Repair line by line so one legitimately accented line does not block the others.
    out = []
    for line in text.split("\n"):
        if _MOJIBAKE.search(line):
            for enc in ("cp1252", "latin-1"):
                try:
                    line = line.encode(enc).decode("utf-8")
                    break
                except UnicodeError:
                    continue
        out.append(line)
    return "\n".join(out)


def _try_decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _utf16_without_bom(data: bytes) -> str | None:
    # UTF-16 without BOM: NUL in every other byte of ASCII-range text.
    head = data[:4096]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if max(even, odd) > len(head) // 4 and min(even, odd) < len(head) // 50:
        return _try_decode(data, "utf-16-be" if even > odd else "utf-16-le")
    return None


# Non-ASCII characters that Western (cp1252) news text plausibly contains.
_WESTERN = re.compile("[\u00a0-\u00ff\u20ac\u2018-\u201e\u2013\u2014\u2026\u2022\u2122\u0152\u0153\u0160\u0161\u017d\u017e\u0178]")


def _guess_decode(data: bytes) -> str | None:
    # Mostly-ASCII bytes whose few other bytes read as Western letters and symbols in cp1252
    # are cp1252 (the usual legacy encoding of English news files); statistical detectors
    # often call a lone "\xa3" (pound sign) Japanese or Central European.
    western = _try_decode(data, "cp1252")
    if western is not None:
        non_ascii = [ch for ch in western if ord(ch) > 127]
        if sum(1 for ch in non_ascii if _WESTERN.match(ch)) >= 0.9 * len(non_ascii) \
                and len(non_ascii) <= 0.1 * len(western):
            return western
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None
    text = str(best)
    # Reject guesses that read like noise: a few distinct characters repeated (cp949 gibberish).
    sample = text[:5000]
    letters = [ch for ch in sample if ch.isalpha()]
    if len(sample) > 200 and len(set(sample)) < 20 and not any(ch.isascii() and ch.isalpha() for ch in letters):
        return None
    return text
