#!/usr/bin/env python3
"""Counts test outcomes from TRX files and prints the closing line: Tests: N passed, N failed, N skipped."""
import pathlib
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}


def main(directory: str) -> int:
    passed = failed = skipped = 0
    failures = []
    for trx in sorted(pathlib.Path(directory).rglob("*.trx")):
        root = ET.parse(trx).getroot()
        for result in root.iterfind(".//t:UnitTestResult", NS):
            outcome = result.get("outcome")
            if outcome == "Passed":
                passed += 1
            elif outcome in ("NotExecuted", "Inconclusive", "Skipped"):
                skipped += 1
            else:
                failed += 1
                failures.append(f"{trx.stem}: {result.get('testName')} ({outcome})")
    for line in failures:
        print(f"FAILED {line}")
    print(f"Tests: {passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "artifacts/test-results"))
