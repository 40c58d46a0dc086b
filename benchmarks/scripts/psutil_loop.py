#!/usr/bin/python3
"""The psutil baseline of benchmarks/scripts/compare.sh.

Reads what one sysgauge host tick reads -- machine CPU, memory, disk usage of /, disk and
network I/O, and CPU time, RSS and threads of a process tree -- at a fixed rate, and writes
one JSON line per sample, so that its CPU time and RSS can be set against sysgauge's.
It derives the same values sysgauge writes (rates, amounts since start) so that neither side
does less work; per-process reads use psutil's oneshot() cache, psutil's fastest way.
"""

import argparse
import json
import os
import sys
import time

import psutil

MB = 1024.0 * 1024.0
GB = 1024.0 * MB


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pid", type=int, required=True, help="root of the watched process tree")
    parser.add_argument("--interval", type=float, default=0.1, help="seconds between samples")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds to run")
    parser.add_argument("--out", required=True, help="JSON-lines file to append to")
    parser.add_argument("--breakdown", action="store_true",
                        help="print the mean CPU time of each step per sample to stderr at the end")
    return parser.parse_args()


class SinceStart:
    """Per-device cumulative counters turned into amounts since the first reading."""

    def __init__(self):
        self.first = {}

    def update(self, readings):
        """readings: name -> (in, out); returns name -> (in, out) since first seen."""
        since = {}
        for name, (a, b) in readings.items():
            base = self.first.setdefault(name, (a, b))
            since[name] = (a - base[0], b - base[1])
        return since


class Steps:
    """CPU time (time.process_time) spent in each step, when --breakdown asks for it."""

    def __init__(self, enabled):
        self.enabled = enabled
        self.totals = {}
        self.last = time.process_time()

    def mark(self, step):
        if self.enabled:
            now = time.process_time()
            self.totals[step] = self.totals.get(step, 0.0) + now - self.last
            self.last = now

    def report(self, samples):
        if self.enabled and samples:
            for step, seconds in self.totals.items():
                print("%-28s %.3f ms/sample" % (step, 1000 * seconds / samples), file=sys.stderr)


def tree(root):
    try:
        return [root] + root.children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def main():
    args = parse_args()
    root = psutil.Process(args.pid)
    cpu_count = len(root.cpu_affinity()) if hasattr(root, "cpu_affinity") else psutil.cpu_count()
    disks = SinceStart()
    previous_cpu = None
    previous_time = None

    psutil.cpu_percent()  # the first call only sets the baseline, as sysgauge's probe does
    out = os.open(args.out, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    net_base = None
    steps = Steps(args.breakdown)
    start = time.monotonic()
    tick = 0
    while True:
        now = time.monotonic()
        if now - start >= args.duration:
            break
        steps.mark("sleep and loop")
        record = {"_timestamp": round(time.time(), 3), "_runtime": round(now - start, 3)}
        record["system.cpu_percent"] = psutil.cpu_percent()
        steps.mark("cpu_percent")

        memory = psutil.virtual_memory()
        record["system.memory_percent"] = memory.percent
        record["system.proc.memory.availableMB"] = memory.available / MB
        steps.mark("virtual_memory")

        usage = psutil.disk_usage("/")
        record["system.disk./.usagePercent"] = usage.percent
        record["system.disk./.usageGB"] = usage.used / GB
        steps.mark("disk_usage")
        io = psutil.disk_io_counters(perdisk=True)
        since = disks.update({name: (c.read_bytes, c.write_bytes) for name, c in io.items()})
        record["system.disk.in"] = sum(v[0] for v in since.values()) / MB
        record["system.disk.out"] = sum(v[1] for v in since.values()) / MB
        for name, (read, written) in since.items():
            record["system.disk." + name + ".in"] = read / MB
            record["system.disk." + name + ".out"] = written / MB
        steps.mark("disk_io_counters")

        net = psutil.net_io_counters()
        if net_base is None:
            net_base = net
        record["system.network.sent"] = net.bytes_sent - net_base.bytes_sent
        record["system.network.recv"] = net.bytes_recv - net_base.bytes_recv
        steps.mark("net_io_counters")

        cpu_seconds = 0.0
        rss = 0
        threads = 0
        processes = tree(root)
        steps.mark("children(recursive=True)")
        for process in processes:
            try:
                with process.oneshot():
                    times = process.cpu_times()
                    cpu_seconds += times.user + times.system + times.children_user + times.children_system
                    rss += process.memory_info().rss
                    threads += process.num_threads()
            except psutil.NoSuchProcess:
                pass  # exited between the listing and the read
        if previous_cpu is not None and now > previous_time:
            record["system.cpu"] = 100.0 * (cpu_seconds - previous_cpu) / (now - previous_time) / cpu_count
        previous_cpu, previous_time = cpu_seconds, now
        record["system.proc.cpu.threads"] = threads
        record["system.proc.memory.rssMB"] = rss / MB
        record["system.proc.memory.percent"] = 100.0 * rss / memory.total
        steps.mark("per-process reads")

        # One write per line, as sysgauge's event file does.
        os.write(out, (json.dumps(record, separators=(",", ":")) + "\n").encode())
        steps.mark("json line")

        # Fixed rate, like sysgauge's scheduler: a slow tick does not shift the later ones.
        tick += 1
        delay = start + tick * args.interval - time.monotonic()
        if delay > 0:
            time.sleep(delay)
    os.close(out)
    steps.report(tick)
    return 0


if __name__ == "__main__":
    sys.exit(main())
