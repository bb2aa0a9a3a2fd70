"""Adapters for running the cleaner inside other pipelines (each needs its own extra)."""
