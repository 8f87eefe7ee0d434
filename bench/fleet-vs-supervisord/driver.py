"""`axon up` beside supervisord, in one run: fleet up, memory, restart after SIGKILL, stop (issue 12's targets).

Usage: driver.py --axon PATH --supervisord PATH --supervisorctl PATH --work DIR [--agents 64] [--trials 5]
                 [--program sleep|python] [--json FILE]
       driver.py --cleanup DIR      (kill whatever a run with --work DIR left behind; the wrapper's EXIT trap)
Stdlib only; run by bench/fleet-vs-supervisord.sh, which installs supervisord and prints the machine.

Each trial runs, in a fresh temp repo (or supervisord config) each:
  A  axon up (foreground) of AGENTS persistent agents on the replay model; polls the supervisor's control
     socket (`status`, the `axon ps --json` object, no process spawned) every 20 ms until every instance is
     `idle` with a generation acked; after 1 s: supervisor and agent memory (/proc/PID/status, smaps_rollup);
     SIGKILL worker.1 → a new pid `idle` and acked; then `axon down` → supervisor exited and no agent left.
  B  the same fleet, polled with `axon ps --json` (one spawn per poll) instead; then SIGTERM to the supervisor.
  C  a fleet of one agent (solo): SIGKILL it → its new process `idle` (socket poll) and → the first answered
     `axon request -a solo hello` (retried every 10 ms: with one replica the request must reach the new one).
  D1 supervisord (nodaemon) with AGENTS [program:pN] running `sleep 1000000` (or a Python idle loop), its
     defaults kept (startsecs=1: a program is RUNNING only after 1 s up; stopwaitsecs=10), autorestart=true;
     polls getAllProcessInfo over XML-RPC on its unix socket every 20 ms until all are RUNNING; memory;
     SIGKILL p1 → RUNNING again with a new pid; then SIGTERM to supervisord → it and every program gone.
  D2 the same, polled with `supervisorctl status` (one Python start per poll); then `supervisorctl shutdown`.
Times are from the exec of the supervisor (or of the kill, the stop) to the end of the poll that saw it.
"""

import argparse
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import http.client
import xmlrpc.client

POLL = 0.020  # the up poll, start to start
FAST_POLL = 0.010  # the restart polls (a status answer costs the supervisor a few ms); /proc polls: 2 ms
REQUEST_RETRY = 0.010
UP_TIMEOUT = 180.0
MiB = 1024.0

REPLAY = """rules:
  - match: hello
    turns:
      - text: "Hello from the fleet."
default:
  - text: "echo {{prompt}}"
"""


def now() -> float:
    return time.monotonic()


# ---------------------------------------------------------------- /proc


def proc_stat(pid: int):
    """(state, ppid, starttime) of pid, or None when there is no such process."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            s = f.read()
    except (FileNotFoundError, ProcessLookupError):
        return None
    rest = s[s.rindex(")") + 2 :].split()
    return rest[0], int(rest[1]), int(rest[19])


def alive(pid: int, start: int | None = None) -> bool:
    st = proc_stat(pid)
    return st is not None and st[0] != "Z" and (start is None or st[2] == start)


def cpu_ms(pid: int) -> float | None:
    """utime + stime of pid so far, in ms."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            rest = f.read().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return None
    return (int(rest[12]) + int(rest[13])) * 1000.0 / os.sysconf("SC_CLK_TCK")


def children(ppid: int) -> list[int]:
    out = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            st = proc_stat(int(d))
            if st and st[1] == ppid:
                out.append(int(d))
    return out


def status_kb(pid: int, keys=("VmRSS", "RssAnon", "RssFile", "Threads")) -> dict:
    out = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                k, _, v = line.partition(":")
                if k in keys:
                    out[k] = int(v.split()[0])
    except FileNotFoundError:
        pass
    return out


def rollup(pid: int) -> dict:
    out = {}
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                k, _, v = line.partition(":")
                parts = v.split()
                if len(parts) == 2 and parts[1] == "kB":
                    out[k] = int(parts[0])
    except FileNotFoundError:
        pass
    return out


def memory(pid: int) -> dict:
    s, r = status_kb(pid), rollup(pid)
    return {
        "rss": s.get("VmRSS"),
        "anon": s.get("RssAnon"),
        "file": s.get("RssFile"),
        "threads": s.get("Threads"),
        "pss": r.get("Pss"),
        "private_dirty": r.get("Private_Dirty"),
        "shared_clean": r.get("Shared_Clean"),
    }


