"""Every address of the site, and the base-URL prefix applied to it, in one place."""

from __future__ import annotations

from urllib.parse import urlsplit

from gobabierto.content.records import RECORD_TYPES


class Urls:
    """Site paths ("/compromisos/agua/") → links that work under a path prefix."""

    def __init__(self, base_url: str | None):
        parts = urlsplit(base_url or "")
        self.prefix = parts.path.rstrip("/")
        self.origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""

    # site paths ------------------------------------------------------------------------
    @staticmethod
    def section(kind_or_folder: str) -> str:
        rt = RECORD_TYPES.get(kind_or_folder)
        folder = rt.folder if rt else kind_or_folder
        return "/" if folder == "inicio" else f"/{folder}/"

    @staticmethod
    def record(record) -> str:
        return f"/{RECORD_TYPES[record.kind].folder}/{record.slug}/"

    @staticmethod
    def dataset(slug: str) -> str:
        return f"/datos/{slug}/"

    # links -------------------------------------------------------------------------------
    def href(self, site_path: str) -> str:
        if site_path.startswith(("http://", "https://", "mailto:")):
            return site_path
        if not site_path.startswith("/"):
            site_path = "/" + site_path
        return self.prefix + site_path

    def absolute(self, site_path: str) -> str:
        """Full URL for canonical links, feeds and sitemaps (site path alone when no `url`)."""
        return self.origin + self.href(site_path)

    @staticmethod
    def output_file(site_path: str) -> str:
        """"/compromisos/agua/" → "compromisos/agua/index.html"."""
        relative = site_path.lstrip("/")
        if not relative or relative.endswith("/"):
            return relative + "index.html"
        return relative
