"""The dataset stage on small sites built from the base fixture: encodings, formula-like
cells, size limits, the validation cache, what is published and how the problems read."""

from __future__ import annotations

import hashlib
import json

import pytest

from helpers import BASE_EPOCH, BASE_SITE, make_site, tree_digest
from gobabierto.datasets import cache as datacache
from gobabierto.datasets import validate as datacheck, tabular
from gobabierto.datasets.dataset import DEFAULT_LICENSE, effective_licenses
from gobabierto.build.site import build_site
from gobabierto.build.stages import load_site
from gobabierto.core.problems import ContentError, Problems

CSV = "datasets/obras/obras.csv"
DESCRIPTOR = "datasets/obras/datapackage.yaml"
BASE_YAML = (BASE_SITE / DESCRIPTOR).read_text(encoding="utf-8")
HEAD = "comunidad,obra,monto_mxn,fecha_inicio\n"
ROWS = "Centro,Pavimentación de calle Hidalgo,250000.50,2024-03-01\nLa Loma,Aula escolar,410000,2024-05-12\n"


@pytest.fixture(autouse=True)
def build_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BASE_EPOCH)


def yaml_with(old: str, new: str) -> str:
    assert old in BASE_YAML
    return BASE_YAML.replace(old, new)


def data_problems(root) -> tuple[Problems, list[tuple]]:
    problems = Problems()
    site = load_site(root, problems)
    found = [(*p.as_tuple(), p.severity) for p in problems.sorted() if p.location.path.startswith("datasets/")]
    return site, found


def message_of(root, code: str) -> str:
    problems = Problems()
    load_site(root, problems)
    return next(p.message for p in problems.items if p.code == code)


@pytest.fixture()
def counted(monkeypatch):
    """Counts how many times datasets are validated with frictionless (cache misses)."""
    calls = []
    real = datacheck._compute

    def compute(*args, **kwargs):
        if not args[0].startswith("datos/registros/"):  # the records package, generated and validated at build
            calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(datacheck, "_compute", compute)
    return calls


# --- encodings ---------------------------------------------------------------------------

def test_undeclared_windows_1252_is_detected_validated_and_published_as_utf8(tmp_path):
    text = HEAD + ROWS
    root = make_site(tmp_path / "sitio", {DESCRIPTOR: yaml_with("    encoding: utf-8\n", ""),
                                          CSV: text.encode("cp1252")})
    site, found = data_problems(root)
    assert found == [(CSV, 2, "", "csv-codificacion-detectada", "warning")]
    assert "windows-1252" in message_of(root, "csv-codificacion-detectada")
    result = build_site(root, tmp_path / "_site")
    published = tmp_path / "_site" / "datos" / "obras"
    assert (published / "obras.csv").read_bytes() == text.encode("utf-8")
    assert (root / CSV).read_bytes() == text.encode("cp1252"), "the source is never rewritten"
    resource = json.loads((published / "datapackage.json").read_text(encoding="utf-8"))["resources"][0]
    assert resource["encoding"] == "utf-8"
    assert resource["bytes"] == len(text.encode("utf-8"))
    assert resource["hash"] == "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
    page = (published / "index.html").read_text(encoding="utf-8")
    assert "windows-1252" in page and "convertido a UTF-8" in page
    assert result.site.datasets[0].resources[0].encoding_detected


def test_a_utf8_bom_is_accepted_silently_and_not_published(tmp_path):
    root = make_site(tmp_path / "sitio", {CSV: b"\xef\xbb\xbf" + (HEAD + ROWS).encode()})
    _, found = data_problems(root)
    assert found == []
    build_site(root, tmp_path / "_site")
    assert (tmp_path / "_site/datos/obras/obras.csv").read_bytes() == (HEAD + ROWS).encode()


