"""Records from files to one checked, linked, derived Site: readers, field tables, converters, models, discovery, settings, history, derived values, linking."""
