"""Where uploaded bytes live: a content-addressed blob store.

Blobs are named by their SHA-256, so a name never comes from user input and the same bytes
are stored once. :class:`LocalBlobStore` keeps them in a folder; a second implementation
(S3-compatible object storage) only needs the same three methods.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Protocol


class BlobStore(Protocol):
    def put(self, data: bytes) -> str:
        """Store ``data``; return its SHA-256 hex digest."""

    def get(self, sha256: str) -> bytes:
        """The bytes stored under ``sha256`` (``FileNotFoundError`` if absent)."""

    def exists(self, sha256: str) -> bool: ...


class LocalBlobStore:
    """Blobs under ``root/ab/cd/<sha256>``, written atomically."""

    def __init__(self, root: Path | str):
        self.root = Path(root)

    def _path(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ValueError("not a SHA-256 digest")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def put(self, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        path = self._path(digest)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent)
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, path)
        return digest

    def get(self, sha256: str) -> bytes:
        return self._path(sha256).read_bytes()

    def exists(self, sha256: str) -> bool:
        return self._path(sha256).exists()
