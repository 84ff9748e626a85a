"""What editors and CI run: the command line, the local preview, the review summary, scaffolding, bulk edits, the link checker."""