def category(path: str, binary: str) -> str:
    base = os.path.basename(path)
    if path == binary:
        return "the axon binary itself"
    if base.startswith(("libswift", "lib_swift", "libdispatch", "libBlocksRuntime")):
        return "Swift runtime (libswift*, libdispatch)"
    if base.startswith(("libFoundation", "lib_FoundationICU")):
        return "Foundation (+ICU, Networking)"
    if ".so" in base:
        return "other shared libs (libc, libstdc++, curl, ssl…)"
    if path in ("", "[heap]"):
        return "anonymous + [heap] (malloc, Swift heap)"
    if path.startswith("[stack"):
        return "[stack]"
    return "other (" + path + ")" if path.startswith("[") else "other files"


def smaps_breakdown(pid: int, binary: str) -> dict:
    """Rss, Pss, Private_Dirty (kB) per kind of mapping of pid, from /proc/PID/smaps."""
    agg: dict[str, dict[str, int]] = {}
    cur = None
    head = re.compile(r"^[0-9a-f]+-[0-9a-f]+ ")
    try:
        with open(f"/proc/{pid}/smaps") as f:
            for line in f:
                if head.match(line):
                    parts = line.split(None, 5)
                    cur = category(parts[5].strip() if len(parts) > 5 else "", binary)
                    agg.setdefault(cur, {"Rss": 0, "Pss": 0, "Private_Dirty": 0, "Shared_Clean": 0})
                else:
                    k, _, v = line.partition(":")
                    if cur and k in agg[cur]:
                        agg[cur][k] += int(v.split()[0])
    except FileNotFoundError:
        pass
    return agg


# ---------------------------------------------------------------- what we started, and cleaning it up

_critical = 0
_pending: list[int] = []


def on_signal(signum, _frame):
    """SIGTERM (the wrapper's Ctrl-C too): unwind to main's cleanup, but never between a spawn and its record."""
    if _critical:
        _pending.append(signum)
        return
    sys.exit(128 + signum)


class Critical:
    """A spawn and its Ledger entry, not to be split by a signal (the child would be started but not known)."""

    def __enter__(self):
        global _critical
        _critical += 1

    def __exit__(self, *_):
        global _critical
        _critical -= 1
        if not _critical and _pending:
            sys.exit(128 + _pending[0])


class Ledger:
    """Every supervisor this run started (and every child pid it saw), with start times, in WORK/started.pids:
    what --cleanup (the wrapper's EXIT trap) kills if the driver itself died."""

    def __init__(self, work: str):
        self.path = os.path.join(work, "started.pids")
        self.lock = threading.Lock()

    def add(self, kind: str, pid: int):
        st = proc_stat(pid)
        if st:
            with self.lock, open(self.path, "a") as f:
                f.write(f"{kind} {pid} {st[2]}\n")

    def entries(self):
        try:
            with open(self.path) as f:
                for line in f:
                    kind, pid, start = line.split()
                    yield kind, int(pid), int(start)
        except FileNotFoundError:
            return


def under(work: str) -> list[tuple[int, int]]:
    """Processes whose working directory is inside WORK (a mktemp directory of this run: every supervisor,
    agent and program it starts runs there), with their start times."""
    out, root = [], os.path.realpath(work) + "/"
    for d in os.listdir("/proc"):
        if d.isdigit() and int(d) != os.getpid():
            try:
                cwd = os.readlink(f"/proc/{d}/cwd").removesuffix(" (deleted)")
            except OSError:
                continue
            st = proc_stat(int(d))
            if st and st[0] != "Z" and (cwd + "/").startswith(root):
                out.append((int(d), st[2]))
    return out


def cleanup(work: str, quiet=False) -> int:
    """SIGTERM each live supervisor recorded in WORK (it stops its own children), SIGKILL after 12 s, then
    SIGKILL any recorded child still alive (same start time, so never a recycled pid), and last whatever
    still runs in WORK (a signal between a spawn and its record). Returns how many were still there."""
    left = cleanup_recorded(work)
    strays = under(work)
    for p, s in strays:
        if alive(p, s):
            os.kill(p, signal.SIGTERM)
    deadline = now() + 5
    while any(alive(p, s) for p, s in strays) and now() < deadline:
        reap()
        time.sleep(0.02)
    for p, s in strays:
        if alive(p, s):
            os.kill(p, signal.SIGKILL)
    reap()
    left += len(strays)
    if left and not quiet:
        print(f"cleanup: stopped {left} leftover process(es)", file=sys.stderr)
    return left


def cleanup_recorded(work: str) -> int:
    ledger = Ledger(work)
    entries = list(ledger.entries())
    sups = [(p, s) for k, p, s in entries if k == "supervisor" and alive(p, s)]
    # What the supervisors run now (spawned after we last looked).
    kids = [(c, st[2]) for p, _ in sups for c in children(p) if (st := proc_stat(c))]
    left = len(sups)
    for p, s in sups:
        os.kill(p, signal.SIGTERM)
    deadline = now() + 12
    while any(alive(p, s) for p, s in sups) and now() < deadline:
        reap()
        time.sleep(0.02)
    for p, s in sups:
        if alive(p, s):
            os.kill(p, signal.SIGKILL)
    reap()
    others = [(p, s) for k, p, s in entries if k != "supervisor"] + kids
    for p, s in others:
        if alive(p, s):
            left += 1
            try:
                os.killpg(p, signal.SIGKILL) if os.getpgid(p) == p else os.kill(p, signal.SIGKILL)
            except ProcessLookupError:
                pass
    reap()
    return left


