"""Data files as bytes: size limits, content hashes, what a file really is, which text
encoding it uses, and its conversion to UTF-8. Everything streams in fixed-size chunks, so
memory stays bounded however large the file."""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass
from pathlib import Path

CHUNK = 1 << 20  # 1 MiB
MB = 1_000_000
WARN_BYTES = 25 * MB    # GitHub's web editor refuses uploads above 25 MB
MAX_BYTES = 95 * MB     # GitHub refuses pushes of files above 100 MB
DETECT_SAMPLE = 4 * MB  # bytes fed to the encoding detector at most

# Encodings a town hall's spreadsheet or database export plausibly uses; the detector's
# answer is only trusted within this set (it confuses close single-byte code pages).
PLAUSIBLE = ("cp1252", "iso8859-15", "cp850", "mac-roman", "utf-16")
# Names shown to editors (and written in descriptors) for codec names.
DISPLAY = {"cp1252": "windows-1252", "iso8859-1": "latin-1", "iso8859-15": "iso-8859-15", "cp850": "cp850",
           "mac-roman": "mac-roman", "utf-16": "utf-16", "utf-8": "utf-8", "utf-8-sig": "utf-8"}

_SIGNATURES = {
    b"PK\x03\x04": "un libro de Excel u OpenDocument (.xlsx/.ods) o un archivo comprimido",
    b"\xd0\xcf\x11\xe0": "un libro de Excel antiguo (.xls)",
    b"%PDF": "un documento PDF",
    b"\x1f\x8b": "un archivo comprimido con gzip",
}


def display_name(codec_name: str) -> str:
    return DISPLAY.get(codec_name, codec_name)


def codec_name(declared: str) -> str | None:
    """The Python codec for a declared encoding name, or None when unknown."""
    try:
        return codecs.lookup(declared.strip()).name
    except (LookupError, AttributeError):
        return None


def megabytes(size: int) -> str:
    return f"{size / MB:.1f} MB"


def sha256_of(path: Path) -> str:
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def not_text(path: Path) -> str | None:
    """What the file is instead of a CSV (a spreadsheet, a PDF…), or None."""
    with path.open("rb") as stream:
        head = stream.read(8)
    for signature, what in _SIGNATURES.items():
        if head.startswith(signature):
            return what
    return None


@dataclass(frozen=True)
class Encoding:
    """How a data file is read: the codec, and what an editor should hear about it."""

    codec: str                      # Python codec name used to read the file
    declared: bool                  # the descriptor named it
    bom: bool = False               # a UTF-8 byte-order mark starts the file
    error: str | None = None        # "not-utf8" | "undecodable" | "is-utf8": the declared codec is wrong
    guess: str | None = None        # for "not-utf8": the code page the file seems to use
    error_line: int | None = None
    detected_line: int | None = None  # undeclared, not UTF-8: first line that is not UTF-8
    suspicious: str | None = None   # readable, but probably declared wrongly

    @property
    def name(self) -> str:
        return display_name(self.codec)

    @property
    def is_plain_utf8(self) -> bool:
        """Readable byte-for-byte as UTF-8 without a byte-order mark: publish it as it is."""
        return self.codec == "utf-8" and not self.bom


def _first_undecodable(path: Path, codec: str) -> tuple[int, int] | None:
    """(line, byte offset) of the first byte `codec` cannot decode, or None if it all decodes."""
    decoder = codecs.getincrementaldecoder(codec)("strict")
    offset, lines = 0, 1
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                return lines + chunk[: max(exc.start, 0)].count(b"\n"), offset + max(exc.start, 0)
            lines += chunk.count(b"\n")
            offset += len(chunk)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return lines, offset
    return None


