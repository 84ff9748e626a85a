"""The site-wide open data beside the pages: the site's Data Package, the DCAT-US
(`data.json`) and DCAT (`catalogo.jsonld`) catalogues and the JSON API, one document in
memory at a time, each encoded straight into its file.

It is written in parts, each with what it is made of, so that a build can keep a part whose
inputs did not change: one part per record type's API file (its records, the day, the
address), and one for the catalogues and the API's index (the whole site)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable

from gobabierto.content.models import Site
from gobabierto.pages.urls import Urls
from gobabierto.publish import api
from gobabierto.publish.catalog import Catalog


@dataclass(frozen=True)
class Part:
    name: str
    inputs: Any                      # what its bytes are made of, besides the engine and the address
    write: Callable[[Any], None]     # write(writer)
    whole_site: bool = False         # made of the whole site (and the build's moment)


def write_json(writer, path: str, document) -> None:
    """`document` as indented JSON and a final newline, encoded straight into its file: the
    JSON API of a national site is hundreds of MB of text that is never held in memory."""
    with writer.open_text(path) as out:
        json.dump(document, out, ensure_ascii=False, indent=2, sort_keys=False)
        out.write("\n")


def parts(site: Site, urls: Urls, packages: dict[str, dict]) -> list[Part]:
    """The open data as parts, in the order they are written."""
    found = []
    for kind, path, document in api.type_endpoints(site, urls):
        found.append(Part(f"api/{kind}", (kind, tuple(site.of(kind)), site.today, site.config.idioma),
                          lambda writer, path=path, document=document: write_json(writer, path, document())))

    def catalogues(writer) -> None:
        catalogue = Catalog(site, urls, packages)
        write_json(writer, "datapackage.json", catalogue.site_package())
        write_json(writer, "data.json", catalogue.pod())
        write_json(writer, "catalogo.jsonld", catalogue.dcat())
        write_json(writer, *api.index_endpoint(site, urls))
    found.append(Part("catalogos", packages, catalogues, whole_site=True))
    return found


def write_open_data(site: Site, urls: Urls, writer, packages: dict[str, dict]) -> None:
    """Every part, through the build's writer."""
    for part in parts(site, urls, packages):
        part.write(writer)
