"""The dataset catalogue for harvesters: one Data Package of the whole site, DCAT as
JSON-LD, and DCAT-US / Project Open Data v1.1 (`data.json`).

Everything here is computed from the published descriptors (what an analyst downloads),
so the catalogue can never describe files other than the ones on the site."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from gobabierto.content.models import Site
from gobabierto.core import clock
from gobabierto.core.slugs import slugify
from gobabierto.pages.urls import Urls
from gobabierto.text import i18n
from gobabierto.text.i18n import N_

POD_SCHEMA = "https://project-open-data.cio.gov/v1.1/schema"
LICENSE_URLS = {
    "libre-uso-mx": "https://datos.gob.mx/libreusomx",
    "cc-by-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "cc-by-sa-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "cc0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
    "odc-by-1.0": "https://opendatacommons.org/licenses/by/1-0/",
    "odbl-1.0": "https://opendatacommons.org/licenses/odbl/1-0/",
    "pddl-1.0": "https://opendatacommons.org/licenses/pddl/1-0/",
}
# periodicidad → ISO 8601 repeating interval (POD) and EU frequency authority (DCAT)
PERIODICITY = {
    "diaria": ("R/P1D", "DAILY"), "semanal": ("R/P1W", "WEEKLY"), "mensual": ("R/P1M", "MONTHLY"),
    "trimestral": ("R/P3M", "QUARTERLY"), "semestral": ("R/P6M", "ANNUAL_2"), "anual": ("R/P1Y", "ANNUAL"),
    "eventual": ("irregular", "IRREG"),
}
_INTERVAL = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?/\d{4}(-\d{2}(-\d{2})?)?$")
FORMATS = {"csv": ("CSV", "text/csv"), "json": ("JSON", "application/json"), "xlsx": (
    "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")}


def license_url(entry: dict) -> str | None:
    if entry.get("path"):
        return entry["path"]
    return LICENSE_URLS.get(str(entry.get("name", "")).lower())


class Catalog:
    """Catalogue views of the published packages: `packages` maps slug → descriptor."""

    def __init__(self, site: Site, urls: Urls, packages: dict[str, dict]):
        self.site, self.urls, self.packages = site, urls, dict(sorted(packages.items()))

    # facts shared by every format ---------------------------------------------------------
    def landing(self, slug: str) -> str:
        return self.urls.absolute(Urls.dataset(slug))

    def file_url(self, slug: str, path: str) -> str:
        return self.urls.absolute(f"/datos/{slug}/{path}")

    def modified(self, slug: str | None = None) -> date:
        """When the data last changed: the dataset's folder (a dataset made from the records,
        the records), or all the content. From Git, else from the files' dates; the build's
        date only when nothing is known at all (a site built in memory)."""
        dataset = next((d for d in self.site.datasets if d.slug == slug), None) if slug is not None else None
        updated = self.site.last_change(dataset) if dataset is not None or slug is None else None
        return updated.when if updated is not None else self.site.today

    def publisher(self, package: dict) -> tuple[str, str | None]:
        """(office, municipality name) publishing the dataset."""
        municipality = self.site.get("municipio", package.get("municipio"))
        town = municipality.nombre if municipality else None
        office = package.get("dependencia") or town or self.site.config.titulo
        return office, (town if town and town != office else None)

    def contact(self, package: dict) -> tuple[str, str | None]:
        own = package.get("contacto") or {}
        site_contact = self.site.config.contacto
        email = own.get("correo") or (site_contact.correo if site_contact else None)
        name = own.get("nombre") or package.get("dependencia") or self.site.config.titulo
        return name, email

    def keywords(self, package: dict) -> list[str]:
        return [str(k) for k in package.get("keywords") or ()]

    def api_files(self, slug: str) -> list[tuple[str, str]]:
        """(absolute address, title) of the API files that hold a dataset's rows as JSON (the
        records package's JSON form: it publishes no JSON copy of its tables)."""
        dataset = next((d for d in self.site.datasets if d.slug == slug), None)
        paths = dict.fromkeys(r.api for r in (dataset.resources if dataset is not None else ()) if r.api)
        _ = i18n.language(self.site.config.idioma).gettext
        return [(self.urls.absolute(path), _(N_("%(file)s (API JSON de los registros)"), file=path.rsplit("/", 1)[-1]))
                for path in paths]

    # Data Package of the whole site -------------------------------------------------------
    def site_package(self) -> dict:
        resources = []
        for slug, package in self.packages.items():
            for resource in package.get("resources", ()):
                entry = {k: v for k, v in resource.items()}
                entry["name"] = f"{slug}.{resource['name']}"
                entry["path"] = f"datos/{slug}/{resource['path']}"
                entry.setdefault("title", package.get("title"))
                entry["licenses"] = package.get("licenses", [])
                schema = entry.get("schema")
                if isinstance(schema, dict) and schema.get("foreignKeys"):
                    schema = dict(schema)
                    schema["foreignKeys"] = [
                        {**fk, "reference": {**fk["reference"], "resource": f"{slug}.{fk['reference']['resource']}"
                                             if fk["reference"].get("resource") else ""}}
                        for fk in schema["foreignKeys"]]
                    entry["schema"] = schema
                resources.append(entry)
        config = self.site.config
        _ = i18n.language(config.idioma).gettext
        descriptor: dict[str, Any] = {
            "name": slugify(config.titulo) or "gobierno-abierto",
            "title": _(N_("%(site)s: todos los conjuntos de datos"), site=config.titulo),
            "description": config.descripcion or _(N_("Catálogo de datos abiertos de %(site)s."), site=config.titulo),
            "homepage": self.urls.absolute("/datos/"),
            "created": clock.build_timestamp(self.site.config.zona_horaria),
            "resources": resources,
        }
        if config.licencia:
            descriptor["licenses"] = [{"name": config.licencia, **({"path": license_url({"name": config.licencia})}
                                                                   if license_url({"name": config.licencia}) else {})}]
        return descriptor

    # DCAT-US / Project Open Data v1.1 ------------------------------------------------------
    def pod(self) -> dict:
        datasets = []
        for slug, package in self.packages.items():
            office, town = self.publisher(package)
            publisher: dict[str, Any] = {"@type": "org:Organization", "name": office}
            if town:
                publisher["subOrganizationOf"] = {"@type": "org:Organization", "name": town}
            name, email = self.contact(package)
            contact = {"@type": "vcard:Contact", "fn": name}
            if email:
                contact["hasEmail"] = f"mailto:{email}"
            entry: dict[str, Any] = {
                "@type": "dcat:Dataset",
                "title": package.get("title") or slug,
                "description": package.get("description") or package.get("title") or slug,
                "keyword": self.keywords(package) or [package.get("title") or slug],
                "modified": self.modified(slug).isoformat(),
                "publisher": publisher,
                "contactPoint": contact,
                "identifier": self.landing(slug),
                "accessLevel": "public",
                "landingPage": self.landing(slug),
                "language": [self.site.config.idioma],
                "describedBy": self.file_url(slug, "datapackage.json"),
                "describedByType": "application/json",
                "distribution": [self._pod_distribution(slug, r) for r in package.get("resources", ())] + [
                    {"@type": "dcat:Distribution", "downloadURL": url, "mediaType": "application/json", "format": "JSON",
                     "title": title} for url, title in self.api_files(slug)],
            }
            licenses = [u for u in (license_url(lic) for lic in package.get("licenses", ())) if u]
            if licenses:
                entry["license"] = licenses[0]
            periodicity = PERIODICITY.get(package.get("periodicidad") or "")
            if periodicity:
                entry["accrualPeriodicity"] = periodicity[0]
            if package.get("cobertura_geografica"):
                entry["spatial"] = str(package["cobertura_geografica"])
            if _INTERVAL.match(str(package.get("cobertura_temporal") or "")):
                entry["temporal"] = str(package["cobertura_temporal"])
            if package.get("tema"):
                entry["theme"] = [str(package["tema"])]
            datasets.append(entry)
        return {
            "@context": f"{POD_SCHEMA}/catalog.jsonld",
            "@type": "dcat:Catalog",
            "conformsTo": POD_SCHEMA,
            "describedBy": f"{POD_SCHEMA}/catalog.json",
            "dataset": datasets,
        }

    def _pod_distribution(self, slug: str, resource: dict) -> dict:
        label, media = FORMATS.get(str(resource.get("format", "csv")).lower(), ("CSV", "text/csv"))
        entry = {
            "@type": "dcat:Distribution",
            "downloadURL": self.file_url(slug, resource["path"]),
            "mediaType": resource.get("mediatype") or media,
            "format": label,
            "title": resource.get("title") or resource["name"],
            "describedBy": self.file_url(slug, "datapackage.json"),
            "describedByType": "application/json",
        }
        if resource.get("description"):
            entry["description"] = resource["description"]
        return entry

    # DCAT as JSON-LD -----------------------------------------------------------------------
    CONTEXT = {
        "dcat": "http://www.w3.org/ns/dcat#",
        "dct": "http://purl.org/dc/terms/",
        "foaf": "http://xmlns.com/foaf/0.1/",
        "vcard": "http://www.w3.org/2006/vcard/ns#",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
        "spdx": "http://spdx.org/rdf/terms#",
        "frictionless": "https://specs.frictionlessdata.io/",
    }

    def dcat(self) -> dict:
        config = self.site.config
        language = {"@id": f"http://id.loc.gov/vocabulary/iso639-1/{config.idioma.split('-')[0].lower()}"}
        lang = config.idioma
        datasets = []
        for slug, package in self.packages.items():
            office, town = self.publisher(package)
            name, email = self.contact(package)
            contact: dict[str, Any] = {"@type": "vcard:Organization", "vcard:fn": name}
            if email:
                contact["vcard:hasEmail"] = {"@id": f"mailto:{email}"}
            entry: dict[str, Any] = {
                "@id": self.landing(slug),
                "@type": "dcat:Dataset",
                "dct:identifier": slug,
                "dct:title": {"@value": package.get("title") or slug, "@language": lang},
                "dct:description": {"@value": package.get("description") or "", "@language": lang},
                "dcat:keyword": [{"@value": k, "@language": lang} for k in self.keywords(package)],
                "dct:publisher": {"@type": "foaf:Organization", "foaf:name": office},
                "dcat:contactPoint": contact,
                "dct:modified": {"@value": self.modified(slug).isoformat(), "@type": "xsd:date"},
                "dct:language": language,
                "dcat:landingPage": {"@id": self.landing(slug)},
                "dct:conformsTo": {"@id": "https://specs.frictionlessdata.io/data-package/"},
                "dcat:distribution": [self._dcat_distribution(slug, package, r) for r in package.get("resources", ())] + [
                    {"@id": url, "@type": "dcat:Distribution", "dct:title": {"@value": title, "@language": lang},
                     "dcat:downloadURL": {"@id": url}, "dcat:accessURL": {"@id": self.landing(slug)},
                     "dcat:mediaType": {"@id": "https://www.iana.org/assignments/media-types/application/json"},
                     "dct:format": "JSON"} for url, title in self.api_files(slug)],
            }
            if town:
                entry["dct:spatial"] = {"@type": "dct:Location", "skos:prefLabel": town}
            elif package.get("cobertura_geografica"):
                entry["dct:spatial"] = {"@type": "dct:Location", "skos:prefLabel": str(package["cobertura_geografica"])}
            licenses = [u for u in (license_url(lic) for lic in package.get("licenses", ())) if u]
            if licenses:
                entry["dct:license"] = {"@id": licenses[0]}
            periodicity = PERIODICITY.get(package.get("periodicidad") or "")
            if periodicity:
                entry["dct:accrualPeriodicity"] = {
                    "@id": f"http://publications.europa.eu/resource/authority/frequency/{periodicity[1]}"}
            if package.get("tema"):
                entry["dcat:theme"] = {"@value": str(package["tema"]), "@language": lang}
            datasets.append(entry)
        context = dict(self.CONTEXT, skos="http://www.w3.org/2004/02/skos/core#")
        return {
            "@context": context,
            "@id": self.urls.absolute("/catalogo.jsonld"),
            "@type": "dcat:Catalog",
            "dct:title": {"@value": f"{config.titulo}: datos abiertos", "@language": lang},
            "dct:description": {"@value": config.descripcion or f"Catálogo de datos abiertos de {config.titulo}.",
                                "@language": lang},
            "dct:language": language,
            "dct:publisher": {"@type": "foaf:Organization", "foaf:name": config.titulo},
            "foaf:homepage": {"@id": self.urls.absolute("/")},
            "dct:modified": {"@value": self.modified().isoformat(), "@type": "xsd:date"},
            "dcat:dataset": datasets,
        }

    def _dcat_distribution(self, slug: str, package: dict, resource: dict) -> dict:
        label, media = FORMATS.get(str(resource.get("format", "csv")).lower(), ("CSV", "text/csv"))
        entry: dict[str, Any] = {
            "@id": self.file_url(slug, resource["path"]),
            "@type": "dcat:Distribution",
            "dct:title": {"@value": resource.get("title") or resource["name"], "@language": self.site.config.idioma},
            "dcat:downloadURL": {"@id": self.file_url(slug, resource["path"])},
            "dcat:accessURL": {"@id": self.landing(slug)},
            "dcat:mediaType": {"@id": f"https://www.iana.org/assignments/media-types/{resource.get('mediatype') or media}"},
            "dct:format": label,
            "dct:conformsTo": {"@id": self.file_url(slug, "datapackage.json")},
        }
        if isinstance(resource.get("bytes"), int):
            entry["dcat:byteSize"] = {"@value": str(resource["bytes"]), "@type": "xsd:nonNegativeInteger"}
        digest = str(resource.get("hash") or "")
        if digest.startswith("sha256:"):
            entry["spdx:checksum"] = {
                "@type": "spdx:Checksum",
                "spdx:algorithm": {"@id": "http://spdx.org/rdf/terms#checksumAlgorithm_sha256"},
                "spdx:checksumValue": digest.split(":", 1)[1],
            }
        return entry