def _detect(path: Path) -> str:
    """Best guess of a non-UTF-8 file's code page, limited to the plausible ones."""
    import chardet  # a dependency of frictionless

    detector = chardet.UniversalDetector()
    fed = 0
    with path.open("rb") as stream:
        while fed < DETECT_SAMPLE and (chunk := stream.read(CHUNK)):
            detector.feed(chunk)
            fed += len(chunk)
            if detector.done:
                break
    guess = detector.close().get("encoding") or ""
    codec = codec_name(guess) if guess else None
    if codec == "cp437":  # the detector's name for DOS text; Spanish DOS used cp850
        codec = "cp850"
    if codec in PLAUSIBLE and _first_undecodable(path, codec) is None:
        return codec
    return "cp1252" if _first_undecodable(path, "cp1252") is None else "iso8859-1"


_NOT_C1 = bytes(range(0x80)) + bytes(range(0xA0, 0x100))  # deleting these leaves only 0x80–0x9F


def _has_c1_controls(path: Path, codec: str) -> bool:
    """Latin-1 text with bytes 0x80–0x9F: invisible control characters, almost always
    windows-1252 text (curly quotes, dashes, €) declared as Latin-1."""
    if codec != "iso8859-1":
        return False
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            if chunk.translate(None, _NOT_C1):
                return True
    return False


def _looks_utf8(path: Path) -> bool:
    """Non-ASCII text that decodes as UTF-8: a file declared as a single-byte code page that
    really is UTF-8 would show "Ã³" instead of "ó"."""
    with path.open("rb") as stream:
        head = stream.read(3)
    if head == codecs.BOM_UTF8:
        return True
    non_ascii = False
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            if max(chunk) >= 0x80:
                non_ascii = True
                break
    return non_ascii and _first_undecodable(path, "utf-8") is None


def resolve_encoding(path: Path, declared: str | None) -> Encoding:
    """How to read `path`: the declared encoding (checked), or UTF-8, or — for an undeclared
    file that is not UTF-8 — the detected code page."""
    with path.open("rb") as stream:
        head = stream.read(4)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and declared is None:
        return Encoding("utf-16", False, detected_line=1)
    bom = head.startswith(codecs.BOM_UTF8)
    if declared is not None:
        codec = codec_name(declared) or "utf-8"
        if codec in ("utf-8", "utf-8-sig"):
            bad = _first_undecodable(path, "utf-8")
            if bad is not None:
                return Encoding("utf-8", True, bom, error="not-utf8", guess=_detect(path), error_line=bad[0])
            return Encoding("utf-8", True, bom)
        bad = _first_undecodable(path, codec)
        if bad is not None:
            return Encoding(codec, True, error="undecodable", error_line=bad[0])
        if _looks_utf8(path):
            return Encoding(codec, True, error="is-utf8")
        if _has_c1_controls(path, codec):
            return Encoding(codec, True, suspicious="windows-1252")
        return Encoding(codec, True)
    bad = _first_undecodable(path, "utf-8")
    if bad is None:
        return Encoding("utf-8", False, bom)
    return Encoding(_detect(path), False, detected_line=bad[0])


def to_utf8(source: Path, target: Path, encoding: Encoding) -> tuple[int, str]:
    """Write `source` to `target` as UTF-8 without a byte-order mark, chunk by chunk, and
    return (bytes, sha256) of what was written. Cell contents stay exactly the same text."""
    codec = "utf-8-sig" if encoding.codec == "utf-8" else encoding.codec
    decoder = codecs.getincrementaldecoder(codec)("strict")
    digest, size = hashlib.sha256(), 0
    first = True
    with source.open("rb") as reader, target.open("wb") as writer:
        while True:
            chunk = reader.read(CHUNK)
            text = decoder.decode(chunk, final=not chunk)
            if first and text:
                text = text.removeprefix("\ufeff")  # utf-16's decoder keeps no BOM; utf-8-sig drops it
                first = False
            data = text.encode("utf-8")
            writer.write(data)
            digest.update(data)
            size += len(data)
            if not chunk:
                break
    return size, digest.hexdigest()
