"""Boilerplate removal: a Korean marker lexicon, shape detectors and per-site template learning."""

from cleaner.boilerplate.marking import BoilerplateCleaner

__all__ = ["BoilerplateCleaner"]
