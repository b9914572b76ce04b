"""A guard against a PySide6 6.12 reference-count bug on Python 3.11, applied before any Qt use.

PySide6 6.12's abi3 wheels hand back None, True and False from many C++ calls without taking a
reference (harmless from Python 3.12 on, where those objects are immortal). On 3.11 every such
call lowers their count, and after enough repaints the interpreter aborts with
"deallocating None". Giving them a huge extra count makes them immortal in effect, as 3.12 does.
"""

from __future__ import annotations

import ctypes
import sys

_DONE = False


def immortalise_singletons() -> None:
    global _DONE
    if _DONE or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    for obj in (None, True, False, Ellipsis, NotImplemented):
        # ob_refcnt is the first field of every object in a release build of CPython
        ctypes.c_ssize_t.from_address(id(obj)).value += 1 << 40
    _DONE = True
