#!/usr/bin/env python3
"""Write the two Word files of the README's round trip, part by part, as Word writes them.

    python scripts/word_example.py [FOLDER]      (default: docs/examples)

``draft.docx``: a short council decision as a secretary types it in Word (a title in
the Heading 1 style, paragraphs, a list with Word's automatic numbering).
``edited.docx``: the same file after two editors worked on it with Track Changes on:
Olga replaced a word and commented on her change, Boris inserted a word and deleted
the last item.

The files are not saved by Word itself; they are written to Word's schema with the
parts and markup Word 2016 and later write for such a document: the main part with
``w:rsid`` attributes and ``w14:paraId``, styles, automatic numbering
(``numbering.xml``), settings (``w:trackRevisions`` in the edited copy), the comment in
``comments.xml`` with ``commentsExtended.xml``, ``commentsIds.xml`` and ``people.xml``,
anchored by ``w:commentRangeStart``/``w:commentRangeEnd`` and a ``w:commentReference``
run, and revisions as ``w:ins``/``w:del`` with ``w:author`` and ``w:date`` (a deleted
paragraph's mark in its ``w:pPr/w:rPr``). Word's theme and font table parts, which
hold no text, are left out.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = (
    'xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:w10="urn:schemas-microsoft-com:office:word" '
    f'xmlns:w="{W}" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" '
    'xmlns:w16cid="http://schemas.microsoft.com/office/word/2016/wordml/cid" '
    'xmlns:wne="http://schemas.microsoft.com/office/word/2006/wordml" '
    'mc:Ignorable="w14 w15 w16cid"'
)
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
OLGA = ("Olga Editor", "2024-03-14T09:12:00Z")
BORIS = ("Boris Petrov", "2024-03-15T16:40:00Z")
COMMENT = "Программа шире плана: в ней есть сроки и исполнители."


def run(text: str, deleted: bool = False) -> str:
    tag = "w:delText" if deleted else "w:t"
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<w:r w:rsidRPr="00A21C4E"><{tag}{space}>{text}</{tag}></w:r>'


def revision(kind: str, rev_id: int, who: tuple[str, str], runs: str) -> str:
    return f'<w:{kind} w:id="{rev_id}" w:author="{who[0]}" w:date="{who[1]}">{runs}</w:{kind}>'


def paragraph(para_id: str, runs: str, props: str = "") -> str:
    return (
        f'<w:p w14:paraId="{para_id}" w14:textId="77777777" w:rsidR="00B3104F" '
        f'w:rsidRDefault="00B3104F">{"<w:pPr>" + props + "</w:pPr>" if props else ""}{runs}</w:p>'
    )


def item(para_id: str, runs: str, mark: str = "") -> str:
    props = '<w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/>'
    props += "</w:numPr>" + (f"<w:rPr>{mark}</w:rPr>" if mark else "")
    return paragraph(para_id, runs, props)


def body(edited: bool) -> str:
    out = [
        paragraph("1A2B3C01", run("РЕШЕНИЕ"), '<w:pStyle w:val="Heading1"/>'),
        paragraph("1A2B3C02", run("Совета библиотек Псковской области от 12 марта 2024 года")),
        paragraph("1A2B3C03", run("Совет библиотек решил:")),
    ]
    if edited:
        out.append(
            item(
                "1A2B3C04",
                run("Утвердить ")
                + '<w:commentRangeStart w:id="0"/>'
                + revision("del", 1, OLGA, run("план", deleted=True))
                + revision("ins", 2, OLGA, run("программу"))
                + '<w:commentRangeEnd w:id="0"/>'
                + '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr>'
                + '<w:commentReference w:id="0"/></w:r>'
                + run(" работы Совета на 2024 год."),
            )
        )
        out.append(
            item(
                "1A2B3C05",
                run("Создать ")
                + revision("ins", 3, BORIS, run("постоянную "))
                + run("рабочую группу по модернизации библиотек."),
            )
        )
        out.append(
            item(
                "1A2B3C06",
                revision(
                    "del",
                    5,
                    BORIS,
                    run("Поручить секретарю разослать решение членам Совета.", deleted=True),
                ),
                mark=f'<w:del w:id="4" w:author="{BORIS[0]}" w:date="{BORIS[1]}"/>',
            )
        )
    else:
        out += [
            item("1A2B3C04", run("Утвердить план работы Совета на 2024 год.")),
            item("1A2B3C05", run("Создать рабочую группу по модернизации библиотек.")),
            item("1A2B3C06", run("Поручить секретарю разослать решение членам Совета.")),
        ]
    out.append(paragraph("1A2B3C07", run("Председатель Совета А. Петрова")))
    section = (
        '<w:sectPr w:rsidR="00B3104F"><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" '
        'w:right="850" w:bottom="1134" w:left="1701" w:header="708" w:footer="708" '
        'w:gutter="0"/><w:cols w:space="708"/><w:docGrid w:linePitch="360"/></w:sectPr>'
    )
    return f"{HEAD}<w:document {NAMESPACES}><w:body>{''.join(out)}{section}</w:body></w:document>"


STYLES = (
    f"{HEAD}<w:styles {NAMESPACES}><w:docDefaults><w:rPrDefault><w:rPr>"
    '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman"/>'
    '<w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="ru-RU" w:eastAsia="en-US" '
    'w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="160" '
    'w:line="259" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>'
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
    "<w:qFormat/></w:style>"
    '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/>'
    '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:link w:val="Heading1Char"/>'
    '<w:uiPriority w:val="9"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/>'
    '<w:spacing w:before="240" w:after="0"/><w:jc w:val="center"/><w:outlineLvl w:val="0"/>'
    '</w:pPr><w:rPr><w:b/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>'
    '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
    '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
    "<w:unhideWhenUsed/></w:style>"
    '<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/>'
    '<w:basedOn w:val="Normal"/><w:uiPriority w:val="34"/><w:qFormat/><w:pPr>'
    '<w:ind w:left="720"/><w:contextualSpacing/></w:pPr></w:style>'
    '<w:style w:type="character" w:styleId="CommentReference"><w:name w:val="annotation '
    'reference"/><w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/>'
    '<w:semiHidden/><w:unhideWhenUsed/><w:rPr><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr>'
    '</w:style><w:style w:type="paragraph" w:styleId="CommentText"><w:name w:val="annotation '
    'text"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:rPr>'
    '<w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style></w:styles>'
)
NUMBERING = (
    f'{HEAD}<w:numbering {NAMESPACES}><w:abstractNum w:abstractNumId="0" '
    'w15:restartNumberingAfterBreak="0"><w:nsid w:val="5C2F1A3E"/><w:multiLevelType '
    'w:val="hybridMultilevel"/><w:tmpl w:val="0419000F"/><w:lvl w:ilvl="0" w:tplc="0419000F">'
    '<w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/><w:lvlJc '
    'w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl>'
    '</w:abstractNum><w:num w:numId="1" w16cid:durableId="1402514687"><w:abstractNumId '
    'w:val="0"/></w:num></w:numbering>'
)


def settings(edited: bool) -> str:
    return (
        f'{HEAD}<w:settings {NAMESPACES}><w:zoom w:percent="100"/>'
        + ("<w:trackRevisions/>" if edited else "")
        + '<w:defaultTabStop w:val="708"/><w:characterSpacingControl w:val="doNotCompress"/>'
        '<w:compat><w:compatSetting w:name="compatibilityMode" '
        'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat><w:rsids>'
        '<w:rsidRoot w:val="00B3104F"/><w:rsid w:val="00A21C4E"/><w:rsid w:val="00B3104F"/>'
        '</w:rsids><w:themeFontLang w:val="ru-RU"/><w:decimalSymbol w:val=","/>'
        '<w:listSeparator w:val=";"/></w:settings>'
    )


COMMENTS = (
    f'{HEAD}<w:comments {NAMESPACES}><w:comment w:id="0" w:author="{OLGA[0]}" '
    f'w:date="2024-03-14T09:13:00Z" w:initials="OE"><w:p w14:paraId="6B1C2D01" '
    'w14:textId="77777777" w:rsidR="00A21C4E" w:rsidRDefault="00A21C4E"><w:pPr><w:pStyle '
    'w:val="CommentText"/></w:pPr><w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr>'
    f"<w:annotationRef/></w:r><w:r><w:t>{COMMENT}</w:t></w:r></w:p></w:comment></w:comments>"
)
COMMENTS_EXTENDED = (
    f'{HEAD}<w15:commentsEx {NAMESPACES}><w15:commentEx w15:paraId="6B1C2D01" w15:done="0"/>'
    "</w15:commentsEx>"
)
COMMENTS_IDS = (
    f'{HEAD}<w16cid:commentsIds {NAMESPACES}><w16cid:commentId w16cid:paraId="6B1C2D01" '
    'w16cid:durableId="29A1B2C3"/></w16cid:commentsIds>'
)
PEOPLE = (
    f'{HEAD}<w15:people {NAMESPACES}><w15:person w15:author="{OLGA[0]}"><w15:presenceInfo '
    f'w15:providerId="None" w15:userId="{OLGA[0]}"/></w15:person><w15:person '
    f'w15:author="{BORIS[0]}"><w15:presenceInfo w15:providerId="None" '
    f'w15:userId="{BORIS[0]}"/></w15:person></w15:people>'
)
MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def package(edited: bool) -> dict[str, str]:
    parts = {
        "word/document.xml": (body(edited), f"{MAIN}.document.main+xml", ""),
        "word/styles.xml": (STYLES, f"{MAIN}.styles+xml", "styles"),
        "word/numbering.xml": (NUMBERING, f"{MAIN}.numbering+xml", "numbering"),
        "word/settings.xml": (settings(edited), f"{MAIN}.settings+xml", "settings"),
    }
    if edited:
        parts |= {
            "word/comments.xml": (COMMENTS, f"{MAIN}.comments+xml", "comments"),
            "word/commentsExtended.xml": (
                COMMENTS_EXTENDED,
                f"{MAIN}.commentsExtended+xml",
                "http://schemas.microsoft.com/office/2011/relationships/commentsExtended",
            ),
            "word/commentsIds.xml": (
                COMMENTS_IDS,
                f"{MAIN}.commentsIds+xml",
                "http://schemas.microsoft.com/office/2016/09/relationships/commentsIds",
            ),
            "word/people.xml": (
                PEOPLE,
                f"{MAIN}.people+xml",
                "http://schemas.microsoft.com/office/2011/relationships/people",
            ),
        }
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{kind if ":" in kind else REL + "/" + kind}" '
        f'Target="{name.removeprefix("word/")}"/>'
        for i, (name, (_, _, kind)) in enumerate(parts.items(), 1)
        if kind
    )
    overrides = "".join(
        f'<Override PartName="/{name}" ContentType="{ctype}"/>'
        for name, (_, ctype, _) in parts.items()
    )
    core = (
        f'{HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title></dc:title>'
        "<dc:creator>Maria Secretary</dc:creator><cp:lastModifiedBy>"
        + (BORIS[0] if edited else "Maria Secretary")
        + '</cp:lastModifiedBy><cp:revision>2</cp:revision><dcterms:created xsi:type="dcterms:'
        'W3CDTF">2024-03-12T08:00:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">'
        + (BORIS[1] if edited else "2024-03-12T08:30:00Z")
        + "</dcterms:modified></cp:coreProperties>"
    )
    app = (
        f'{HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        'docPropsVTypes"><Template>Normal.dotm</Template><Application>Microsoft Office Word'
        "</Application><DocSecurity>0</DocSecurity><AppVersion>16.0000</AppVersion></Properties>"
    )
    return {
        "[Content_Types].xml": (
            f'{HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f"{overrides}"
            '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
            'package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'{HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            f'relationships"><Relationship Id="rId3" Type="{REL}/extended-properties" '
            'Target="docProps/app.xml"/><Relationship Id="rId2" Type="http://schemas.'
            'openxmlformats.org/package/2006/relationships/metadata/core-properties" '
            f'Target="docProps/core.xml"/><Relationship Id="rId1" Type="{REL}/officeDocument" '
            'Target="word/document.xml"/></Relationships>'
        ),
        "word/_rels/document.xml.rels": (
            f'{HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            f'relationships">{rels}</Relationships>'
        ),
        **{name: text for name, (text, _, _) in parts.items()},
        "docProps/core.xml": core,
        "docProps/app.xml": app,
    }


def write(path: Path, edited: bool) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in package(edited).items():
            info = zipfile.ZipInfo(name, date_time=(2024, 3, 15, 16, 40, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parents[1] / "docs/examples"
    folder.mkdir(parents=True, exist_ok=True)
    write(folder / "draft.docx", edited=False)
    write(folder / "edited.docx", edited=True)
    print(f"Wrote {folder / 'draft.docx'} and {folder / 'edited.docx'}.")


if __name__ == "__main__":
    main()
