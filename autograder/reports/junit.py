"""JUnit XML, for tools that read test reports (one testcase per graded test)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..core.results import GradeResult
from ..outcomes import Status

FAILURES = (Status.FAILED, Status.NOT_ATTEMPTED)  # the code is wrong or missing
ERRORS = (Status.TIMED_OUT, Status.CRASHED)  # the code did not finish


def junit_xml(result: GradeResult) -> str:
    """The grade as a JUnit XML document (a ``testsuites`` root with one suite)."""
    failures = sum(1 for t in result.tests if t.status in FAILURES)
    errors = sum(1 for t in result.tests if t.status in ERRORS)
    suites = ET.Element("testsuites")
    suite = ET.SubElement(
        suites,
        "testsuite",
        name="backprop-lab",
        tests=str(len(result.tests)),
        failures=str(failures),
        errors=str(errors + (1 if result.error else 0)),
        time=f"{result.execution_time:.3f}",
    )
    props = ET.SubElement(suite, "properties")
    ET.SubElement(props, "property", name="score", value=f"{result.score:g}")
    ET.SubElement(props, "property", name="max_score", value=f"{result.max_score:g}")
    for test in result.tests:
        case = ET.SubElement(
            suite,
            "testcase",
            classname=test.exercise,
            name=test.name,
            time=f"{test.duration:.3f}",
        )
        ET.SubElement(case, "properties").append(
            ET.Element("property", name="points", value=f"{test.score:g}/{test.max_score:g}")
        )
        if test.status in FAILURES:
            ET.SubElement(
                case, "failure", message=test.status, type=test.status
            ).text = test.message
        elif test.status != Status.PASSED:
            ET.SubElement(case, "error", message=test.status, type=test.status).text = test.message
    if result.error:
        ET.SubElement(suite, "error", message="grader error").text = result.error
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"
