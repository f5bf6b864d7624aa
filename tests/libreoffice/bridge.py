"""Drive LibreOffice through its UNO bridge: run by the system Python (python3-uno).

Started once by the test session (``tests/libreoffice/__init__.py``). It starts
``soffice --headless`` with a private profile, then reads one JSON request per
line on standard input and answers each with one JSON line on standard output:

    {"op": "text", "path": P}                 the text with the list labels LibreOffice shows
    {"op": "plain", "path": P}                the text as LibreOffice's text export writes it
    {"op": "accept", "path": P}               the text after "accept all changes"
    {"op": "reject", "path": P}               the text after "reject all changes"
    {"op": "convert", "path": P, "out": Q}    open P and save it as .docx at Q
    {"op": "compare", "old": P, "new": Q, "out": R}
                                              LibreOffice's own comparison of the
                                              two, saved with tracked changes at R
    {"op": "edit", "path": P, "out": Q, "edits": [[author, old, new], ...]}
                                              tracked replacements, each by its author
    {"op": "pdf", "path": P, "out": Q}        export as PDF
    {"op": "comments", "path": P}             the comments: author, date, text, and the
                                              text they are anchored to
    {"op": "commented_edit", "path": P, "out": Q, "edits": [[author, old, new, comment], ...]}
                                              tracked changes, each with a comment on it (or
                                              none: ""): a replacement, a deletion (new ""),
                                              or an insertion after OLD (NEW starts with OLD)

A document with comments cannot be given a view here (also a hidden one): Writer
builds each comment's window in the margin from its UI definition
(modules/swriter/ui/annotation.ui), which Debian's libreoffice-writer-nogui does not
ship, and soffice aborts. "comments" and "commented_edit" load the document without
a view (the model's own XLoadable.load), which needs no window; "accept" and "reject"
need the view's dispatcher, so a test gives them a copy without the comment markup.

"text" is one line per paragraph: the list label LibreOffice shows, a tab, the
paragraph's text; table cells row by row; then the footnotes. "accept" and
"reject" answer with LibreOffice's text export of the result.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def url(path):
    return uno.systemPathToFileUrl(os.path.abspath(path))


class Office:
    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="resvcs-lo-")
        pipe = "resvcs" + str(os.getpid())
        self.process = subprocess.Popen(
            [
                "soffice",
                "--headless",
                "--invisible",
                "--nologo",
                "--norestore",
                "--nodefault",
                "--nolockcheck",
                "-env:UserInstallation=" + url(self.profile),
                f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local
        )
        # Until soffice answers or exits; bounded by count only against one that hangs
        # (soffice starts in a few seconds; 6000 tries are far beyond a busy machine).
        for _ in range(6000):
            try:
                self.ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                if self.process.poll() is not None:
                    raise RuntimeError("soffice exited") from None
                time.sleep(0.2)
        else:
            raise RuntimeError("soffice did not answer")
        smgr = self.ctx.ServiceManager
        self.desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", self.ctx)
        self.dispatcher = smgr.createInstanceWithContext(
            "com.sun.star.frame.DispatchHelper", self.ctx
        )

    def load(self, path, editable=False):
        if editable:  # a private copy: opened for editing, its lock file goes with it
            folder = tempfile.mkdtemp(prefix="resvcs-doc-", dir=self.profile)
            copy = os.path.join(folder, os.path.basename(path))
            shutil.copyfile(path, copy)
            path = copy
        doc = self.desktop.loadComponentFromURL(
            url(path), "_blank", 0, (prop("Hidden", True), prop("ReadOnly", not editable))
        )
        if doc is None:
            raise RuntimeError("LibreOffice could not open " + path)
        return doc

    def dispatch(self, doc, command, *args):
        frame = doc.getCurrentController().getFrame()
        self.dispatcher.executeDispatch(frame, command, "", 0, tuple(args))

    def set_author(self, name):
        provider = self.ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.configuration.ConfigurationProvider", self.ctx
        )
        access = provider.createInstanceWithArguments(
            "com.sun.star.configuration.ConfigurationUpdateAccess",
            (prop("nodepath", "/org.openoffice.UserProfile/Data"),),
        )
        first, _, last = name.partition(" ")
        access.setPropertyValue("givenname", first)
        access.setPropertyValue("sn", last)
        access.commitChanges()

    def plain(self, doc):
        """The text as LibreOffice's own text export writes it."""
        out = os.path.join(tempfile.mkdtemp(dir=self.profile), "text.txt")
        doc.storeToURL(
            url(out),
            (
                prop("FilterName", "Text (encoded)"),
                prop("FilterOptions", "UTF8,LF"),
                prop("Overwrite", True),
            ),
        )
        with open(out, encoding="utf-8-sig") as f:
            return f.read()

    def text(self, doc):
        lines = []
        self._text(doc.getText(), lines)
        notes = doc.getFootnotes()
        for i in range(notes.getCount()):
            lines.append(f"[^{i + 1}] {notes.getByIndex(i).getString()}")
        return "\n".join(lines)

    def _text(self, text, lines):
        enum = text.createEnumeration()
        while enum.hasMoreElements():
            el = enum.nextElement()
            if el.supportsService("com.sun.star.text.TextTable"):
                for name in el.getCellNames():
                    self._text(el.getCellByName(name).getText(), lines)
                continue
            label = ""
            try:
                if el.getPropertyValue("NumberingIsNumber"):
                    label = el.getPropertyValue("ListLabelString") or ""
            except Exception:
                label = ""
            lines.append(label + "\t" + self._paragraph_string(el))

    @staticmethod
    def _paragraph_string(paragraph):
        try:
            return paragraph.getString()
        except Exception:  # pyuno fails on some text fields (comments): read portion by portion
            parts = []
            portions = paragraph.createEnumeration()
            while portions.hasMoreElements():
                portion = portions.nextElement()
                try:
                    if portion.getPropertyValue("TextPortionType") == "Text":
                        parts.append(portion.getString())
                except Exception:
                    continue
            return "".join(parts)

    def model(self, path):
        """The document loaded without a view (no frame, no windows)."""
        model = self.ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.text.TextDocument", self.ctx
        )
        model.load((prop("URL", url(path)), prop("FilterName", "MS Word 2007 XML")))
        return model

    def comments(self, model):
        found = []
        fields = model.getTextFields().createEnumeration()
        while fields.hasMoreElements():
            field = fields.nextElement()
            if not field.supportsService("com.sun.star.text.textfield.Annotation"):
                continue
            when = field.getPropertyValue("DateTimeValue")
            found.append(
                {
                    "author": field.getPropertyValue("Author"),
                    "date": f"{when.Year:04}-{when.Month:02}-{when.Day:02}T"
                    f"{when.Hours:02}:{when.Minutes:02}:{when.Seconds:02}",
                    "text": field.getPropertyValue("Content"),
                    "anchor": field.getAnchor().getString(),
                }
            )
        return found

    @staticmethod
    def now():
        """The time now, as LibreOffice stamps a comment typed in its window."""
        at = time.gmtime()
        when = uno.createUnoStruct("com.sun.star.util.DateTime")
        when.Year, when.Month, when.Day = at.tm_year, at.tm_mon, at.tm_mday
        when.Hours, when.Minutes, when.Seconds = at.tm_hour, at.tm_min, at.tm_sec
        return when

    @staticmethod
    def find(model, words):
        """A range over the first occurrence of ``words`` in a paragraph of the body."""
        paragraphs = model.getText().createEnumeration()
        while paragraphs.hasMoreElements():
            paragraph = paragraphs.nextElement()
            if not paragraph.supportsService("com.sun.star.text.Paragraph"):
                continue
            at = paragraph.getString().find(words)
            if at >= 0:
                cursor = paragraph.getText().createTextCursorByRange(paragraph.getStart())
                cursor.goRight(at, False)
                cursor.goRight(len(words), True)
                return cursor
        raise RuntimeError("not found: " + words)

    def save(self, doc, out, filter_name):
        doc.storeToURL(url(out), (prop("FilterName", filter_name), prop("Overwrite", True)))

    def handle(self, req):
        op = req["op"]
        if op == "compare":
            doc = self.load(req["new"], editable=True)
            try:
                self.dispatch(
                    doc,
                    ".uno:CompareDocuments",
                    prop("URL", url(req["old"])),
                    prop("NoAcceptDialog", True),
                )
                self.save(doc, req["out"], "MS Word 2007 XML")
            finally:
                doc.close(True)
            return {"ok": True}
        if op == "comments":
            model = self.model(req["path"])
            try:
                return {"comments": self.comments(model)}
            finally:
                model.close(True)
        if op == "commented_edit":
            model = self.model(req["path"])
            try:
                model.setPropertyValue("RecordChanges", True)
                for author, old, new, comment in req["edits"]:
                    self.set_author(author)
                    found = self.find(model, old)
                    if new.startswith(old) and new != old:
                        found.getText().insertString(found.getEnd(), new[len(old) :], False)
                    else:
                        found.setString(new)
                    if comment:
                        note = model.createInstance("com.sun.star.text.textfield.Annotation")
                        note.setPropertyValue("Author", author)
                        note.setPropertyValue("Content", comment)
                        note.setPropertyValue("DateTimeValue", self.now())
                        found.getText().insertTextContent(found, note, True)
                self.save(model, req["out"], "MS Word 2007 XML")
                return {"ok": True}
            finally:
                model.close(True)
        doc = self.load(req["path"], editable=True)
        try:
            if op == "text":
                return {"text": self.text(doc)}
            if op == "plain":
                return {"text": self.plain(doc)}
            if op in ("accept", "reject"):
                command = (
                    ".uno:AcceptAllTrackedChanges"
                    if op == "accept"
                    else (".uno:RejectAllTrackedChanges")
                )
                self.dispatch(doc, command)
                return {"text": self.plain(doc)}
            if op == "convert":
                self.save(doc, req["out"], "MS Word 2007 XML")
                return {"ok": True}
            if op == "pdf":
                self.save(doc, req["out"], "writer_pdf_Export")
                return {"ok": True}
            if op == "edit":
                doc.setPropertyValue("RecordChanges", True)
                for author, old, new in req["edits"]:
                    self.set_author(author)
                    search = doc.createSearchDescriptor()
                    search.SearchString = old
                    found = doc.findFirst(search)
                    if found is None:
                        raise RuntimeError("not found: " + old)
                    found.setString(new)
                self.save(doc, req["out"], "MS Word 2007 XML")
                return {"ok": True}
            raise ValueError("unknown op " + op)
        finally:
            doc.close(True)

    def stop(self):
        try:
            self.desktop.terminate()
        except Exception:
            pass
        try:
            self.process.wait(timeout=60)
        except Exception:
            self.process.kill()


def main():
    office = Office()
    sys.stdout.write(json.dumps({"ready": True}) + "\n")
    sys.stdout.flush()
    try:
        for line in sys.stdin:
            if not line.strip():
                continue
            try:
                answer = office.handle(json.loads(line))
            except Exception as exc:  # reported to the test, which fails with it
                answer = {"error": f"{type(exc).__name__}: {exc}"}
            sys.stdout.write(json.dumps(answer) + "\n")
            sys.stdout.flush()
    finally:
        office.stop()


if __name__ == "__main__":
    main()
