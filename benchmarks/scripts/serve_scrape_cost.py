#!/usr/bin/env python3
"""The cost of being scraped: `sysgauge serve` beside prometheus-node-exporter, side by side.

Both agents run at once on this machine; each is scraped once a second over a keep-alive
connection with the headers Prometheus sends (OpenMetrics preferred, gzip). sysgauge samples
every second (--interval 1s). Between second WARMUP and WARMUP + MEASURE of the run, the CPU time
each agent's process used is read from /proc/<pid>/stat; its resident memory (VmRSS) is read at
the end, and the number of series each exposes is counted from the last scrape.

    benchmarks/scripts/serve_scrape_cost.py                 the distribution already built (mvn package -DskipTests)
    WARMUP=20 MEASURE=60 benchmarks/scripts/serve_scrape_cost.py
    DIST=/path/to/sysgauge-0.1.0 benchmarks/scripts/serve_scrape_cost.py   another build

Needs Debian's prometheus-node-exporter (apt-get install prometheus-node-exporter). Prints a
Markdown table; run it by hand, three times, and compare the ratios of one run, not figures
across runs: other work on the machine moves both.
"""
import gzip
import http.client
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DIST = os.environ.get("DIST", os.path.join(ROOT, "distribution", "target", "sysgauge-0.1.0"))
WARMUP = int(os.environ.get("WARMUP", "20"))
MEASURE = int(os.environ.get("MEASURE", "60"))
SYSGAUGE_PORT = 19464
NODE_EXPORTER_PORT = 19100
ACCEPT = ("application/openmetrics-text;version=1.0.0;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,"
          "text/plain;version=0.0.4;q=0.3,*/*;q=0.2")
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


class Scraper:
    """One keep-alive connection, as Prometheus keeps one per target."""

    def __init__(self, port):
        self.port = port
        self.connection = None

    def scrape(self):
        for _ in range(2):
            try:
                if self.connection is None:
                    self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                self.connection.request("GET", "/metrics", headers={"Accept": ACCEPT, "Accept-Encoding": "gzip"})
                response = self.connection.getresponse()
                body = response.read()
                if response.getheader("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                return body.decode()
            except (OSError, http.client.HTTPException):
                self.connection = None
        return ""


def series(text):
    return sum(1 for line in text.splitlines() if line and not line.startswith("#"))


def wait_for(scraper, name, process):
    for _ in range(600):
        if process.poll() is not None:
            sys.exit(f"serve_scrape_cost: {name} ended with {process.returncode} before it answered")
        if scraper.scrape():
            return
        time.sleep(0.1)
    sys.exit(f"serve_scrape_cost: {name} did not answer on 127.0.0.1:{scraper.port} in 60 s")


def main():
    launcher = os.path.join(DIST, "bin", "sysgauge")
    node_exporter = shutil.which("prometheus-node-exporter") or shutil.which("node_exporter")
    if not os.access(launcher, os.X_OK):
        sys.exit(f"serve_scrape_cost: no launcher at {launcher}: build it first (mvn -B -q package -DskipTests)")
    if node_exporter is None:
        sys.exit("serve_scrape_cost: no prometheus-node-exporter: apt-get install prometheus-node-exporter")
    work = tempfile.mkdtemp(prefix="sysgauge-scrape-cost.")
    logs = [open(os.path.join(work, name), "w") for name in ("sysgauge.log", "node_exporter.log")]
    agents = {
        "sysgauge serve": subprocess.Popen(
            [launcher, "serve", "--interval", "1s", "--listen", f"127.0.0.1:{SYSGAUGE_PORT}"],
            stdout=logs[0], stderr=subprocess.STDOUT, cwd=work),
        "prometheus-node-exporter": subprocess.Popen(
            [node_exporter, f"--web.listen-address=127.0.0.1:{NODE_EXPORTER_PORT}"],
            stdout=logs[1], stderr=subprocess.STDOUT, cwd=work),
    }
    scrapers = {"sysgauge serve": Scraper(SYSGAUGE_PORT), "prometheus-node-exporter": Scraper(NODE_EXPORTER_PORT)}
    try:
        for name, process in agents.items():
            wait_for(scrapers[name], name, process)
        print(f"serve_scrape_cost: both answer; scraping each every second for {WARMUP + MEASURE} s", file=sys.stderr)
        start = time.monotonic()
        cpu_at_warmup = {}
        last = {}
        second = 0
        while second < WARMUP + MEASURE:
            if second == WARMUP:
                cpu_at_warmup = {name: cpu_seconds(p.pid) for name, p in agents.items()}
            for name in agents:
                last[name] = scrapers[name].scrape()
            second += 1
            time.sleep(max(0.0, start + second - time.monotonic()))
        cpu = {name: cpu_seconds(p.pid) - cpu_at_warmup[name] for name, p in agents.items()}
        rss = {name: rss_mb(p.pid) for name, p in agents.items()}
    finally:
        for process in agents.values():
            process.terminate()
        for process in agents.values():
            process.wait(timeout=30)
    print(f"| agent | CPU ms per second (s {WARMUP}-{WARMUP + MEASURE}) | RSS MB at end | series exposed |")
    print("|---|---|---|---|")
    for name in agents:
        print(f"| {name} | {1000 * cpu[name] / MEASURE:.2f} | {rss[name]:.1f} | {series(last[name])} |")
    ratio_cpu = cpu["sysgauge serve"] / cpu["prometheus-node-exporter"] if cpu["prometheus-node-exporter"] else float("nan")
    ratio_rss = rss["sysgauge serve"] / rss["prometheus-node-exporter"]
    print(f"\nsysgauge / node_exporter: CPU {ratio_cpu:.2f}x, RSS {ratio_rss:.2f}x")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
