"""asv benchmarks for cnnops (see asv.conf.json at the repository root)."""
