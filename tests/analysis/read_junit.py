#!/usr/bin/env python3
"""Reads a chaintwin JUnit report with xml.etree, as CI test reporters do, and checks what it says.

Exits non-zero, naming the problem, when the file is not well-formed XML or disagrees with the arguments.
"""
import argparse
import sys
import xml.etree.ElementTree as ET


def fail(message):
    print(f"read_junit: {message}", file=sys.stderr)
    sys.exit(1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--suite", required=True, help="the testsuite's name")
    parser.add_argument("--tests", type=int, required=True)
    parser.add_argument("--failures", type=int, required=True)
    parser.add_argument("--failed", action="append", default=[], help="TESTCASE[=FAILURE MESSAGE]")
    parser.add_argument("--passed", action="append", default=[], help="TESTCASE")
    args = parser.parse_args()

    try:
        root = ET.parse(args.path).getroot()
    except ET.ParseError as e:
        fail(f"not well-formed XML: {e}")
    if root.tag != "testsuites":
        fail(f"root element is <{root.tag}>, expected <testsuites>")
    suites = root.findall("testsuite")
    if len(suites) != 1:
        fail(f"{len(suites)} <testsuite> elements, expected 1")
    suite = suites[0]
    if suite.get("name") != args.suite:
        fail(f"testsuite name {suite.get('name')!r}, expected {args.suite!r}")
    cases = suite.findall("testcase")
    failed = {c.get("name"): c.find("failure") for c in cases if c.find("failure") is not None}
    for element in (root, suite):
        if int(element.get("tests")) != args.tests or int(element.get("failures")) != args.failures:
            fail(f"<{element.tag}> counts {element.attrib}, expected {args.tests} tests, {args.failures} failures")
    if len(cases) != args.tests or len(failed) != args.failures:
        fail(f"{len(cases)} testcases with {len(failed)} failures, expected {args.tests} and {args.failures}")
    for case in cases:
        if case.get("classname") != args.suite:
            fail(f"testcase classname {case.get('classname')!r}, expected the suite's name")
    for item in args.failed:
        name, _, message = item.partition("=")
        if name not in failed:
            fail(f"no failed testcase {name!r} in {sorted(failed)}")
        if message and (failed[name].get("message") != message or failed[name].text != message):
            fail(f"failure of {name!r} says {failed[name].get('message')!r}, expected {message!r}")
    names = {c.get("name") for c in cases}
    for name in args.passed:
        if name not in names or name in failed:
            fail(f"no passed testcase {name!r}")
    print(f"read_junit: {args.path}: {len(cases)} testcases, {len(failed)} failures: ok")


if __name__ == "__main__":
    main()
