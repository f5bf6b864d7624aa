"""Small Word files written from XML in the tests: what Word puts in a .docx, part by part."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W_NS}">
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/>
<w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/>
<w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Zag"><w:name w:val="Заголовок статьи"/>
<w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="ListNum"><w:name w:val="List Number"/>
<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/>
<w:rPr><w:b/></w:rPr></w:style>
</w:styles>"""


def document_xml(body: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}" '
        'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        f"<w:body>{body}<w:sectPr/></w:body></w:document>"
    )


def numbering_xml(abstracts: str, nums: str) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="{W_NS}">'
        f"{abstracts}{nums}</w:numbering>"
    )


def level(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>'
    )


def para(
    text: str = "",
    *,
    style: str = "",
    num: tuple[int, int] | None = None,
    runs: str = "",
    ppr: str = "",
) -> str:
    props = ""
    if style:
        props += f'<w:pStyle w:val="{style}"/>'
    if num is not None:
        props += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    props += ppr
    body = runs or (f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>' if text else "")
    return f"<w:p>{'<w:pPr>' + props + '</w:pPr>' if props else ''}{body}</w:p>"


def docx(
    body: str,
    *,
    numbering: str | None = None,
    footnotes: str | None = None,
    comments: str | None = None,
    links: Mapping[str, str] | None = None,
    extra_rels: str = "",
    extra_parts: Mapping[str, bytes] | None = None,
    main_type: str = "application/vnd.openxmlformats-officedocument.wordprocessingml."
    "document.main+xml",
    document: str | None = None,
) -> bytes:
    """A .docx with ``body`` as the content of w:body, and the other parts given."""
    overrides = [("/word/document.xml", main_type)]
    rels = [f'<Relationship Id="rSt" Type="{REL}/styles" Target="styles.xml"/>']
    parts: dict[str, bytes] = {"word/styles.xml": STYLES.encode()}
    if numbering is not None:
        parts["word/numbering.xml"] = numbering.encode()
        rels.append(f'<Relationship Id="rNum" Type="{REL}/numbering" Target="numbering.xml"/>')
    if footnotes is not None:
        parts["word/footnotes.xml"] = (
            f'<?xml version="1.0"?><w:footnotes xmlns:w="{W_NS}">{footnotes}</w:footnotes>'
        ).encode()
        rels.append(f'<Relationship Id="rFn" Type="{REL}/footnotes" Target="footnotes.xml"/>')
    if comments is not None:
        parts["word/comments.xml"] = (
            f'<?xml version="1.0"?><w:comments xmlns:w="{W_NS}">{comments}</w:comments>'
        ).encode()
        rels.append(f'<Relationship Id="rCm" Type="{REL}/comments" Target="comments.xml"/>')
    for rid, target in (links or {}).items():
        rels.append(
            f'<Relationship Id="{rid}" Type="{REL}/hyperlink" Target="{target}" '
            'TargetMode="External"/>'
        )
    rels.append(extra_rels)
    parts["word/document.xml"] = (document or document_xml(body)).encode()
    parts["word/_rels/document.xml.rels"] = (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        f'package/2006/relationships">{"".join(rels)}</Relationships>'
    ).encode()
    parts.update(extra_parts or {})
    types = "".join(f'<Override PartName="{n}" ContentType="{t}"/>' for n, t in overrides)
    content_types = (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        f'relationships+xml"/>{types}</Types>'
    )
    root_rels = (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        f'2006/relationships"><Relationship Id="r1" Type="{REL}/officeDocument" '
        'Target="word/document.xml"/></Relationships>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", content_types)
        z.writestr("_rels/.rels", root_rels)
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


def change(kind: str, author: str, date: str, inner: str, rid: int) -> str:
    """A tracked insertion ("ins") or deletion ("del") around runs."""
    return f'<w:{kind} w:id="{rid}" w:author="{author}" w:date="{date}">{inner}</w:{kind}>'


def run(text: str, *, deleted: bool = False, props: str = "") -> str:
    tag = "w:delText" if deleted else "w:t"
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<{tag} xml:space="preserve">{text}</{tag}></w:r>'


def without_comments(data: bytes) -> bytes:
    """The same .docx without its comments: the comment part, its relationship and
    content type, and the comment ranges and references in the body. Revisions and
    every other part stay byte for byte."""
    from lxml import etree

    w = f"{{{W_NS}}}"
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in source.infolist():
            name = info.filename
            if name.startswith("word/comments") or name.startswith("word/people"):
                continue
            content = source.read(name)
            if name == "word/document.xml":
                root = etree.fromstring(content)
                for el in list(root.iter(f"{w}commentRangeStart", f"{w}commentRangeEnd")):
                    el.getparent().remove(el)
                for ref in list(root.iter(f"{w}commentReference")):
                    run = ref.getparent()
                    run.getparent().remove(run)
                content = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
            elif name in ("word/_rels/document.xml.rels", "[Content_Types].xml"):
                root = etree.fromstring(content)
                for el in list(root):
                    if "comments" in (el.get("Type", "") + el.get("PartName", "")).lower() or (
                        "people" in el.get("Target", "") + el.get("PartName", "")
                    ):
                        root.remove(el)
                content = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
            z.writestr(info, content)
    return out.getvalue()
