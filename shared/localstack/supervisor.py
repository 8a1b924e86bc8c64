"""Start servers as child processes, wait until each is ready, stop every one of them by PID.

Each process runs in its own process group with its output in a log file; a server that does not
become ready in time is reported with the tail of its log instead of hanging the caller. `stop_all`
runs on normal exit, on an exception, on Ctrl-C and on SIGTERM.
"""
from __future__ import annotations

import atexit
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


class StartupError(RuntimeError):
    pass


@dataclass
class Proc:
    name: str
    popen: subprocess.Popen
    log_path: Path
    ready: Callable[[], bool]
    timeout_s: float
    started: float


@dataclass
class Supervisor:
    logs_dir: Path
    procs: list[Proc] = field(default_factory=list)
    quiet: bool = False

    def __post_init__(self) -> None:
        self.logs_dir.mkdir(parents=True, exist_ok=True)
        atexit.register(self.stop_all)
        for sig in (signal.SIGTERM, signal.SIGHUP):
            try:
                signal.signal(sig, self._on_signal)
            except ValueError:  # not the main thread (pytest-xdist, a helper thread): atexit still applies
                pass

    def _on_signal(self, signum, _frame) -> None:
        self.stop_all()
        sys.exit(128 + signum)

    def start(self, name: str, argv: list[str], *, env: dict[str, str] | None = None, cwd: Path | None = None,
              ready: Callable[[], bool], timeout_s: float = 60.0) -> Proc:
        return self.wait(self.spawn(name, argv, env=env, cwd=cwd, ready=ready, timeout_s=timeout_s))

    def spawn(self, name: str, argv: list[str], *, env: dict[str, str] | None = None, cwd: Path | None = None,
              ready: Callable[[], bool], timeout_s: float = 60.0) -> Proc:
        """Start without waiting (servers that start slowly start side by side); `wait` later."""
        log_path = self.logs_dir / f"{name}.log"
        log = open(log_path, "wb")
        popen = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                 env={**os.environ, **(env or {})}, cwd=cwd, start_new_session=True)
        log.close()
        proc = Proc(name, popen, log_path, ready, timeout_s, time.monotonic())
        self.procs.append(proc)
        return proc

    def wait(self, proc: Proc) -> Proc:
        name, popen, log_path, ready, timeout_s, started = (proc.name, proc.popen, proc.log_path, proc.ready,
                                                            proc.timeout_s, proc.started)
        while True:
            if popen.poll() is not None:
                raise StartupError(f"{name} exited with code {popen.returncode} during start-up\n{tail(log_path)}")
            try:
                if ready():
                    break
            except Exception:  # noqa: BLE001 — not ready yet
                pass
            if time.monotonic() - started > timeout_s:
                raise StartupError(f"{name} was not ready after {timeout_s:.0f} s\n{tail(log_path)}")
            time.sleep(0.1)
        if not self.quiet:
            print(f"  ✓ {name:<14} ready in {time.monotonic() - started:5.1f} s  (pid {popen.pid})", flush=True)
        return proc

    def stop_all(self) -> None:
        for proc in reversed(self.procs):
            _stop(proc.popen)
        self.procs.clear()


def _stop(popen: subprocess.Popen, grace_s: float = 5.0) -> None:
    if popen.poll() is not None:
        return
    try:
        os.killpg(popen.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        popen.wait(grace_s)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(popen.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        popen.wait(5)


def tail(path: Path, lines: int = 40) -> str:
    try:
        text = path.read_text(errors="replace").splitlines()[-lines:]
    except OSError:
        return f"(no log at {path})"
    return f"--- last {len(text)} lines of {path} ---\n" + "\n".join(text)


def http_ok(url: str, expect: str | None = None, timeout: float = 1.0) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            body = resp.read(4096).decode(errors="replace")
            return expect is None or expect in body
    except urllib.error.HTTPError as err:  # the server answers: it is up
        return expect is None and err.code < 500
    except OSError:
        return False


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) == 0


def port_free(port: int) -> bool:
    return not port_open(port)
