"""Benchmarks: ``make bench`` runs every module listed in ``bench.run.SUITES``."""
