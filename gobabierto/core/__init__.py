"""Standard-library building blocks every stage uses: site file and folder names, problems, source maps, slugs and suggestions, the build's clock, progress, the forked worker pool."""
