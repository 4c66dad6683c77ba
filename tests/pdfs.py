"""Small, valid PDFs written byte by byte, for tests that need a report with given text.

`text_pdf(pages)` lays each page's lines out top to bottom in Helvetica, so pypdf's text
extraction gives the lines back as written (markup, quotes and brackets included). Identical
pages share one content stream, so a document of thousands of pages stays small, as a crafted
upload would.
"""

from __future__ import annotations


def _literal(text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("latin-1", "replace") + b")"


def _content(lines: list[str]) -> bytes:
    parts = [b"BT /F1 9 Tf 11 TL 40 800 Td"]
    for line in lines:
        parts.append(_literal(line) + b" Tj T*")
    parts.append(b"ET")
    return b"\n".join(parts)


def text_pdf(pages: list[list[str]]) -> bytes:
    """A PDF whose page i shows the lines pages[i]."""
    objects: dict[int, bytes] = {}
    objects[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[3] = (
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    streams: dict[tuple[str, ...], int] = {}
    next_id = 4
    page_ids = []
    for lines in pages:
        key = tuple(lines)
        if key not in streams:
            body = _content(list(lines))
            objects[next_id] = (
                b"<< /Length " + str(len(body)).encode() + b" >>\nstream\n" + body + b"\nendstream"
            )
            streams[key] = next_id
            next_id += 1
        page_ids.append(next_id)
        objects[next_id] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents "
            + str(streams[key]).encode()
            + b" 0 R >>"
        )
        next_id += 1
    kids = b" ".join(str(i).encode() + b" 0 R" for i in page_ids)
    objects[2] = (
        b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(len(page_ids)).encode() + b" >>"
    )

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += str(number).encode() + b" 0 obj\n" + objects[number] + b"\nendobj\n"
    xref = len(out)
    size = max(objects) + 1
    out += b"xref\n0 " + str(size).encode() + b"\n0000000000 65535 f \n"
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets[number]
    out += b"trailer\n<< /Size " + str(size).encode() + b" /Root 1 0 R >>\nstartxref\n"
    out += str(xref).encode() + b"\n%%EOF\n"
    return bytes(out)


def inflating_pdf(inflated_bytes: int) -> bytes:
    """A one-page PDF whose content stream is small compressed and `inflated_bytes` long when
    decompressed (a "zip bomb"): reading its text needs that much memory, or pypdf's own limit."""
    import zlib

    compressor = zlib.compressobj(9)
    body = compressor.compress(
        b"BT /F1 9 Tf 40 800 Td (Inspection of Sandwell children's services) Tj ET\n"
    )
    spaces = b" " * (1 << 20)
    for _ in range(inflated_bytes >> 20):
        body += compressor.compress(spaces)
    body += compressor.flush()
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        4: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
        5: b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream",
    }
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 6\n0000000000 65535 f \n"
    out += b"".join(b"%010d 00000 n \n" % offsets[number] for number in range(1, 6))
    out += b"trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)