def test_a_declared_windows_1252_file_is_honoured(tmp_path):
    root = make_site(tmp_path / "sitio", {DESCRIPTOR: yaml_with("encoding: utf-8", "encoding: windows-1252"),
                                          CSV: (HEAD + ROWS).encode("cp1252")})
    _, found = data_problems(root)
    assert found == []
    build_site(root, tmp_path / "_site")
    assert (tmp_path / "_site/datos/obras/obras.csv").read_text(encoding="utf-8") == HEAD + ROWS


# --- formula-like cells --------------------------------------------------------------------

def test_text_cells_that_look_like_formulas_are_warned_and_published_byte_exact(tmp_path):
    csv = (HEAD + 'Centro,"=HYPERLINK(""http://x.example"",""ver"")",250000.50,2024-03-01\n'
           "La Loma,@SUMA(1),-5,2024-05-12\n"
           "-,+52 55 1234,7,2024-06-01\n"
           "El Río,Puente - 2a etapa,8,2024-07-01\n")
    root = make_site(tmp_path / "sitio", {CSV: csv, DESCRIPTOR: yaml_with(", constraints: {minimum: 0}", "")})
    _, found = data_problems(root)
    assert found == [
        (CSV, 2, "obra", "csv-formula", "warning"),
        (CSV, 3, "obra", "csv-formula", "warning"),
        (CSV, 4, "obra", "csv-formula", "warning"),
    ]  # "-5" is a number, "-" alone is no formula, a dash inside a text is fine
    build_site(root, tmp_path / "_site")
    assert (tmp_path / "_site/datos/obras/obras.csv").read_bytes() == csv.encode()
    assert "3 celdas de texto empiezan con" in (tmp_path / "_site/datos/obras/index.html").read_text(encoding="utf-8")


# --- size ----------------------------------------------------------------------------------

def test_a_large_file_is_a_warning_and_a_huge_one_an_error_with_advice(tmp_path, monkeypatch):
    size = (BASE_SITE / CSV).stat().st_size
    monkeypatch.setattr(tabular, "WARN_BYTES", size - 1)
    root = make_site(tmp_path / "grande", {})
    _, found = data_problems(root)
    assert found == [(CSV, None, "", "csv-archivo-grande", "warning")]
    monkeypatch.setattr(tabular, "MAX_BYTES", size - 1)
    root = make_site(tmp_path / "enorme", {})
    _, found = data_problems(root)
    assert found == [(CSV, None, "", "csv-archivo-demasiado-grande", "error")]
    message = message_of(root, "csv-archivo-demasiado-grande")
    assert "100 MB" in message and "por año" in message and "LFS" in message


# --- the cache -----------------------------------------------------------------------------

def test_an_unchanged_dataset_is_not_validated_again_and_its_warnings_still_show(tmp_path, counted):
    csv = HEAD + ROWS + "El Río,=1+1,5,2025-01-20\n"
    root = make_site(tmp_path / "sitio", {CSV: csv})
    _, first = data_problems(root)
    assert len(counted) == 1 and first == [(CSV, 4, "obra", "csv-formula", "warning")]
    _, second = data_problems(root)
    assert len(counted) == 1, "validated again although nothing changed"
    assert second == first
    build_site(root, tmp_path / "_site")
    assert len(counted) == 1
    (root / CSV).write_text(csv.replace("5,2025", "6,2025"), encoding="utf-8")  # one byte
    data_problems(root)
    assert len(counted) == 2
    (root / DESCRIPTOR).write_text(BASE_YAML.replace("minimum: 0", "minimum: 1"), encoding="utf-8")
    data_problems(root)
    assert len(counted) == 3


def test_cached_descriptor_problems_follow_the_lines_of_the_descriptor(tmp_path, counted):
    broken = yaml_with("title: Obras públicas por comunidad\n", "title: Obras públicas por comunidad\ncontributors: Obras\n")
    root = make_site(tmp_path / "sitio", {DESCRIPTOR: broken})
    assert data_problems(root)[1] == [(DESCRIPTOR, 3, "contributors", "csv-package-error", "error")]
    (root / DESCRIPTOR).write_text("# Obras del municipio\n\n" + broken, encoding="utf-8")
    assert data_problems(root)[1] == [(DESCRIPTOR, 5, "contributors", "csv-package-error", "error")]
    assert len(counted) == 1


