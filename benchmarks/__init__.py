"""Reproducible measurements. Run all with `make bench` or one with `python -m benchmarks.<name>`."""
