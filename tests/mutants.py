"""Hostile variants of a good workbook, made from a seed: what a damaged, tampered or malicious file looks like.

Used by the fuzz test (tests/integration/test_fuzz_imports.py) and the safety tests. Every
mutant is bytes plus the name of the damage done, so a failure says which kind of file broke.
"""

from __future__ import annotations

import io
import random
import re
import struct
import zipfile

SHEET_PART = re.compile(r"^xl/worksheets/sheet\d+\.xml$")
BIG_NUMBERS = ["1e30", "-1e30", "1e308", "inf", "-inf", "nan", "NaN", "1" + "0" * 400, "9" * 40 + ",5",
               "1e-30", "0,00000001", "1.2.3", "--5", "１２"]
FORMULAS = ["=1/0", '=HYPERLINK("http://example.invalid","x")', "=WEBSERVICE(\"http://example.invalid\")",
            "=SUM(A1:XFD1048576)", '=cmd|" /C calc"!A0', "=A1", "+1+1", "@SUM(1)"]
MERGES = ["A1:XFD1048576", "A1:A1048576", "B2:XFD2", "D1:C1", "A0:B2", "ZZZZZ1:A2", "A1:B2", "A1:B2", "C3",
          "1:1", "A:A", "A1:XFD1"]


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {i.filename: zf.read(i.filename) for i in zf.infolist()}


def pack(files: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, body in files.items():
            zf.writestr(name, body)
    return buf.getvalue()


def inject_merges(data: bytes, refs: list[str]) -> bytes:
    """The same workbook with these <mergeCell> ranges added to its first sheet, as a hostile file would."""
    files = parts(data)
    name = sorted(n for n in files if SHEET_PART.match(n))[0]
    xml = files[name].decode("utf-8")
    xml = re.sub(r"<mergeCells[^>]*>.*?</mergeCells>|<mergeCells[^>]*/>", "", xml, flags=re.S)
    cells = "".join(f'<mergeCell ref="{r}"/>' for r in refs)
    xml = xml.replace("</sheetData>", f'</sheetData><mergeCells count="{len(refs)}">{cells}</mergeCells>', 1)
    files[name] = xml.encode("utf-8")
    return pack(files)


def set_cells(data: bytes, values: list[tuple[str, str]], rnd: random.Random) -> bytes:
    """Overwrite cells of the first sheet with inline strings or raw numbers (whatever a tamperer writes)."""
    files = parts(data)
    name = sorted(n for n in files if SHEET_PART.match(n))[0]
    xml = files[name].decode("utf-8")
    for ref, value in values:
        pattern = re.compile(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', re.S)
        if value.startswith(("=", "+", "@")) and rnd.random() < 0.5:
            cell = f'<c r="{ref}"><f>{_esc(value.lstrip("=+@"))}</f></c>'
        elif rnd.random() < 0.5 and re.fullmatch(r"[-+0-9.eEinfaINF]+", value):
            cell = f'<c r="{ref}"><v>{_esc(value)}</v></c>'
        else:
            cell = f'<c r="{ref}" t="inlineStr"><is><t>{_esc(value)}</t></is></c>'
        xml, n = pattern.subn(cell, xml, count=1)
        if not n:
            row = int(re.sub(r"\D", "", ref))
            xml = re.sub(rf'(<row r="{row}"[^>]*>)', lambda m: m.group(1) + cell, xml, count=1)
    files[name] = xml.encode("utf-8")
    return pack(files)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def break_xml(data: bytes, rnd: random.Random) -> bytes:
    files = parts(data)
    name = rnd.choice([n for n in files if n.endswith(".xml")])
    xml = files[name]
    cut = rnd.randrange(len(xml)) if xml else 0
    how = rnd.randrange(5)
    if how == 0:
        xml = xml[:cut]                                          # truncated part
    elif how == 1:
        xml = xml[:cut] + b"<" + xml[cut:]                      # stray bracket
    elif how == 2:
        xml = re.sub(rb"</[^>]+>", b"", xml, count=rnd.randint(1, 5))   # lost closing tags
    elif how == 3:
        xml = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">'
               b'<!ENTITY c "&b;&b;&b;&b;&b;&b;">]>' + re.sub(rb"^<\?xml[^>]*\?>", b"", xml).replace(
                   b"</", b"&c;</", 1))                          # entity expansion
    else:
        xml = xml.replace(b'encoding="UTF-8"', b'encoding="UTF-32"', 1) + b"\xff\xfe\x00"
    files[name] = xml
    return pack(files)


def zip_bomb(data: bytes, rnd: random.Random, size: int) -> bytes:
    """A small file that unpacks to `size` bytes: honestly declared, or lying about its size."""
    files = parts(data)
    name = sorted(n for n in files if SHEET_PART.match(n))[0]
    xml = files[name]
    files[name] = xml.replace(b"</sheetData>", b" " * size + b"</sheetData>", 1)
    packed = pack(files)
    if rnd.random() < 0.5:
        return packed
    # lie: declare the part as 1 KB in the local header and the central directory
    blob = bytearray(packed)
    encoded = name.encode()
    for sig, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (pos := blob.find(sig, start)) >= 0:
            name_at = pos + (30 if sig == b"PK\x03\x04" else 46)
            if blob[name_at:name_at + len(encoded)] == encoded:
                struct.pack_into("<I", blob, pos + offset, 1024)
            start = pos + 4
    return bytes(blob)


def mutants(data: bytes, seed: int, count: int, cells: list[str]) -> list[tuple[str, bytes]]:
    """`count` hostile variants of the workbook `data`; `cells` are references worth tampering with."""
    rnd = random.Random(seed)
    kinds = ["flip", "truncate", "xml", "number", "formula", "merge", "bomb"]
    out = []
    for i in range(count):
        kind = kinds[i % len(kinds)]
        if kind == "flip":
            blob = bytearray(data)
            for _ in range(rnd.randint(1, 12)):
                blob[rnd.randrange(len(blob))] = rnd.randrange(256)
            out.append((kind, bytes(blob)))
        elif kind == "truncate":
            out.append((kind, data[:rnd.randrange(len(data))]))
        elif kind == "xml":
            out.append((kind, break_xml(data, rnd)))
        elif kind == "number":
            values = [(rnd.choice(cells), rnd.choice(BIG_NUMBERS)) for _ in range(rnd.randint(1, 3))]
            out.append((kind, set_cells(data, values, rnd)))
        elif kind == "formula":
            values = [(rnd.choice(cells), rnd.choice(FORMULAS)) for _ in range(rnd.randint(1, 3))]
            out.append((kind, set_cells(data, values, rnd)))
        elif kind == "merge":
            out.append((kind, inject_merges(data, rnd.sample(MERGES, rnd.randint(1, 5)))))
        else:
            out.append((kind, zip_bomb(data, rnd, rnd.choice([2_000_000, 65_000_000]))))
    return out
