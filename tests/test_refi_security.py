"""Hostile and broken REFI-QDA files: each is refused with a message naming the file and the problem."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from miner.errors import FormatError
from miner.refi import archive, import_qdc, import_qdpx
from miner.refi.archive import QdpxArchive
from miner.refi.safexml import parse_xml

GOOD_PROJECT = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="p">
  <Users><User guid="11111111-0000-4000-8000-000000000001" name="Anna"/></Users>
  <CodeBook><Codes><Code guid="22222222-0000-4000-8000-000000000001" name="Werkdruk" isCodable="true"/></Codes></CodeBook>
  <Sources>
    <TextSource guid="33333333-0000-4000-8000-000000000001" name="doc.txt" plainTextPath="internal://doc.txt">
      <PlainTextSelection guid="44444444-0000-4000-8000-000000000001" name="sel" startPosition="{start}" endPosition="{end}"
                          creatingUser="11111111-0000-4000-8000-000000000001">
        <Coding guid="55555555-0000-4000-8000-000000000001"><CodeRef targetGUID="{code}"/></Coding>
      </PlainTextSelection>
    </TextSource>
  </Sources>
</Project>"""
DOC_TEXT = "Er is te weinig tijd voor gesprekken."  # 37 characters
CODE = "22222222-0000-4000-8000-000000000001"