def test_a_corrupt_cache_entry_is_recomputed(tmp_path, counted):
    root = make_site(tmp_path / "sitio", {})
    data_problems(root)
    for entry in (root / ".gobabierto-cache" / "datos" / "obras").iterdir():
        (entry / "resultado.json").write_text("{no es json", encoding="utf-8")
    site, found = data_problems(root)
    assert found == [] and len(counted) == 2 and site.datasets[0].rows == 3
    assert (root / ".gobabierto-cache" / ".gitignore").read_text(encoding="utf-8").strip().endswith("*")


# --- problems ------------------------------------------------------------------------------

def test_a_bad_date_and_an_out_of_range_number_give_two_spanish_errors_and_nothing_is_published(tmp_path):
    root = make_site(tmp_path / "sitio", {CSV: HEAD + "Centro,Pavimentación,250000.50,2024-02-30\n"
                                               "La Loma,Aula escolar,-410000,2024-05-12\n"})
    output = tmp_path / "_site"
    build_site(make_site(tmp_path / "bueno", {}), output)
    before = tree_digest(output)
    with pytest.raises(ContentError) as failure:
        build_site(root, output)
    errors = failure.value.problems.errors
    assert [p.as_tuple() for p in errors] == [(CSV, 2, "fecha_inicio", "csv-type-error"),
                                              (CSV, 3, "monto_mxn", "csv-constraint-error")]
    assert "«2024-02-30»" in errors[0].message and "fecha" in errors[0].message
    assert "«-410000»" in errors[1].message and "mínimo permitido es 0" in errors[1].message
    assert tree_digest(output) == before


def test_many_rows_with_the_same_mistake_are_summarised_after_ten(tmp_path):
    rows = "".join(f"Comunidad {i},Obra {i},100,31/01/2024\n" for i in range(15))
    root = make_site(tmp_path / "sitio", {CSV: HEAD + rows})
    _, found = data_problems(root)
    assert found == [(CSV, line, "fecha_inicio", "csv-type-error", "error") for line in range(2, 13)]
    problems = Problems()
    load_site(root, problems)
    summary = [p for p in problems.items if p.location.line == 12][0]
    assert summary.message == "y 5 filas más con el mismo problema en esta columna: filas 12, 13, 14, 15, 16"


