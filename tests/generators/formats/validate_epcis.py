#!/usr/bin/env python3
"""Validate JSON files against GS1's EPCIS 2.0 JSON Schema.

usage: validate_epcis.py SCHEMA [--valid FILE...] [--invalid FILE...]
Exit 0 if every --valid file validates and every --invalid file is rejected, 1 otherwise,
77 (skip) if the jsonschema module is missing, 2 on bad usage.

Formats are checked ("date-time", "uri"): where the installed jsonschema lacks a checker for one
(python3-jsonschema 4.10 on Debian 12 has neither), a strict fallback defined here is used, so that a
malformed time or identifier fails on every machine.
"""
import datetime
import json
import re
import sys

try:
    import jsonschema
except ImportError:
    print("SKIP: python3 module jsonschema not installed (apt-get install python3-jsonschema)")
    sys.exit(77)

RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s\"<>\\^`{|}]*$")


def is_date_time(value):
    if not isinstance(value, str):
        return True
    if not RFC3339.match(value):
        return False
    text = value.upper().replace("Z", "+00:00")
    main = re.sub(r"\.\d+", "", text)
    try:
        datetime.datetime.strptime(main[:19], "%Y-%m-%dT%H:%M:%S")
    except ValueError:
        return False
    return int(main[20:22]) <= 23 and int(main[23:25]) <= 59


def is_uri(value):
    return not isinstance(value, str) or bool(URI.match(value))


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    valid, invalid, target = [], [], None
    for arg in argv[2:]:
        if arg == "--valid":
            target = valid
        elif arg == "--invalid":
            target = invalid
        elif target is None:
            print(__doc__)
            return 2
        else:
            target.append(arg)

    checker = jsonschema.FormatChecker()
    if "date-time" not in checker.checkers:
        checker.checks("date-time")(is_date_time)
    if "uri" not in checker.checkers:
        checker.checks("uri")(is_uri)
    validator = jsonschema.Draft7Validator(schema, format_checker=checker)

    failures = 0
    for path in valid:
        with open(path, encoding="utf-8") as f:
            errors = list(validator.iter_errors(json.load(f)))
        if errors:
            failures += 1
            print(f"INVALID (expected valid): {path}")
            for error in errors[:5]:
                print(f"  at /{'/'.join(map(str, error.absolute_path))}: {error.message[:300]}")
    for path in invalid:
        with open(path, encoding="utf-8") as f:
            if validator.is_valid(json.load(f)):
                failures += 1
                print(f"VALID (expected rejected): {path}")
    print(f"checked {len(valid)} valid and {len(invalid)} invalid files: {failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
