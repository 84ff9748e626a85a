"""The site-wide open data beside the pages: the site's Data Package, the DCAT-US
(`data.json`) and DCAT (`catalogo.jsonld`) catalogues and the JSON API, one document in
memory at a time, each encoded straight into its file."""

from __future__ import annotations

import json

from gobabierto.content.models import Site
from gobabierto.pages.urls import Urls
from gobabierto.publish import api
from gobabierto.publish.catalog import Catalog


def write_json(writer, path: str, document) -> None:
    """`document` as indented JSON and a final newline, encoded straight into its file: the
    JSON API of a national site is hundreds of MB of text that is never held in memory."""
    with writer.open_text(path) as out:
        json.dump(document, out, ensure_ascii=False, indent=2, sort_keys=False)
        out.write("\n")


def write_open_data(site: Site, urls: Urls, writer, packages: dict[str, dict]) -> None:
    """The site-wide catalogues and the JSON API, through the build's writer."""
    catalogue = Catalog(site, urls, packages)
    write_json(writer, "datapackage.json", catalogue.site_package())
    write_json(writer, "data.json", catalogue.pod())
    write_json(writer, "catalogo.jsonld", catalogue.dcat())
    for path, document in api.endpoints(site, urls):
        write_json(writer, path, document)