def test_a_short_description_is_warned_and_completed_for_search_engines(tmp_path):
    root = make_site(tmp_path / "sitio", {DESCRIPTOR: yaml_with(
        "description: Obras públicas registradas por comunidad, con su monto y fechas, para el seguimiento ciudadano.",
        "description: Obras por comunidad.")})
    _, found = data_problems(root)
    assert found == [(DESCRIPTOR, 3, "description", "descripcion-corta", "warning")]
    build_site(root, tmp_path / "_site")
    page = (tmp_path / "_site/datos/obras/index.html").read_text(encoding="utf-8")
    data = json.loads(page.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert data["@type"] == "Dataset" and 50 <= len(data["description"]) <= 5000
    assert "Obras por comunidad." in data["description"]


# --- what is published ---------------------------------------------------------------------

def test_external_schema_semicolons_and_day_month_year_dates(tmp_path):
    schema = ("fields:\n  - {name: comunidad, type: string}\n  - {name: fecha, type: date, format: '%d/%m/%Y'}\n"
              "  - {name: monto, type: number}\n")
    csv = "comunidad;fecha;monto\nBenito Juárez;31/12/2024;1250.5\n"
    root = make_site(tmp_path / "sitio", {
        DESCRIPTOR: BASE_YAML.split("resources:")[0] + "resources:\n  - path: obras.csv\n    schema: esquema.yaml\n",
        "datasets/obras/esquema.yaml": schema, CSV: csv})
    _, found = data_problems(root)
    assert found == []
    build_site(root, tmp_path / "_site")
    published = tmp_path / "_site/datos/obras"
    descriptor = json.loads((published / "datapackage.json").read_text(encoding="utf-8"))
    resource = descriptor["resources"][0]
    assert resource["name"] == "obras" and resource["dialect"] == {"delimiter": ";"}
    assert resource["schema"]["fields"][1] == {"name": "fecha", "type": "date", "format": "%d/%m/%Y"}
    assert json.loads((published / "obras.json").read_text(encoding="utf-8")) == [
        {"comunidad": "Benito Juárez", "fecha": "2024-12-31", "monto": 1250.5}]
    import frictionless

    report = frictionless.validate(str(published / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])
    page = (published / "index.html").read_text(encoding="utf-8")
    assert "fecha DD/MM/AAAA" in page


def test_licences_default_to_the_site_then_to_libre_uso_mx():
    assert effective_licenses((), None) == [DEFAULT_LICENSE]
    assert effective_licenses((), "CC-BY-4.0") == [{"name": "CC-BY-4.0", "title": "Creative Commons Atribución 4.0 Internacional",
                                                    "path": "https://creativecommons.org/licenses/by/4.0/"}]
    assert effective_licenses(({"name": "ODbL-1.0", "title": "ODbL"},), "CC-BY-4.0")[0]["title"] == "ODbL"


def test_a_commitment_named_only_by_the_dataset_still_links_back_to_it(tmp_path):
    root = make_site(tmp_path / "sitio", {DESCRIPTOR: yaml_with("compromisos: [portal-de-datos]",
                                                                "compromisos: [portal-de-datos, talleres]")})
    assert "datasets:" not in (root / "content/compromisos/talleres.md").read_text(encoding="utf-8")
    build_site(root, tmp_path / "_site")
    assert 'href="/prueba/datos/obras/"' in (tmp_path / "_site/compromisos/talleres/index.html").read_text(encoding="utf-8")


def test_the_cache_forgets_datasets_the_site_no_longer_has(tmp_path):
    root = make_site(tmp_path / "sitio", {})
    data_problems(root)
    cache = root / ".gobabierto-cache" / "datos"
    memo = cache / datacache.HASHES  # the memo of the data files' hashes, beside the entries
    assert sorted(p.name for p in cache.iterdir()) == sorted(["obras", memo.name])
    assert "datasets/obras/" in memo.read_text(encoding="utf-8")
    (root / "datasets" / "obras").rename(root / "datasets" / "obras-publicas")
    data_problems(root)
    assert sorted(p.name for p in cache.iterdir()) == sorted(["obras-publicas", memo.name])
    assert "datasets/obras/" not in memo.read_text(encoding="utf-8")


def test_frictionless_failing_on_odd_content_is_a_located_problem(tmp_path, monkeypatch):
    import frictionless

    def broken(self, *args, **kwargs):
        raise ValueError("fallo interno")

    monkeypatch.setattr(frictionless.Resource, "validate", broken)
    monkeypatch.setattr(datacheck.fastcheck, "check", lambda *args, **kwargs: None)  # the file goes to frictionless
    root = make_site(tmp_path / "sitio", {})
    _, found = data_problems(root)
    assert found == [(CSV, None, "", "csv-source-error", "error")]
    assert "fallo interno" in message_of(root, "csv-source-error")


def test_a_site_whose_cache_cannot_be_written_still_builds(tmp_path, counted):
    root = make_site(tmp_path / "sitio", {".gobabierto-cache": "no es una carpeta"})
    _, found = data_problems(root)
    assert found == []
    build_site(root, tmp_path / "_site")
    assert (tmp_path / "_site/datos/obras/obras.json").is_file()
    assert len(counted) == 2  # nothing could be kept between the two runs
