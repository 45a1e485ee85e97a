"""`python -m ppcert ...` runs the installed ppcert binary with the same arguments."""

import os
import subprocess
import sys

from ppcert import find_ppcert_bin


def main() -> int:
    binary = find_ppcert_bin()
    if sys.platform == "win32":
        # Windows has no exec: run it and pass its exit code on.
        return subprocess.run([binary, *sys.argv[1:]]).returncode
    os.execvp(binary, [binary, *sys.argv[1:]])
    return 2  # not reached


if __name__ == "__main__":
    sys.exit(main())