def reap():
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


# ---------------------------------------------------------------- axon


def clean_env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AXON") and not k.endswith("_API_KEY")}
    env["AXON_SANDBOX"] = "none"
    env.pop("TERM", None)
    return env


class Lines(threading.Thread):
    """Reads a child's stdout (merged stderr), each line with its monotonic time."""

    def __init__(self, stream):
        super().__init__(daemon=True)
        self.stream, self.lines = stream, []
        self.start()

    def run(self):
        for raw in self.stream:
            self.lines.append((now(), raw.decode(errors="replace").rstrip("\n")))


class AxonFleet:
    def __init__(self, args, ledger, work, name, agents_yaml):
        self.axon, self.ledger = args.axon, ledger
        self.repo = os.path.join(work, name)
        os.makedirs(os.path.join(self.repo, "data", "replay"))
        with open(os.path.join(self.repo, "data", "replay", "demo.yaml"), "w") as f:
            f.write(REPLAY)
        with open(os.path.join(self.repo, "fleet.yaml"), "w") as f:
            f.write(
                "version: 1\nmodels:\n  offline: {provider: replay, script: data/replay/demo.yaml}\n"
                "defaults:\n  model: offline\nagents:\n" + agents_yaml
            )
        self.sock_path = os.path.join(self.repo, ".axon", "fleet", "supervisor.sock")
        if len(self.sock_path) >= 104:
            sys.exit(f"driver: {self.sock_path} is too long for a unix socket: use a shorter TMPDIR")
        self.env = clean_env()
        self.proc = None
        self.sock = None
        self.agent_pids: dict[int, int] = {}

    def cli(self, *argv, timeout=60):
        return subprocess.run(
            [self.axon, *argv], cwd=self.repo, env=self.env, stdin=subprocess.DEVNULL,
            capture_output=True, timeout=timeout,
        )

    def up(self) -> float:
        t0 = now()
        with Critical():
            self.proc = subprocess.Popen(
                [self.axon, "up", "--repo", self.repo], cwd=self.repo, env=self.env, stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
            )
            self.ledger.add("supervisor", self.proc.pid)
        self.out = Lines(self.proc.stdout)
        return t0

    def status(self):
        """The supervisor's `status` (the `axon ps --json` object) on its control socket, or None."""
        try:
            if self.sock is None:
                s = socket.socket(socket.AF_UNIX)
                s.settimeout(5)
                s.connect(self.sock_path)
                self.sock, self.rf = s, s.makefile("rb")
            self.sock.sendall(b'{"v":1,"type":"status","id":"bench"}\n')
            line = self.rf.readline()
            if not line:
                raise OSError("closed")
            return json.loads(line)
        except (OSError, ValueError):
            self.close_sock()
            return None

    def close_sock(self):
        if self.sock:
            try:
                self.sock.close()
            except OSError:
                pass
        self.sock = None

    def ps(self):
        r = self.cli("ps", "--json")
        if r.returncode != 0:
            return None
        try:
            return json.loads(r.stdout)
        except ValueError:
            return None

    @staticmethod
    def all_up(st, n) -> bool:
        if not st or st.get("phase") != "running":
            return False
        inst = st.get("instances") or []
        return len(inst) == n and all(i.get("state") == "idle" and i.get("generation") is not None for i in inst)

    def wait_up(self, t0, n, poll) -> tuple[float, dict, int]:
        polls, nxt = 0, now()
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError("axon up exited early:\n" + "\n".join(l for _, l in self.out.lines[-20:]))
            st = poll()
            polls += 1
            t = now()
            if self.all_up(st, n):
                self.remember(st)
                return t - t0, st, polls
            if t - t0 > UP_TIMEOUT:
                raise RuntimeError(f"fleet not up after {UP_TIMEOUT:.0f} s: {summary(st)}")
            nxt += POLL
            time.sleep(max(0.0, nxt - now()))

    def remember(self, st):
        for i in st.get("instances") or []:
            if i.get("pid") and i["pid"] not in self.agent_pids:
                s = proc_stat(i["pid"])
                if s:
                    self.agent_pids[i["pid"]] = s[2]
                    self.ledger.add("agent", i["pid"])

    def wait_instance(self, iid, old_pid, t0, limit=30.0) -> float:
        """SIGKILLed instance iid back: a pid other than old_pid, idle, generation acked (socket polls)."""
        while True:
            st = self.status()
            t = now()
            for i in (st or {}).get("instances") or []:
                if i["id"] == iid and i.get("pid") not in (None, old_pid) and i["state"] == "idle" \
                        and i.get("generation") is not None:
                    self.remember(st)
                    return t - t0
            if t - t0 > limit:
                raise RuntimeError(f"{iid} not back after {limit:.0f} s: {summary(st)}")
            time.sleep(FAST_POLL)

    def wait_gone(self, t0, limit=60.0) -> float:
        while True:
            sup_gone = self.proc.poll() is not None
            if sup_gone and not any(alive(p, s) for p, s in self.agent_pids.items()):
                return now() - t0
            if now() - t0 > limit:
                raise RuntimeError("fleet not gone after %.0f s" % limit)
            time.sleep(0.002)

    def stop(self):
        """Whatever state it is in: SIGTERM, then SIGKILL; the ledger's cleanup covers the agents."""
        self.close_sock()
        stop_supervisor(self.proc, self.agent_pids, wait=15)


