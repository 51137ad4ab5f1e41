#!/usr/bin/env python3
"""check_xlsx.py FILE: reads an XLSX workbook with nothing but Python's
zipfile and xml.etree (a reader the server's authors did not write, and
not libxlsxwriter's own), checks that it is a well-formed package, and
prints it as one JSON document for tests/api/test_sheets.c to assert on:

  {"sheets": [{"name": "finance", "frozen_rows": 1,
               "cells": {"A1": {"type": "s", "value": "code", "format": "General"},
                         "D2": {"type": "n", "value": 32411, "format": "£#,##0\"k\""}, ...}}]}

type is the cell's t attribute as the package states it ("n" when absent,
"s" for shared strings, "inlineStr", "str", "b", "e"); value is the
number for "n", the text for the string types (shared strings resolved),
true/false for "b"; format is the formatCode of the cell's style (a
built-in id is named as Excel names it: 0 General, 3 #,##0, 9 0%, ...).
frozen_rows is the ySplit of a frozen pane (0 when none). Exits 1 with a
message on stderr when the file is not a valid workbook."""
import json
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
}
BUILTIN_FORMATS = {0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 49: "@"}


def fail(msg):
    print("check_xlsx: " + msg, file=sys.stderr)
    sys.exit(1)


def main(path):
    try:
        z = zipfile.ZipFile(path)
    except zipfile.BadZipFile as e:
        fail("not a ZIP package: %s" % e)
    bad = z.testzip()
    if bad:
        fail("corrupt member %s" % bad)
    names = set(z.namelist())
    for required in ("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"):
        if required not in names:
            fail("missing %s" % required)
    parse = lambda n: ET.fromstring(z.read(n))  # noqa: E731 - every member must be well-formed XML
    for n in names:
        if n.endswith(".xml") or n.endswith(".rels"):
            parse(n)
    types = parse("[Content_Types].xml")
    main_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    if not any(o.get("ContentType") == main_type for o in types.findall("ct:Override", NS)):
        fail("[Content_Types].xml names no workbook part")

    shared = []
    if "xl/sharedStrings.xml" in names:
        for si in parse("xl/sharedStrings.xml").findall("m:si", NS):
            shared.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))

    styles = parse("xl/styles.xml")
    fmts = dict(BUILTIN_FORMATS)
    for nf in styles.findall("m:numFmts/m:numFmt", NS):
        fmts[int(nf.get("numFmtId"))] = nf.get("formatCode")
    xfs = [int(xf.get("numFmtId", "0")) for xf in styles.findall("m:cellXfs/m:xf", NS)]

    rels = {r.get("Id"): r.get("Target") for r in parse("xl/_rels/workbook.xml.rels").findall("rel:Relationship", NS)}
    out = {"sheets": []}
    for sh in parse("xl/workbook.xml").findall("m:sheets/m:sheet", NS):
        target = rels.get(sh.get("{%s}id" % NS["r"]))
        if not target:
            fail("sheet %s has no relationship" % sh.get("name"))
        part = target.lstrip("/") if target.startswith("/") else "xl/" + target
        if part not in names:
            fail("sheet part %s is missing" % part)
        ws = parse(part)
        pane = ws.find("m:sheetViews/m:sheetView/m:pane", NS)
        frozen = int(float(pane.get("ySplit", "0"))) if pane is not None and pane.get("state") == "frozen" else 0
        cells = {}
        for c in ws.iter("{%s}c" % NS["m"]):
            t = c.get("t", "n")
            v = c.find("m:v", NS)
            style = int(c.get("s", "0"))
            if style >= len(xfs) and style != 0:
                fail("cell %s uses style %d of %d" % (c.get("r"), style, len(xfs)))
            fmt = fmts.get(xfs[style] if style < len(xfs) else 0, "id %d" % (xfs[style] if style < len(xfs) else 0))
            if t == "n":
                value = float(v.text) if v is not None else None
                if value is not None and value == int(value):
                    value = int(value)
            elif t == "s":
                value = shared[int(v.text)]
            elif t == "inlineStr":
                value = "".join(x.text or "" for x in c.iter("{%s}t" % NS["m"]))
            elif t == "b":
                value = v is not None and v.text == "1"
            else:
                value = v.text if v is not None else None
            cells[c.get("r")] = {"type": t, "value": value, "format": fmt}
        out["sheets"].append({"name": sh.get("name"), "frozen_rows": frozen, "cells": cells})
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        fail("usage: check_xlsx.py FILE")
    main(sys.argv[1])
