"""Data files as bytes: encodings declared, detected and converted; streaming in bounded memory."""

import codecs
import hashlib
import tracemalloc

import pytest

from gobabierto.datasets import tabular

TEXT = "comunidad,obra\nBenito Juárez,Construcción de aula\nEl Niño,Ampliación de red eléctrica\n"


def write(tmp_path, data: bytes, name="datos.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_plain_utf8_is_read_as_it_is(tmp_path):
    enc = tabular.resolve_encoding(write(tmp_path, TEXT.encode()), None)
    assert (enc.codec, enc.declared, enc.bom, enc.error, enc.detected_line) == ("utf-8", False, False, None, None)
    assert enc.is_plain_utf8


def test_a_utf8_bom_is_noticed_and_dropped_on_conversion(tmp_path):
    source = write(tmp_path, codecs.BOM_UTF8 + TEXT.encode())
    enc = tabular.resolve_encoding(source, "utf-8")
    assert enc.codec == "utf-8" and enc.bom and not enc.is_plain_utf8 and enc.error is None
    size, digest = tabular.to_utf8(source, tmp_path / "out.csv", enc)
    assert (tmp_path / "out.csv").read_bytes() == TEXT.encode()
    assert size == len(TEXT.encode()) and digest == hashlib.sha256(TEXT.encode()).hexdigest()


@pytest.mark.parametrize("codec, shown", [("cp1252", "windows-1252"), ("cp850", "cp850")])
def test_an_undeclared_single_byte_file_is_detected_on_its_first_non_utf8_line(tmp_path, codec, shown):
    source = write(tmp_path, (TEXT * 3).encode(codec))
    enc = tabular.resolve_encoding(source, None)
    assert enc.name == shown and not enc.declared and enc.detected_line == 2
    tabular.to_utf8(source, tmp_path / "out.csv", enc)
    assert (tmp_path / "out.csv").read_text(encoding="utf-8") == TEXT * 3


def test_an_undeclared_utf16_file_with_its_bom_is_detected(tmp_path):
    source = write(tmp_path, TEXT.encode("utf-16"))
    enc = tabular.resolve_encoding(source, None)
    assert enc.codec == "utf-16" and enc.detected_line == 1
    tabular.to_utf8(source, tmp_path / "out.csv", enc)
    assert (tmp_path / "out.csv").read_bytes() == TEXT.encode("utf-8")


def test_declared_utf8_that_is_not_names_the_line_and_the_likely_code_page(tmp_path):
    enc = tabular.resolve_encoding(write(tmp_path, TEXT.encode("cp1252")), "utf-8")
    assert (enc.error, enc.error_line, enc.guess) == ("not-utf8", 2, "cp1252")


def test_declared_windows_1252_that_is_really_utf8_is_an_error(tmp_path):
    enc = tabular.resolve_encoding(write(tmp_path, TEXT.encode("utf-8")), "windows-1252")
    assert enc.error == "is-utf8"
    ascii_only = tabular.resolve_encoding(write(tmp_path, b"a,b\n1,2\n", "ascii.csv"), "windows-1252")
    assert ascii_only.error is None  # nothing to misread


def test_declared_latin1_with_windows_only_characters_is_suspicious(tmp_path):
    source = write(tmp_path, "obra\n“Puente” — 2ª etapa\n".encode("cp1252"))
    enc = tabular.resolve_encoding(source, "latin-1")
    assert enc.error is None and enc.suspicious == "windows-1252"
    assert tabular.resolve_encoding(write(tmp_path, TEXT.encode("latin-1"), "b.csv"), "latin-1").suspicious is None


def test_a_declared_code_page_that_cannot_decode_the_file_is_an_error(tmp_path):
    enc = tabular.resolve_encoding(write(tmp_path, b"a\n\x81\x8d\n"), "windows-1252")
    assert (enc.error, enc.error_line) == ("undecodable", 2)


def test_spreadsheets_and_pdfs_renamed_to_csv_are_recognised(tmp_path):
    assert "Excel" in tabular.not_text(write(tmp_path, b"PK\x03\x04rest"))
    assert "PDF" in tabular.not_text(write(tmp_path, b"%PDF-1.7", "b.csv"))
    assert tabular.not_text(write(tmp_path, TEXT.encode(), "c.csv")) is None


def test_unknown_encoding_names_are_not_codecs():
    assert tabular.codec_name("windows-1252") == "cp1252"
    assert tabular.codec_name("UTF-8") == "utf-8"
    assert tabular.codec_name("utf8-mx") is None


def test_hashing_detection_and_conversion_stream_in_bounded_memory(tmp_path):
    line = "Construcción de aula en la comunidad de Benito Juárez,1250.50\n".encode("cp1252")
    source = tmp_path / "grande.csv"
    with source.open("wb") as out:
        for _ in range(24):
            out.write(line * (1_000_000 // len(line)))
    size = source.stat().st_size
    assert size > 20_000_000
    tracemalloc.start()
    try:
        digest = tabular.sha256_of(source)
        enc = tabular.resolve_encoding(source, None)
        written, _ = tabular.to_utf8(source, tmp_path / "salida.csv", enc)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert enc.name == "windows-1252" and digest == hashlib.sha256(source.read_bytes()).hexdigest()
    assert written == (tmp_path / "salida.csv").stat().st_size > size
    assert peak < 12 * tabular.CHUNK, f"peak {peak} bytes for a {size}-byte file"


def test_sizes_in_megabytes():
    assert tabular.megabytes(96_400_000) == "96.4 MB"