def stop_supervisor(proc, children: dict, wait: float):
    """SIGTERM to the supervisor (SIGKILL after `wait` s), then SIGKILL to any recorded child still alive."""
    if proc and proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(wait)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    for p, s in children.items():
        if alive(p, s):
            os.kill(p, signal.SIGKILL)


def summary(st) -> str:
    if not st:
        return "no status"
    states: dict[str, int] = {}
    for i in st.get("instances") or []:
        k = i.get("state") + ("" if i.get("generation") is not None else " (no ack)")
        states[k] = states.get(k, 0) + 1
    return f"phase {st.get('phase')}, " + ", ".join(f"{v} {k}" for k, v in sorted(states.items()))


# ---------------------------------------------------------------- supervisord


class UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path, timeout=5):
        super().__init__("localhost", timeout=timeout)
        self.unix_path = path

    def connect(self):
        s = socket.socket(socket.AF_UNIX)
        s.settimeout(self.timeout)
        s.connect(self.unix_path)
        self.sock = s


class UnixTransport(xmlrpc.client.Transport):
    def __init__(self, path):
        super().__init__()
        self.unix_path = path

    def make_connection(self, host):
        if self._connection and host == self._connection[0]:
            return self._connection[1]
        self._connection = host, UnixHTTPConnection(self.unix_path)
        return self._connection[1]


class Supervisord:
    def __init__(self, args, ledger, work, name, n):
        self.args, self.ledger, self.n = args, ledger, n
        self.dir = os.path.join(work, name)
        os.makedirs(os.path.join(self.dir, "logs"))
        self.sock_path = os.path.join(self.dir, "s.sock")
        self.conf = os.path.join(self.dir, "supervisord.conf")
        if args.program == "python":
            command = f"{sys.executable} -c 'import time; time.sleep(1e9)'"
        else:
            command = "sleep 1000000"
        lines = [
            "[unix_http_server]", f"file={self.sock_path}", "",
            "[supervisord]", "nodaemon=true", f"logfile={self.dir}/supervisord.log",
            f"pidfile={self.dir}/supervisord.pid", f"childlogdir={self.dir}/logs", "",
            "[rpcinterface:supervisor]", "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
            "", "[supervisorctl]", f"serverurl=unix://{self.sock_path}", "",
        ]
        for i in range(1, n + 1):
            # Defaults kept (startsecs=1, startretries=3, stopwaitsecs=10, stopsignal=TERM); autorestart=true
            # as the issue states it (the default, `unexpected`, restarts a SIGKILLed program too).
            lines += [f"[program:p{i}]", f"command={command}", "autorestart=true", ""]
        with open(self.conf, "w") as f:
            f.write("\n".join(lines))
        self.proc = None
        self.rpc = None
        self.child_pids: dict[int, int] = {}

    def up(self) -> float:
        t0 = now()
        with Critical():
            self.proc = subprocess.Popen(
                [self.args.supervisord, "-c", self.conf], cwd=self.dir, stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
            )
            self.ledger.add("supervisor", self.proc.pid)
        return t0

    def info(self):
        try:
            if self.rpc is None:
                self.rpc = xmlrpc.client.ServerProxy("http://localhost", transport=UnixTransport(self.sock_path))
            return self.rpc.supervisor.getAllProcessInfo()
        except (OSError, xmlrpc.client.Error, http.client.HTTPException):
            self.rpc = None
            return None

    def ctl(self, *argv, timeout=60):
        return subprocess.run(
            [self.args.supervisorctl, "-c", self.conf, *argv], cwd=self.dir, stdin=subprocess.DEVNULL,
            capture_output=True, timeout=timeout,
        )

    def ctl_info(self):
        """`supervisorctl status` parsed to [{name, statename, pid}]."""
        r = self.ctl("status")
        out = []
        for line in r.stdout.decode(errors="replace").splitlines():
            m = re.match(r"^(\S+)\s+(\S+)(?:\s+pid (\d+))?", line)
            if m and m.group(1).startswith("p"):
                out.append({"name": m.group(1), "statename": m.group(2), "pid": int(m.group(3) or 0)})
        return out or None

    def all_up(self, info) -> bool:
        return bool(info) and len(info) == self.n and all(p["statename"] == "RUNNING" for p in info)

    def wait_up(self, t0, poll) -> tuple[float, list, int]:
        polls, nxt = 0, now()
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"supervisord exited early ({self.proc.returncode}); see {self.dir}")
            info = poll()
            polls += 1
            t = now()
            if self.all_up(info):
                self.remember(info)
                return t - t0, info, polls
            if t - t0 > UP_TIMEOUT:
                raise RuntimeError("supervisord programs not RUNNING after %.0f s" % UP_TIMEOUT)
            nxt += POLL
            time.sleep(max(0.0, nxt - now()))

    def remember(self, info):
        for p in info:
            if p.get("pid") and p["pid"] not in self.child_pids:
                s = proc_stat(p["pid"])
                if s:
                    self.child_pids[p["pid"]] = s[2]
                    self.ledger.add("program", p["pid"])

    def wait_restarted(self, name, old_pid, t0, limit=30.0) -> float:
        while True:
            info = self.info()
            t = now()
            for p in info or []:
                if p["name"] == name and p["statename"] == "RUNNING" and p["pid"] not in (0, old_pid):
                    self.remember(info)
                    return t - t0
            if t - t0 > limit:
                raise RuntimeError(f"{name} not RUNNING again after {limit:.0f} s")
            time.sleep(FAST_POLL)

    def wait_gone(self, t0, limit=60.0) -> float:
        while True:
            if self.proc.poll() is not None and not any(alive(p, s) for p, s in self.child_pids.items()):
                return now() - t0
            if now() - t0 > limit:
                raise RuntimeError("supervisord not gone after %.0f s" % limit)
            time.sleep(0.002)

    def stop(self):
        stop_supervisor(self.proc, self.child_pids, wait=20)


