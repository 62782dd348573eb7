r"""``rules test --format junit``: the results as JUnit XML, which CI systems read.

One ``<testsuite>`` per tests file, one ``<testcase>`` per case (``classname``
is the pack, ``file`` and ``line`` where the case is written), and a
``<failure>`` holding the same line the text report prints.

XML 1.0 cannot hold every character a case name or a file name may: the
C0 controls other than tab and newlines, lone surrogates, U+FFFE and U+FFFF.
Each is written as its escape (``\ufffe``), so the document stays valid.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from tune_or_prompt.printable import escape_char
from tune_or_prompt.ruletools.testing import CaseResult

# Everything outside XML 1.0's Char production.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """Return ``text`` with every character XML 1.0 forbids written as its escape."""
    return _NOT_XML.sub(lambda m: escape_char(m.group()), text)


def junit_xml(results: Sequence[CaseResult], engine: str) -> str:
    """Return the JUnit XML document of a run."""
    root = ET.Element("testsuites", name="tune-or-prompt rules test")
    files: dict[str, list[CaseResult]] = {}
    for r in results:
        files.setdefault(r.case.file, []).append(r)
    for file, group in files.items():
        suite = ET.SubElement(
            root,
            "testsuite",
            name=xml_safe(file),
            tests=str(len(group)),
            failures=str(sum(not r.passed for r in group)),
            errors="0",
            skipped="0",
            time=f"{sum(r.seconds for r in group):.3f}",
        )
        props = ET.SubElement(suite, "properties")
        ET.SubElement(props, "property", name="engine", value=xml_safe(engine))
        for r in group:
            case = ET.SubElement(
                suite,
                "testcase",
                name=xml_safe(r.case.name),
                classname=xml_safe(r.case.pack),
                file=xml_safe(file),
                line=str(r.case.line),
                time=f"{r.seconds:.3f}",
            )
            if not r.passed:
                failure = ET.SubElement(
                    case, "failure", message=xml_safe("; ".join(r.failures)), type="expectation"
                )
                failure.text = xml_safe(r.line())
    root.set("tests", str(len(results)))
    root.set("failures", str(sum(not r.passed for r in results)))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
