"""Where an input's bytes come from, and how they are decompressed.

Local files are read as they always were (``Path``). Two other kinds of input are an
``InputFile``: standard input (``-``), spooled once into the run's work folder so that it can be
read by several stages and workers, and fsspec URLs (``s3://``, ``hf://``, ``memory://``,
``file://``; the optional extra ``cleaner[remote]``). Compression follows the file name's last
ending: ``.gz``, ``.bz2`` and ``.xz`` through the standard library, ``.zst`` through pyarrow's
zstd codec (pyarrow is already a dependency), all streaming.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import os
import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

STDIN = "-"
# the extra that installs fsspec (pyproject.toml)
REMOTE_EXTRA = "remote"
# Errors a (compressed) byte stream raises when it is truncated or corrupt.
STREAM_ERRORS: tuple[type[BaseException], ...] = (EOFError, OSError, zlib.error, lzma.LZMAError)
# name ending -> compression
COMPRESSIONS: tuple[tuple[str, str], ...] = (
    (".gz", "gzip"),
    (".bz2", "bz2"),
    (".xz", "xz"),
    (".zst", "zstd"),
)
# pyarrow's zstd stream decodes whole blocks: small reads keep what comes before a cut
_ARROW_READ = 64 * 1024
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


class InputNotFound(FileNotFoundError):
    """An input that does not exist or cannot be listed (exit 3)."""


def is_remote(name: str) -> bool:
    """Whether an input names an fsspec URL (``s3://…``, ``memory://…``, ``file://…``)."""
    return bool(_URL.match(name))


def compression_of(name: str) -> str | None:
    lowered = name.lower()
    return next((c for ending, c in COMPRESSIONS if lowered.endswith(ending)), None)


def filesystem(url: str) -> tuple[Any, str]:
    """(fsspec file system, path inside it) for a URL; a clear sentence when fsspec is missing."""
    try:
        from fsspec.core import url_to_fs
    except ImportError:
        raise InputNotFound(
            f"{url}: reading remote paths needs fsspec: pip install 'cleaner[{REMOTE_EXTRA}]'"
        ) from None
    try:
        return url_to_fs(url)
    except (ImportError, ValueError) as exc:  # an unknown protocol, or its package is missing
        raise InputNotFound(f"{url}: {exc}") from None


class _ArrowRaw(io.RawIOBase):
    """A pyarrow ``CompressedInputStream`` as a Python raw stream (for ``BufferedReader``)."""

    def __init__(self, fh: IO[bytes], codec: str) -> None:
        import pyarrow as pa

        self._fh = fh
        self._stream = pa.CompressedInputStream(pa.PythonFile(fh, mode="r"), codec)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._stream.read(min(len(buffer), _ARROW_READ))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._stream.close()
            self._fh.close()
        super().close()


def decompressed(fh: IO[bytes], name: str) -> IO[bytes]:
    """The decompressed stream of ``fh`` (an open binary file named ``name``); it has ``read1``
    and closes ``fh`` when closed."""
    compression = compression_of(name)
    if compression == "gzip":
        return _Owning(gzip.GzipFile(fileobj=fh, mode="rb"), fh)
    if compression == "bz2":
        return _Owning(bz2.BZ2File(fh, "rb"), fh)
    if compression == "xz":
        return _Owning(lzma.LZMAFile(fh, "rb"), fh)
    if compression == "zstd":
        import pyarrow as pa

        if not pa.Codec.is_available("zstd"):
            fh.close()
            raise OSError(f"{name}: this pyarrow was built without zstd; reinstall pyarrow")
        return io.BufferedReader(_ArrowRaw(fh, "zstd"), _ARROW_READ)
    return fh


class _Owning(io.BufferedIOBase):
    """A decompressing file that also closes the raw file it reads (theirs do not)."""

    def __init__(self, inner: Any, raw: IO[bytes]) -> None:
        self._inner, self._raw = inner, raw

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        return self._inner.read(-1 if size is None else size)

    def read1(self, size: int = -1) -> bytes:
        return self._inner.read1(size)

    def close(self) -> None:
        if not self.closed:
            try:
                self._inner.close()
            finally:
                self._raw.close()
        super().close()


def open_local(path: Path) -> IO[bytes]:
    """A local file, decompressed by its name (gzip through ``gzip.open``, as always)."""
    if compression_of(path.name) == "gzip":
        return gzip.open(path, "rb")
    if compression_of(path.name) is None:
        return path.open("rb")
    return decompressed(path.open("rb"), path.name)


@dataclass(frozen=True)
class InputFile:
    """An input that is not a plain local path: standard input or an fsspec URL.

    ``label`` is the input as named in errors.jsonl, the shards' ``source`` column and the
    manifest (``-``, or the URL); ``location`` is where its bytes are: the local spool of
    standard input, or the URL. It quacks enough like a ``Path`` (``name``, ``stem``,
    ``read_bytes``, ``str``) for the readers.
    """

    label: str
    location: str

    @property
    def stdin(self) -> bool:
        return self.label == STDIN

    @property
    def remote(self) -> bool:
        return not self.stdin and is_remote(self.location)

    @property
    def name(self) -> str:
        return self.label.rstrip("/").rsplit("/", 1)[-1]

    @property
    def stem(self) -> str:
        name = self.name
        return name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name

    def __str__(self) -> str:
        return self.label

    def info(self) -> tuple[bool, int]:
        """(whether it is a regular file, its size in bytes); OSError when it cannot be read."""
        if not self.remote:
            st = os.stat(self.location)
            return (os.path.isfile(self.location), st.st_size)
        fs, path = filesystem(self.location)
        info = fs.info(path)
        return info.get("type") == "file", int(info.get("size") or 0)

    def open_raw(self) -> IO[bytes]:
        """The stored bytes (compressed, if they are)."""
        if not self.remote:
            return open(self.location, "rb")  # the caller closes it
        fs, path = filesystem(self.location)
        return fs.open(path, "rb")

    def open(self) -> IO[bytes]:
        """The bytes decompressed by the file name (standard input is taken as it is)."""
        raw = self.open_raw()
        return raw if self.stdin else decompressed(raw, self.name)

    def read_bytes(self) -> bytes:
        with self.open() as fh:
            return fh.read()


def spool_stdin(target: Path, stream: IO[bytes] | None = None) -> int:
    """Copy standard input into ``target`` once (1 MiB at a time); returns its size."""
    import sys

    source = stream if stream is not None else sys.stdin.buffer
    size = 0
    with target.open("wb") as out:
        while True:
            block = source.read(1 << 20)
            if not block:
                break
            out.write(block)
            size += len(block)
    return size
