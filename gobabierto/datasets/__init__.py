"""Data Package folders described, every row checked, cached and published: descriptors, tabular reading, the fast typed check, frictionless validation, dataset models and their display."""