# ---------------------------------------------------------------- the trial


def median_mem(pids) -> dict:
    mems = [memory(p) for p in pids]
    out = {}
    for k in ("rss", "pss", "private_dirty", "threads"):
        vals = [m[k] for m in mems if m.get(k) is not None]
        out[k] = statistics.median(vals) if vals else None
    return out


def time_call(fn, k=10) -> float:
    ts = []
    for _ in range(k):
        t = now()
        fn()
        ts.append(now() - t)
    return statistics.median(ts)


def run_axon_A(args, ledger, work, t, res, extra):
    f = AxonFleet(args, ledger, work, f"a{t}", f"  worker: {{replicas: {args.agents}}}\n")
    try:
        t0 = f.up()
        up, st, polls = f.wait_up(t0, args.agents, f.status)
        add(res, "up_sock", "axon", up)
        extra.setdefault("axon_up_polls", []).append(polls)
        # Where the time went: the supervisor's first line, its last `started pid` line, and the CPU the
        # agents and the supervisor used to get there (2 cores: 64 boots' CPU / 2 bounds the up time).
        started = [ts - t0 for ts, l in f.out.lines if " started pid " in l]
        first = [ts - t0 for ts, l in f.out.lines if l.startswith("fleet: starting")]
        cpus = [cpu_ms(i["pid"]) for i in st["instances"]]
        cpus = [c for c in cpus if c is not None]
        extra.setdefault("axon_up_phases", []).append({
            "first_line": first[0] if first else None, "last_started": max(started) if started else None,
            "up": up, "agent_cpu_ms_median": statistics.median(cpus) if cpus else None,
            "agent_cpu_ms_total": sum(cpus), "supervisor_cpu_ms": cpu_ms(st["pid"]),
        })
        time.sleep(1.0)
        sup = st["pid"]
        m = memory(sup)
        add(res, "sup_rss", "axon", m["rss"] / MiB)
        extra.setdefault("axon_sup_mem", []).append(m)
        pids = [i["pid"] for i in st["instances"]]
        am = median_mem(pids)
        add(res, "agent_rss", "axon", am["rss"] / MiB)
        add(res, "agent_pss", "axon", am["pss"] / MiB)
        add(res, "agent_pd", "axon", am["private_dirty"] / MiB)
        extra.setdefault("axon_agent_threads", []).append(am["threads"])
        if t == 1:
            extra["agent_smaps"] = smaps_breakdown(pids[0], os.path.realpath(args.axon))
            extra["agent_smaps_pid"] = pids[0]
            extra["sup_smaps"] = smaps_breakdown(sup, os.path.realpath(args.axon))
            extra["cost_axon_ps"] = time_call(f.ps)
            extra["cost_axon_sock"] = time_call(f.status)
            extra["sup_threads"] = m["threads"]
        # restart inside the big fleet
        victim = next(i for i in st["instances"] if i["id"] == "worker.1")
        t0 = now()
        os.kill(victim["pid"], signal.SIGKILL)
        add(res, "restart_big", "axon", f.wait_instance("worker.1", victim["pid"], t0))
        f.close_sock()
        t0 = now()
        down = subprocess.Popen([args.axon, "down"], cwd=f.repo, env=f.env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        gone = f.wait_gone(t0)
        down.wait(30)
        add(res, "down_cli", "axon", gone)
        check_stopped(f, "axon down")
    finally:
        f.stop()


def check_stopped(f, how):
    f.proc.wait(5)
    f.out.join(2)
    if not any(l.strip() == "fleet: stopped" for _, l in f.out.lines) or f.proc.returncode != 0:
        print(f"note: after {how} the supervisor exited {f.proc.returncode}, last lines: "
              + " | ".join(l for _, l in f.out.lines[-3:]), file=sys.stderr)


def run_axon_B(args, ledger, work, t, res, extra):
    f = AxonFleet(args, ledger, work, f"b{t}", f"  worker: {{replicas: {args.agents}}}\n")
    try:
        t0 = f.up()
        up, st, polls = f.wait_up(t0, args.agents, f.ps)
        add(res, "up_cli", "axon", up)
        extra.setdefault("axon_ps_polls", []).append(polls)
        time.sleep(0.5)
        t0 = now()
        f.proc.send_signal(signal.SIGTERM)
        add(res, "down_sig", "axon", f.wait_gone(t0))
        check_stopped(f, "SIGTERM")
    finally:
        f.stop()


def run_axon_C(args, ledger, work, t, res, extra):
    f = AxonFleet(args, ledger, work, f"c{t}", "  solo: {}\n")
    try:
        t0 = f.up()
        _, st, _ = f.wait_up(t0, 1, f.status)
        r = f.cli("request", "-a", "solo", "hello")
        if r.returncode != 0 or b"Hello from the fleet." not in r.stdout:
            raise RuntimeError(f"axon request before the kill failed: {r.returncode} {r.stdout!r} {r.stderr!r}")
        if t == 1:
            extra["cost_axon_request"] = time_call(lambda: f.cli("request", "-a", "solo", "hello"), 5)
        old = st["instances"][0]["pid"]
        idle_at = {}

        def watch(t0):
            try:
                idle_at["t"] = f.wait_instance("solo.1", old, t0)
            except RuntimeError as e:
                idle_at["err"] = str(e)

        t0 = now()
        os.kill(old, signal.SIGKILL)
        w = threading.Thread(target=watch, args=(t0,), daemon=True)
        w.start()
        attempts = 0
        while True:
            attempts += 1
            r = f.cli("request", "-a", "solo", "hello")
            if r.returncode == 0 and b"Hello from the fleet." in r.stdout:
                served = now() - t0
                break
            if now() - t0 > 30:
                raise RuntimeError(f"no answer 30 s after the kill: {r.stderr!r}")
            time.sleep(REQUEST_RETRY)
        w.join(30)
        if "err" in idle_at:
            raise RuntimeError(idle_at["err"])
        add(res, "restart_solo", "axon", idle_at["t"])
        add(res, "restart_served", "axon", served)
        extra.setdefault("request_attempts", []).append(attempts)
        f.close_sock()
        t0 = now()
        f.proc.send_signal(signal.SIGTERM)
        f.wait_gone(t0)
    finally:
        f.stop()


def run_sup_D1(args, ledger, work, t, res, extra):
    s = Supervisord(args, ledger, work, f"s{t}", args.agents)
    try:
        t0 = s.up()
        up, info, polls = s.wait_up(t0, s.info)
        add(res, "up_sock", "sd", up)
        extra.setdefault("sd_up_cpu_ms", []).append(cpu_ms(s.proc.pid))
        time.sleep(1.0)
        m = memory(s.proc.pid)
        add(res, "sup_rss", "sd", m["rss"] / MiB)
        extra.setdefault("sd_sup_mem", []).append(m)
        pm = median_mem([p["pid"] for p in info])
        add(res, "agent_rss", "sd", pm["rss"] / MiB)
        add(res, "agent_pss", "sd", pm["pss"] / MiB)
        add(res, "agent_pd", "sd", pm["private_dirty"] / MiB)
        if t == 1:
            extra["cost_sd_ctl"] = time_call(s.ctl_info, 5)
            extra["cost_sd_rpc"] = time_call(s.info)
        victim = next(p for p in info if p["name"] == "p1")
        t0 = now()
        os.kill(victim["pid"], signal.SIGKILL)
        back = s.wait_restarted("p1", victim["pid"], t0)
        for k in ("restart_big", "restart_solo", "restart_served"):
            add(res, k, "sd", back)
        s.rpc = None
        t0 = now()
        s.proc.send_signal(signal.SIGTERM)
        add(res, "down_sig", "sd", s.wait_gone(t0))
    finally:
        s.stop()


def run_sup_D2(args, ledger, work, t, res, extra):
    s = Supervisord(args, ledger, work, f"u{t}", args.agents)
    try:
        t0 = s.up()
        up, info, polls = s.wait_up(t0, s.ctl_info)
        add(res, "up_cli", "sd", up)
        extra.setdefault("sd_ctl_polls", []).append(polls)
        time.sleep(0.5)
        t0 = now()
        ctl = subprocess.Popen([args.supervisorctl, "-c", s.conf, "shutdown"], cwd=s.dir,
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        add(res, "down_cli", "sd", s.wait_gone(t0))
        ctl.wait(30)
    finally:
        s.stop()


def add(res, key, side, value):
    res[key][side].append(value)


# ---------------------------------------------------------------- report

ROWS = [
    # key, label, unit, target (axon), axon side, supervisord side
    ("up_sock", "up: all idle+acked / all RUNNING", "s", 1.5, "status on the control socket", "XML-RPC getAllProcessInfo"),
    ("up_cli", "up, polled by the CLI", "s", 1.5, "`axon ps --json` every 20 ms", "`supervisorctl status`"),
    ("sup_rss", "supervisor RSS (VmRSS)", "MiB", 15, "axon up", "supervisord"),
    ("agent_rss", "agent RSS (VmRSS, median)", "MiB", 12, "idle agent", "the program"),
    ("agent_pss", "agent PSS (median)", "MiB", None, "idle agent", "the program"),
    ("agent_pd", "agent Private_Dirty (median)", "MiB", None, "idle agent", "the program"),
    ("restart_big", "SIGKILL → back (N-agent fleet)", "s", 0.3, "worker.1 idle+acked", "p1 RUNNING"),
    ("restart_solo", "SIGKILL → back (1-agent fleet)", "s", 0.3, "solo.1 idle+acked", "p1 RUNNING"),
    ("restart_served", "SIGKILL → request answered", "s", 0.3, "`axon request -a solo`", "p1 RUNNING"),
    ("down_cli", "stop via CLI → all gone", "s", 2.0, "`axon down`", "`supervisorctl shutdown`"),
    ("down_sig", "SIGTERM to supervisor → all gone", "s", 2.0, "SIGTERM", "SIGTERM"),
]


def stat3(vals):
    vals = [v for v in vals if v is not None]
    if not vals:
        return None
    return statistics.median(vals), min(vals), max(vals)


def fmt(v, unit):
    if v is None:
        return "-"
    if unit == "s":
        return f"{v * 1000:.0f} ms" if v < 1 else f"{v:.2f} s"
    return f"{v:.1f} MiB"


def fmt3(s, unit):
    if s is None:
        return "-"
    return f"{fmt(s[0], unit)} [{fmt(s[1], unit)}–{fmt(s[2], unit)}]"


def report(args, res, extra):
    n = args.agents
    prog = "sleep 1000000" if args.program == "sleep" else "a Python sleep loop"
    print()
    print(f"{n} agents (axon: persistent agents on the replay model) beside {n} supervisord programs "
          f"({prog}, supervisord defaults: startsecs=1, stopwaitsecs=10), {args.trials} trial(s); "
          "median [min–max]; ratio = axon median / supervisord median")
    rows = []
    for key, label, unit, target, a_how, s_how in ROWS:
        a = stat3(res[key]["axon"])
        s = stat3(res[key]["sd"])
        ratio = f"{a[0] / s[0]:.2f}×" if a and s and s[0] else "-"
        tgt = "-" if target is None else f"≤ {fmt(target, unit)}"
        ok = "" if target is None or a is None else ("ok" if a[0] <= target else "MISS")
        rows.append((label, tgt, fmt3(a, unit), fmt3(s, unit), ratio, ok, f"{a_how} | {s_how}"))
    head = ("metric", "target", "axon", "supervisord", "ratio", "", "axon side | supervisord side")
    widths = [max(len(r[i]) for r in rows + [head]) for i in range(len(head))]
    line = lambda r: "  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip()
    print(line(head))
    print(line(tuple("-" * w for w in widths)))
    for r in rows:
        print(line(r))
    print()
    ms = lambda v: f"{v * 1000:.1f} ms" if v is not None else "-"
    print(f"poll costs (median, with the fleet up): `axon ps --json` {ms(extra.get('cost_axon_ps'))}, "
          f"status on axon's socket {ms(extra.get('cost_axon_sock'))}, "
          f"`axon request -a solo hello` {ms(extra.get('cost_axon_request'))}; "
          f"`supervisorctl status` {ms(extra.get('cost_sd_ctl'))}, XML-RPC getAllProcessInfo "
          f"{ms(extra.get('cost_sd_rpc'))}")
    print(f"polls until up: axon socket {extra.get('axon_up_polls')}, `axon ps` {extra.get('axon_ps_polls')}, "
          f"`supervisorctl status` {extra.get('sd_ctl_polls')}; request attempts after the kill "
          f"{extra.get('request_attempts')}")
    for i, ph in enumerate(extra.get("axon_up_phases") or [], 1):
        g = lambda k: f"{ph[k] * 1000:.0f} ms" if ph.get(k) is not None else "-"
        print(f"axon up, trial {i}: `fleet: starting` at {g('first_line')}, last `started pid` at "
              f"{g('last_started')}, all idle+acked at {g('up')}; CPU so far (clock ticks): the {n} agents "
              f"{ph['agent_cpu_ms_total']:.0f} ms in all, the supervisor {ph['supervisor_cpu_ms']:.0f} ms")
    if extra.get("sd_up_cpu_ms"):
        print("supervisord CPU when all RUNNING: " + ", ".join(f"{c:.0f} ms" for c in extra["sd_up_cpu_ms"]))
    sm = extra.get("axon_sup_mem") or []
    sd = extra.get("sd_sup_mem") or []
    if sm:
        m = sm[0]
        print(f"axon supervisor (trial 1): VmRSS {m['rss'] / MiB:.1f} MiB = anon {m['anon'] / MiB:.1f} + file "
              f"{m['file'] / MiB:.1f}; PSS {m['pss'] / MiB:.1f}, Private_Dirty {m['private_dirty'] / MiB:.1f} MiB; "
              f"{m['threads']} threads")
    if sd:
        m = sd[0]
        print(f"supervisord (trial 1): VmRSS {m['rss'] / MiB:.1f} MiB = anon {m['anon'] / MiB:.1f} + file "
              f"{m['file'] / MiB:.1f}; PSS {m['pss'] / MiB:.1f}, Private_Dirty {m['private_dirty'] / MiB:.1f} MiB")
    bd = extra.get("agent_smaps")
    if bd:
        th = extra.get("axon_agent_threads") or [None]
        th = f"{th[0]:.0f}" if th[0] is not None else "?"
        print(f"one idle agent (pid {extra['agent_smaps_pid']}, {th} threads), /proc/PID/smaps by mapping "
              f"(Rss counts every shared page; Pss splits them among the {n} agents, the supervisor and any other "
              "process mapping them):")
        total = {k: sum(v[k] for v in bd.values()) for k in ("Rss", "Pss", "Private_Dirty")}
        print(f"  {'':48} {'Rss':>9} {'Pss':>9} {'Priv_Dirty':>10}")
        for name, v in sorted(bd.items(), key=lambda kv: -kv[1]["Rss"]):
            if v["Rss"] < 50:
                continue
            print(f"  {name:48} {v['Rss'] / MiB:7.1f}Mi {v['Pss'] / MiB:7.1f}Mi {v['Private_Dirty'] / MiB:8.1f}Mi")
        print(f"  {'total':48} {total['Rss'] / MiB:7.1f}Mi {total['Pss'] / MiB:7.1f}Mi "
              f"{total['Private_Dirty'] / MiB:8.1f}Mi")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cleanup", metavar="DIR")
    ap.add_argument("--axon")
    ap.add_argument("--supervisord")
    ap.add_argument("--supervisorctl")
    ap.add_argument("--work")
    ap.add_argument("--agents", type=int, default=64)
    ap.add_argument("--trials", type=int, default=5)
    ap.add_argument("--program", choices=["sleep", "python"], default="sleep")
    ap.add_argument("--json", metavar="FILE")
    args = ap.parse_args()
    if args.cleanup:
        cleanup(args.cleanup)
        return
    for k in ("axon", "supervisord", "supervisorctl", "work"):
        if not getattr(args, k):
            ap.error(f"--{k} is needed")
    args.axon = os.path.abspath(args.axon)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    ledger = Ledger(args.work)
    res = {k[0]: {"axon": [], "sd": []} for k in ROWS}
    extra: dict = {}
    try:
        for t in range(1, args.trials + 1):
            runs = [run_axon_A, run_axon_B, run_axon_C, run_sup_D1, run_sup_D2]
            if t % 2 == 0:  # alternate who goes first, so a drift in the machine's load hits both sides
                runs = runs[3:] + runs[:3]
            for run in runs:
                run(args, ledger, args.work, t, res, extra)
                time.sleep(0.5)
            print(f"trial {t}/{args.trials} done", file=sys.stderr)
    except SystemExit:
        print("driver: signalled; stopping what it started", file=sys.stderr)
        raise
    finally:
        cleanup(args.work, quiet=True)
    report(args, res, extra)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"agents": args.agents, "trials": args.trials, "results": res, "extra": extra}, f, indent=1)


if __name__ == "__main__":
    main()
