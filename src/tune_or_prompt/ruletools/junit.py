"""``rules test --format junit``: the results as JUnit XML, which CI systems read.

One ``<testsuite>`` per tests file, one ``<testcase>`` per case (``classname``
is the pack, ``file`` and ``line`` where the case is written), and a
``<failure>`` holding the same line the text report prints.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from tune_or_prompt.ruletools.testing import CaseResult


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
            name=file,
            tests=str(len(group)),
            failures=str(sum(not r.passed for r in group)),
            errors="0",
            skipped="0",
            time=f"{sum(r.seconds for r in group):.3f}",
        )
        props = ET.SubElement(suite, "properties")
        ET.SubElement(props, "property", name="engine", value=engine)
        for r in group:
            case = ET.SubElement(
                suite,
                "testcase",
                name=r.case.name,
                classname=r.case.pack,
                file=r.case.file,
                line=str(r.case.line),
                time=f"{r.seconds:.3f}",
            )
            if not r.passed:
                failure = ET.SubElement(case, "failure", message="; ".join(r.failures), type="expectation")
                failure.text = r.line()
    root.set("tests", str(len(results)))
    root.set("failures", str(sum(not r.passed for r in results)))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
