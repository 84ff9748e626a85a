"""Words a citizen reads: translation catalogues and locale formats, labels, Markdown and its body checks."""