def _qdpx(path: Path, members: dict[str, bytes | str], compression=zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def _project(tmp_path: Path, start=3, end=20, code=CODE, text=DOC_TEXT) -> Path:
    xml = GOOD_PROJECT.format(start=start, end=end, code=code)
    return _qdpx(tmp_path / "p.qdpx", {"project.qde": xml, "sources/doc.txt": text})


def _import_error(path: Path, tmp_path: Path) -> str:
    with pytest.raises(FormatError) as err:
        import_qdpx(path, tmp_path / "out")
    assert not (tmp_path / "out").exists(), "nothing may be written for a refused file"
    return str(err.value)


def test_well_formed_project_imports(tmp_path):
    s = import_qdpx(_project(tmp_path), tmp_path / "out")
    assert s.spans == 1


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&lol9;"/>"""


def test_billion_laughs_project_is_refused(tmp_path):
    path = _qdpx(tmp_path / "lol.qdpx", {"project.qde": BILLION_LAUGHS})
    msg = _import_error(path, tmp_path)
    assert "lol.qdpx:project.qde" in msg and "DOCTYPE" in msg


def test_external_entity_and_utf16_doctype_are_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("geheim")
    xxe = (f'<?xml version="1.0"?><!DOCTYPE c [<!ENTITY x SYSTEM "file://{secret}">]>'
           '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
           '<Code guid="00000000-0000-4000-8000-000000000001" name="&x;" isCodable="true"/></Codes></CodeBook>')
    (tmp_path / "xxe.qdc").write_text(xxe)
    with pytest.raises(FormatError, match="DOCTYPE"):
        import_qdc(tmp_path / "xxe.qdc")
    # the same declaration hidden in UTF-16
    with pytest.raises(FormatError, match="DOCTYPE"):
        parse_xml(xxe.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>').encode("utf-16"),
                  "x.qdc")


def test_zip_slip_members_are_refused(tmp_path):
    for i, bad in enumerate(["../evil.txt", "sources/../../evil.txt", "/etc/evil.txt", "C:/evil.txt", "..\\evil.txt"]):
        path = _qdpx(tmp_path / f"slip{i}.qdpx", {"project.qde": "<Project name='x'/>", bad: "x"})
        msg = _import_error(path, tmp_path)
        assert "outside the archive" in msg and f"slip{i}.qdpx" in msg, bad


def test_source_path_escaping_sources_folder_is_refused(tmp_path):
    xml = GOOD_PROJECT.format(start=0, end=3, code=CODE).replace("internal://doc.txt", "internal://../../etc/passwd")
    path = _qdpx(tmp_path / "p.qdpx", {"project.qde": xml, "sources/doc.txt": DOC_TEXT})
    assert "outside the archive" in _import_error(path, tmp_path)


def test_zip_bomb_like_member_is_refused(tmp_path):
    # 8 MB of zeros compress about 1000:1
    path = _qdpx(tmp_path / "bomb.qdpx", {"project.qde": "<Project name='x'/>", "sources/a.txt": b"\0" * (8 << 20)})
    msg = _import_error(path, tmp_path)
    assert "zip bomb" in msg and "sources/a.txt" in msg


def test_archive_total_size_and_member_count_limits(tmp_path, monkeypatch):
    path = _qdpx(tmp_path / "many.qdpx", {f"sources/{i}.txt": "x" * 1000 for i in range(30)} | {"project.qde": "<P/>"},
                 compression=zipfile.ZIP_STORED)
    monkeypatch.setattr(archive, "MAX_MEMBERS", 20)
    with pytest.raises(FormatError, match="31 members"):
        QdpxArchive(path)
    monkeypatch.setattr(archive, "MAX_MEMBERS", 1000)
    monkeypatch.setattr(archive, "MAX_TOTAL_BYTES", 10_000)
    with pytest.raises(FormatError, match="expands to more than"):
        QdpxArchive(path)


def test_member_larger_than_its_header_claims_is_refused(tmp_path):
    path = _qdpx(tmp_path / "lie.qdpx", {"project.qde": "<Project name='x'/>" + " " * 5000}, compression=zipfile.ZIP_STORED)
    data = bytearray(path.read_bytes())
    # shrink the declared size in the central directory; the local header stays honest, the data is longer
    cd = data.rfind(b"PK\x01\x02")
    data[cd + 24:cd + 28] = (10).to_bytes(4, "little")
    arc = QdpxArchive(tmp_path / "lie.qdpx", bytes(data))
    with pytest.raises(FormatError, match="project.qde"):
        arc.read("project.qde")


def test_not_a_zip_and_missing_project(tmp_path):
    (tmp_path / "plain.qdpx").write_text("hallo")
    assert "not a zip archive" in _import_error(tmp_path / "plain.qdpx", tmp_path)
    path = _qdpx(tmp_path / "empty.qdpx", {"sources/doc.txt": DOC_TEXT})
    msg = _import_error(path, tmp_path)
    assert msg.startswith(str(path)) and "no project.qde" in msg
    assert "missing.qdpx: file not found" in _import_error(tmp_path / "missing.qdpx", tmp_path)


def test_xml_syntax_error_in_project_names_the_line(tmp_path):
    xml = GOOD_PROJECT.format(start=0, end=3, code=CODE).replace("</Sources>", "</Source>")
    path = _qdpx(tmp_path / "p.qdpx", {"project.qde": xml, "sources/doc.txt": DOC_TEXT})
    msg = _import_error(path, tmp_path)
    line = xml.splitlines().index("  </Source>") + 1
    assert msg.startswith(f"{path}:project.qde:{line}: XML syntax error")


@pytest.mark.parametrize(
    "start, end, problem",
    [(10, 38, "spans 10-38, outside the text (0-37 characters)"), (-1, 5, "outside the text"),
     (20, 10, "outside the text"), ("x", 5, "non-numeric positions")],
)
def test_selection_outside_the_text_is_refused(tmp_path, start, end, problem):
    msg = _import_error(_project(tmp_path, start=start, end=end), tmp_path)
    assert problem in msg and "selection 'sel' in source 'doc.txt'" in msg


def test_coding_with_unknown_code_guid_is_refused(tmp_path):
    msg = _import_error(_project(tmp_path, code="{99999999-0000-4000-8000-000000000009}"), tmp_path)
    assert "refers to unknown code GUID 99999999-0000-4000-8000-000000000009" in msg


def test_missing_source_text_and_bad_encoding(tmp_path):
    xml = GOOD_PROJECT.format(start=0, end=3, code=CODE)
    path = _qdpx(tmp_path / "p.qdpx", {"project.qde": xml})
    assert "no 'sources/doc.txt'" in _import_error(path, tmp_path)
    path = _qdpx(tmp_path / "q.qdpx", {"project.qde": xml, "sources/doc.txt": "caf\xe9".encode("latin-1")})
    assert "not UTF-8 text" in _import_error(path, tmp_path)
