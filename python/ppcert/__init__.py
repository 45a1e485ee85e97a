"""ppcert: the binary is installed on PATH by the wheel; this package only finds it."""

import os
import sys
import sysconfig


def find_ppcert_bin() -> str:
    """The path of the ppcert executable installed with this package."""
    exe = "ppcert.exe" if sys.platform == "win32" else "ppcert"
    candidates = [os.path.join(sysconfig.get_path("scripts"), exe)]
    user_scheme = "nt_user" if sys.platform == "win32" else "posix_user"
    try:
        candidates.append(os.path.join(sysconfig.get_path("scripts", scheme=user_scheme), exe))
    except KeyError:
        pass
    # pip's --target and --prefix installs put it beside the package.
    candidates.append(os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(__file__))), "bin", exe))
    for path in candidates:
        if os.path.isfile(path):
            return path
    raise FileNotFoundError("the ppcert executable is not installed beside this package: " + ", ".join(candidates))
