"""gobabierto: static "Gobierno Abierto" micro-sites from YAML/Markdown records and CSV datasets."""

__version__ = "0.1.0"
