"""A parallel build's workers die with it, even when only its main process
is killed (Linux; they would otherwise wait forever on their parent)."""
from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading

from sphinx.application import Sphinx

PR_SET_PDEATHSIG = 1  # linux/prctl.h
_fork = {"hooked": False, "parent": 0, "main_thread": False}


def _before_fork() -> None:
    _fork.update(parent=os.getpid(), main_thread=threading.current_thread() is threading.main_thread())


def _die_with_parent() -> None:
    """In a child forked by the main thread (Sphinx's parallel workers): be
    killed when the process that forked it ends, however it ends."""
    if not _fork["main_thread"]:  # the signal follows the forking thread, not the process
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != _fork["parent"]:  # it ended before the call above
        os._exit(1)


def setup(app: Sphinx) -> None:
    if sys.platform.startswith("linux") and not _fork["hooked"]:
        _fork["hooked"] = True
        os.register_at_fork(before=_before_fork, after_in_child=_die_with_parent)
