"""A throwaway PostgreSQL server for the test run: initdb + pg_ctl in a temporary
folder on a free local port, stopped (and removed) at the end, even after failures.
The benchmarks use it too, in a folder kept between runs (`folder`) and durable
(fsync and synchronous commits on, as a real server has them).

initdb refuses to run as root, so as root the server runs as the `postgres` user
(Debian's postgresql package creates it) in a folder that user owns.
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


class Unavailable(RuntimeError):
    """PostgreSQL cannot be started here; the message says why."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class TemporaryPostgres:
    def __init__(self, folder: Path | None = None, durable: bool = False) -> None:
        binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not binaries and shutil.which("initdb"):
            binaries = [shutil.which("initdb")]
        if not binaries:
            raise Unavailable("initdb not found: install Debian's postgresql package (make test does, as root)")
        self.bin = Path(binaries[-1]).parent
        self.as_user: list[str] = []
        self.keep, self.durable = folder is not None, durable
        self.folder = Path(folder) if folder else Path(tempfile.mkdtemp(prefix="roadshow-pg-"))
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            try:
                user = pwd.getpwnam("postgres")
            except KeyError:
                raise Unavailable("running as root and there is no postgres user to run the server") from None
            os.chown(self.folder, user.pw_uid, user.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self.port = _free_port()
        self.started = False

    def _run(self, *args: str) -> None:
        done = subprocess.run([*self.as_user, *args], capture_output=True, text=True)
        if done.returncode:
            raise Unavailable(f"{Path(args[0]).name} failed: {done.stderr.strip() or done.stdout.strip()}")

    def start(self) -> str:
        data = self.folder / "data"
        if not (data / "PG_VERSION").exists():
            self._run(str(self.bin / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
                      "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        speed = "" if self.durable else "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
        options = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 {speed}"
                   "-c max_connections=300")
        self._run(str(self.bin / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(self.folder / "log"),
                  "-w", "-t", "60", "start")
        self.started = True
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"
            time.sleep(0.1)
        raise Unavailable("the server did not accept connections within 30 s")

    def stop(self) -> None:
        if self.started:
            subprocess.run([*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"),
                            "-m", "fast" if self.keep else "immediate", "stop"], capture_output=True)
            self.started = False
        if not self.keep:
            shutil.rmtree(self.folder, ignore_errors=True)
