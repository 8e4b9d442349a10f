"""Read and write .qdpx archives (zip files holding project.qde and a sources/ folder) safely.

A .qdpx comes from another person's machine, so every member is checked before anything is read:
names must stay inside the archive (no absolute paths, drive letters or ``..``), the archive may
not claim absurd sizes or compression ratios, and members are read with a byte limit that does not
trust the sizes in the zip headers. Writing is deterministic (sorted members, fixed timestamps),
so the same project gives the same bytes.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path

from ..errors import FormatError
from ..fileio import atomic_path

MAX_MEMBERS = 20_000
MAX_TOTAL_BYTES = 1 << 30            # 1 GiB uncompressed in all
MAX_MEMBER_BYTES = 512 * 1024 * 1024
MAX_RATIO = 100                      # uncompressed : compressed
RATIO_FLOOR = 1 << 20                # small members may compress well (a run of spaces); not a bomb
PROJECT_MEMBER = "project.qde"
SOURCES_DIR = "sources"
# A fixed timestamp (the zip epoch) so archives do not change with the clock.
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_DRIVE = re.compile(r"^[A-Za-z]:")


class QdpxArchive:
    """An opened, checked .qdpx; member lookups are case-insensitive (tools disagree on 'Sources/')."""

    def __init__(self, path: str | Path, data: bytes | None = None):
        self.path = str(path)
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data) if data is not None else self.path)
        except FileNotFoundError:
            raise FormatError("file not found", path=self.path) from None
        except (zipfile.BadZipFile, OSError) as err:
            raise FormatError(f"not a zip archive, so not a .qdpx project ({err})", path=self.path) from None
        self._by_lower: dict[str, zipfile.ZipInfo] = {}
        self._check()

    def _check(self) -> None:
        infos = self._zip.infolist()
        if len(infos) > MAX_MEMBERS:
            raise FormatError(f"archive has {len(infos):,} members, more than the {MAX_MEMBERS:,} allowed", path=self.path)
        total = 0
        for info in infos:
            name = info.filename
            _check_member_name(name, self.path)
            if info.flag_bits & 0x1:
                raise FormatError(f"member '{name}' is encrypted", path=self.path)
            size = info.file_size
            if size > MAX_MEMBER_BYTES:
                raise FormatError(f"member '{name}' is {size:,} bytes uncompressed, more than allowed", path=self.path)
            if size > RATIO_FLOOR and size > MAX_RATIO * max(info.compress_size, 1):
                raise FormatError(
                    f"member '{name}' expands {size / max(info.compress_size, 1):,.0f}:1 "
                    f"(more than {MAX_RATIO}:1); refused as a possible zip bomb", path=self.path,
                )
            total += size
            if total > MAX_TOTAL_BYTES:
                raise FormatError(
                    f"archive expands to more than {MAX_TOTAL_BYTES:,} bytes; refused as a possible zip bomb",
                    path=self.path,
                )
            if not name.endswith("/"):
                self._by_lower.setdefault(name.lower(), info)

    def names(self) -> list[str]:
        return sorted(i.filename for i in self._by_lower.values())

    def has(self, member: str) -> bool:
        return member.lower() in self._by_lower

    def read(self, member: str, limit: int = MAX_MEMBER_BYTES) -> bytes:
        """The bytes of ``member``, reading at most ``limit`` bytes whatever the header claims."""
        info = self._by_lower.get(member.lower())
        if info is None:
            raise FormatError(f"the archive has no member '{member}'", path=self.path)
        limit = min(limit, info.file_size)
        try:
            with self._zip.open(info) as fh:
                data = fh.read(limit + 1)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as err:
            raise FormatError(f"member '{info.filename}' cannot be read: {err}", path=self.path) from None
        except RuntimeError as err:  # e.g. encryption the header did not admit to
            raise FormatError(f"member '{info.filename}' cannot be read: {err}", path=self.path) from None
        if len(data) > limit:
            raise FormatError(f"member '{info.filename}' is larger than its header says; refused", path=self.path)
        return data

    def project_xml(self) -> bytes:
        if not self.has(PROJECT_MEMBER):
            raise FormatError(
                f"no {PROJECT_MEMBER} in the archive, so not a REFI-QDA project "
                f"(members: {', '.join(self.names()[:5]) or 'none'})", path=self.path,
            )
        return self.read(PROJECT_MEMBER)

    def resolve(self, ref: str) -> str | None:
        """The member a source path points to: 'internal://x.txt' -> 'sources/x.txt'.

        Returns None for paths outside the archive ('relative://', 'file://', absolute paths),
        which a project may legitimately use for sources it did not embed.
        """
        if ref.startswith("internal://"):
            name = ref[len("internal://"):].lstrip("/")
            member = f"{SOURCES_DIR}/{name}"
            _check_member_name(member, self.path)
            return member
        return None

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> "QdpxArchive":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _check_member_name(name: str, path: str) -> None:
    bad = (
        not name
        or "\x00" in name
        or name.startswith(("/", "\\"))
        or _DRIVE.match(name)
        or ".." in re.split(r"[/\\]", name)
    )
    if not bad:
        norm = posixpath.normpath(name.replace("\\", "/"))
        bad = norm.startswith("../") or norm == ".." or posixpath.isabs(norm)
    if bad:
        raise FormatError(f"member '{name}' points outside the archive (zip slip); refused", path=path)


def write_qdpx(path: str | Path, project_xml: bytes, sources: Mapping[str, bytes]) -> None:
    """Write a .qdpx atomically: project.qde first, then ``sources/<name>`` members in name order."""
    with atomic_path(path) as tmp:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            _add(zf, PROJECT_MEMBER, project_xml)
            for name in sorted(sources):
                _check_member_name(name, str(path))
                _add(zf, f"{SOURCES_DIR}/{name}", sources[name])


def _add(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_EPOCH)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    zf.writestr(info, data)
