"""Stage order, atomic output and incremental reuse: the engine's identity, the writer, the build stamp, the build cache, page fingerprints, the stage list."""
