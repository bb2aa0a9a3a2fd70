"""cleaner: Korean web text in, training-ready Parquet shards out."""

__version__ = "0.1.0"
