#!/usr/bin/env python3
"""tests/xlsx_craft.py OP IN.xlsx OUT.xlsx [ARG] - rewrite a workbook at the
zip and XML level (Python's zipfile, no spreadsheet library), making the
workbooks tests/xlsx.sh feeds the reader:

  inline   every shared-string cell as an inline string, the sheets moved to
           xl/tables/tN.xml and the shared strings dropped (the reader must
           follow workbook.xml.rels, not assume sheetN.xml)
  dimension  a <dimension ref="A1:XFD1048576"/> in every sheet (harmless)
  bomb     the first sheet replaced by ARG MiB of blanks (a zip bomb: a few
           hundred KB compressed)
  lie      the first sheet's declared uncompressed size set to 100 bytes in
           both zip headers while its data inflates to far more
  entries  ARG empty entries added
  deep     the first sheet's data nested ARG elements deep
  laughs   a "billion laughs" entity DTD in the shared strings
  strings  ARG shared strings (plus the workbook's own)
"""
import re
import struct
import sys
import zipfile
from xml.sax.saxutils import escape


def read(path):
    with zipfile.ZipFile(path) as z:
        return [(i.filename, z.read(i.filename)) for i in z.infolist()]


def write(path, entries):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            z.writestr(name, data)


def sheet_parts(entries):
    d = dict(entries)
    rels = d["xl/_rels/workbook.xml.rels"].decode()
    # relative ("worksheets/sheet1.xml", libxlsxwriter) or absolute
    # ("/xl/worksheets/sheet1.xml", openpyxl)
    return ["xl/" + t for t in re.findall(r'Target="(?:/xl/)?(worksheets/[^"]+)"', rels)]


def shared_strings(d):
    sst = d.get("xl/sharedStrings.xml", b"").decode()
    out = []
    for si in re.findall(r"<si>(.*?)</si>", sst, re.S):
        out.append("".join(re.findall(r"<t[^>]*>(.*?)</t>", si, re.S)))
    return out


def op_inline(entries):
    d = dict(entries)
    strings = shared_strings(d)
    parts = sheet_parts(entries)
    moved = {p: "xl/tables/t%d.xml" % (i + 7) for i, p in enumerate(parts)}

    def inline(m):
        attrs, idx = m.group(1), int(m.group(2))
        attrs = attrs.replace(' t="s"', ' t="inlineStr"')
        return '<c%s><is><t xml:space="preserve">%s</t></is></c>' % (attrs, strings[idx])

    out = []
    for name, data in entries:
        if name == "xl/sharedStrings.xml":
            continue
        if name in moved:
            text = re.sub(r'<c([^>]*t="s"[^>]*)><v>(\d+)</v></c>', inline, data.decode())
            out.append((moved[name], text.encode()))
            continue
        if name == "xl/_rels/workbook.xml.rels":
            text = data.decode()
            for old, new in moved.items():
                text = text.replace('Target="%s"' % old[3:], 'Target="%s"' % new[3:])
                text = text.replace('Target="/%s"' % old, 'Target="/%s"' % new)
            text = re.sub(r'<Relationship[^>]*sharedStrings[^>]*/>', "", text)
            data = text.encode()
        if name == "[Content_Types].xml":
            text = data.decode()
            for old, new in moved.items():
                text = text.replace('PartName="/%s"' % old, 'PartName="/%s"' % new)
            text = re.sub(r'<Override PartName="/xl/sharedStrings.xml"[^>]*/>', "", text)
            data = text.encode()
        out.append((name, data))
    return out


def op_dimension(entries):
    parts = set(sheet_parts(entries))
    out = []
    for name, data in entries:
        if name in parts:
            text = re.sub(r"<dimension[^>]*/>", "", data.decode())
            text = text.replace("<sheetData", '<dimension ref="A1:XFD1048576"/><sheetData', 1)
            data = text.encode()
        out.append((name, data))
    return out


def op_bomb(entries, mib):
    first = sheet_parts(entries)[0]
    body = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    blank = b" " * (int(mib) << 20)
    return [(n, body + blank + b"</sheetData></worksheet>" if n == first else d) for n, d in entries]


def op_deep(entries, depth):
    first = sheet_parts(entries)[0]
    depth = int(depth)
    body = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
            "<x>" * depth + "</x>" * depth + "</sheetData></worksheet>").encode()
    return [(n, body if n == first else d) for n, d in entries]


def op_entries(entries, n):
    return entries + [("junk/%d" % i, b"") for i in range(int(n))]


def op_laughs(entries):
    dtd = ('<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY l0 "ha">' +
           "".join('<!ENTITY l%d "%s">' % (i, ("&l%d;" % (i - 1)) * 10) for i in range(1, 10)) + "]>")
    out = []
    for name, data in entries:
        if name == "xl/sharedStrings.xml":
            text = re.sub(r"^<\?xml[^>]*\?>", "", data.decode())
            text = text.replace("<si><t>", "<si><t>&l9;", 1)
            data = (dtd + text).encode()
        out.append((name, data))
    return out


def op_strings(entries, n):
    n = int(n)
    out = []
    for name, data in entries:
        if name == "xl/sharedStrings.xml":
            text = data.decode()
            text = text.replace("</sst>", "<si/>" * n + "</sst>")
            data = text.encode()
        out.append((name, data))
    return out


def patch_size(path, target, size):
    """Set target's uncompressed size to size in its local header and its
    central directory entry, leaving the data as it is."""
    buf = bytearray(open(path, "rb").read())
    name = target.encode()
    for sig, off_size, off_name_len, off_name in ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46)):
        i = 0
        while True:
            i = buf.find(sig, i)
            if i < 0:
                break
            n = struct.unpack_from("<H", buf, i + off_name_len)[0]
            if buf[i + off_name:i + off_name + n] == name:
                struct.pack_into("<I", buf, i + off_size, size)
            i += 4
    open(path, "wb").write(bytes(buf))


def main():
    op, src, dst = sys.argv[1:4]
    arg = sys.argv[4] if len(sys.argv) > 4 else None
    entries = read(src)
    if op == "lie":
        write(dst, entries)
        patch_size(dst, sheet_parts(entries)[0], 100)
        return
    ops = {"inline": op_inline, "dimension": op_dimension, "laughs": op_laughs}
    argops = {"bomb": op_bomb, "deep": op_deep, "entries": op_entries, "strings": op_strings}
    write(dst, ops[op](entries) if op in ops else argops[op](entries, arg))


if __name__ == "__main__":
    main()
