"""A real PostgreSQL server for the gradebook tests: Debian's package, data in a temp folder.

PostgreSQL refuses to run as root, so when the tests run as root (CI does) the server runs as
the ``postgres`` account Debian's package creates. When the package is missing and we are
root, it is installed with apt-get, as the Makefile does for Chromium.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def _install() -> None:
    if os.getuid() != 0:
        raise RuntimeError(
            "the PostgreSQL tests need Debian's postgresql: apt-get install postgresql"
        )
    subprocess.run(["apt-get", "update", "-qq"], check=True, capture_output=True)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "postgresql"],
        check=True, capture_output=True, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
    )  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def postgres_server(database: str = "gradebook") -> Iterator[str]:
    """Start a throw-away PostgreSQL server; yield a URL for ``database`` (created empty)."""
    if _bin("pg_ctl") is None:
        _install()
    pg_ctl, initdb, createdb = _bin("pg_ctl"), _bin("initdb"), _bin("createdb")
    assert pg_ctl and initdb and createdb, "PostgreSQL's programs were not found"
    as_user: list[str] = []
    if os.getuid() == 0:
        as_user = ["runuser", "-u", "postgres", "--"]
    folder = Path(tempfile.mkdtemp(prefix="alsedu-pg-", dir="/tmp"))
    folder.chmod(0o755)
    data, sockets, logs = folder / "data", folder / "sockets", folder / "logs"
    for path in (data, sockets, logs):
        path.mkdir()
        if as_user:
            account = pwd.getpwnam("postgres")
            os.chown(path, account.pw_uid, account.pw_gid)
    port = _free_port()

    def run(*command: str) -> None:
        subprocess.run([*as_user, *command], check=True, capture_output=True, timeout=120)

    run(initdb, "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync")
    options = f"-p {port} -k {sockets} -h 127.0.0.1 -F"
    run(pg_ctl, "-D", str(data), "-o", options, "-l", str(logs / "server.log"), "-w", "start")
    try:
        run(createdb, "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", database)
        yield f"postgresql://postgres@127.0.0.1:{port}/{database}"
    finally:
        subprocess.run(
            [*as_user, pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"],
            capture_output=True, timeout=120,
        )  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)
