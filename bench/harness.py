"""Shared pieces of the benchmarks: a fresh PostgreSQL database, gunicorn,
signed-in sessions and a bounded HTTP load against 127.0.0.1 only."""

import http.client
import os
import platform
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
CSRF_SECRET = "b" * 32  # Django accepts an unmasked 32-character secret.


def machine_description():
    memory_kb = 0
    with open("/proc/meminfo") as meminfo:
        for line in meminfo:
            if line.startswith("MemTotal:"):
                memory_kb = int(line.split()[1])
    cpu = platform.processor() or platform.machine()
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} cores ({cpu}), {memory_kb / 1024 / 1024:.0f} GiB RAM, Python {platform.python_version()}"


def reset_database():
    """Drop and recreate the bench database named in DATABASE_URL, then migrate."""
    import psycopg
    from django.conf import settings

    name = settings.DATABASES["default"]["NAME"]
    params = {
        key: value
        for key, value in {
            "host": settings.DATABASES["default"].get("HOST") or HOST,
            "port": settings.DATABASES["default"].get("PORT") or 5432,
            "user": settings.DATABASES["default"].get("USER") or "postgres",
            "password": settings.DATABASES["default"].get("PASSWORD") or None,
        }.items()
        if value
    }
    from django.db import connections

    connections.close_all()
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Gunicorn:
    """gunicorn serving the bench settings on a free loopback port."""

    def __init__(self, workers):
        self.workers = workers
        self.port = free_port()
        self.process = None

    def __enter__(self):
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portail.settings_bench"}
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "portail.wsgi",
                "--bind",
                f"{HOST}:{self.port}",
                "--workers",
                str(self.workers),
                "--worker-class",
                "sync",
                "--timeout",
                "120",
                "--backlog",
                "2048",
                "--log-level",
                "warning",
            ],
            cwd=BASE_DIR,
            env=env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection((HOST, self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start within 60 s")

    def worker_pids(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def peak_worker_memory_mib(self):
        """Return the largest peak resident size (VmHWM) among the workers."""
        peaks = []
        for pid in self.worker_pids():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
        return max(peaks) if peaks else 0.0

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def session_cookie(user):
    """Create a signed-in session for `user` without going through the login form."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return (
        f"{settings.SESSION_COOKIE_NAME}={session.session_key}; "
        f"{settings.CSRF_COOKIE_NAME}={CSRF_SECRET}"
    )


@dataclass
class Request:
    method: str
    path: str
    body: bytes
    headers: dict


@dataclass
class LoadResult:
    latencies: list = field(default_factory=list)
    statuses: dict = field(default_factory=dict)
    bodies: list = field(default_factory=list)
    elapsed: float = 0.0

    @property
    def errors(self):
        return sum(count for status, count in self.statuses.items() if status >= 400)

    def percentile(self, fraction):
        ordered = sorted(self.latencies)
        if not ordered:
            return 0.0
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]

    def summary(self):
        return {
            "requests": len(self.latencies),
            "seconds": round(self.elapsed, 2),
            "p50_ms": round(self.percentile(0.50) * 1000, 1),
            "p95_ms": round(self.percentile(0.95) * 1000, 1),
            "mean_ms": round(statistics.fmean(self.latencies) * 1000, 1)
            if self.latencies
            else 0.0,
            "errors": self.errors,
            "statuses": dict(sorted(self.statuses.items())),
        }


def run_load(port, requests, concurrency, timeout=120):
    """Send every request once with `concurrency` client threads; bounded in time."""
    result = LoadResult()
    lock = threading.Lock()
    start_gate = threading.Barrier(min(concurrency, len(requests)) or 1)

    def send(index_request):
        index, request = index_request
        if index < start_gate.parties:
            try:
                start_gate.wait(timeout=30)
            except threading.BrokenBarrierError:
                pass
        connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
        started = time.perf_counter()
        try:
            connection.request(
                request.method, request.path, request.body, request.headers
            )
            response = connection.getresponse()
            body = response.read()
            status = response.status
        except OSError:
            status, body = 599, b""
        finally:
            connection.close()
        latency = time.perf_counter() - started
        with lock:
            result.latencies.append(latency)
            result.statuses[status] = result.statuses.get(status, 0) + 1
            result.bodies.append(body)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(send, enumerate(requests)))
    result.elapsed = time.perf_counter() - started
    return result


def json_post(path, cookie, payload, referer_port):
    import json

    return Request(
        "POST",
        path,
        json.dumps(payload).encode(),
        {
            "Cookie": cookie,
            "X-CSRFToken": CSRF_SECRET,
            "Content-Type": "application/json",
            "Referer": f"http://{HOST}:{referer_port}/",
            "Host": f"{HOST}:{referer_port}",
        },
    )


def form_post(path, cookie, fields, referer_port):
    from urllib.parse import urlencode

    return Request(
        "POST",
        path,
        urlencode(fields, doseq=True).encode(),
        {
            "Cookie": cookie,
            "X-CSRFToken": CSRF_SECRET,
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://{HOST}:{referer_port}/",
            "Host": f"{HOST}:{referer_port}",
        },
    )


def random_token():
    return secrets.token_hex(8)
