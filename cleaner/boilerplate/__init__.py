"""Boilerplate removal: a Korean marker lexicon, shape detectors and per-site template learning."""

from cleaner.boilerplate.cleaner import BoilerplateCleaner

__all__ = ["BoilerplateCleaner"]
