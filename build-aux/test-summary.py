#!/usr/bin/python3
"""Print one closing line, 'N passed, N failed, N skipped', over meson's test logs."""
import json
import sys

passed = failed = skipped = 0
for path in sys.argv[1:]:
    try:
        with open(path, encoding="utf-8") as log:
            for line in log:
                line = line.strip()
                if not line:
                    continue
                result = json.loads(line).get("result", "")
                if result in ("OK", "EXPECTEDFAIL"):
                    passed += 1
                elif result == "SKIP":
                    skipped += 1
                else:
                    failed += 1
    except FileNotFoundError:
        failed += 1
        print(f"missing test log: {path}", file=sys.stderr)
print(f"tests: {passed} passed, {failed} failed, {skipped} skipped")
