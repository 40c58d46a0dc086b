#!/usr/bin/env python3
"""Latency of /metrics from `sysgauge serve`: 20 concurrent scrapers, and one keep-alive client.

    benchmarks/scripts/serve_scrapers.py                  the distribution under distribution/target
    benchmarks/scripts/serve_scrapers.py DIST_FOLDER      another build (e.g. one of main, to compare)

Starts `serve --interval 1s` on a free loopback port, waits for its first values, then
  1. 20 threads, each making 50 scrapes on new connections (Connection: close), all at once;
  2. one client making 200 scrapes over one keep-alive connection.
Prints Markdown: min, median, p99 and max per phase. Writes nothing; stdlib only.
"""
import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time

SCRAPERS, SCRAPES_EACH, KEEPALIVE_SCRAPES = 20, 50, 200


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def scrape(conn):
    start = time.perf_counter()
    conn.request("GET", "/metrics")
    response = conn.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - start
    if response.status != 200 or not body:
        raise RuntimeError(f"status {response.status}, {len(body)} bytes")
    return elapsed


def row(name, samples):
    ms = sorted(s * 1000 for s in samples)
    p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
    return f"| {name} | {len(ms)} | {ms[0]:.1f} | {statistics.median(ms):.1f} | {p99:.1f} | {ms[-1]:.1f} |"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    dist = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "distribution", "target", "sysgauge-0.1.0")
    port = free_port()
    serve = subprocess.Popen([os.path.join(dist, "bin", "sysgauge"), "serve", "--interval", "1s",
                              "--listen", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                conn.request("GET", "/metrics")
                if b"sysgauge_memory_percent" in conn.getresponse().read():
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                sys.exit("serve_scrapers.py: serve did not answer in 60 s")
            time.sleep(0.2)
        for _ in range(20):  # warm the writer up
            scrape(http.client.HTTPConnection("127.0.0.1", port, timeout=30))

        concurrent, lock, go = [], threading.Lock(), threading.Event()

        def scraper():
            go.wait()
            mine = []
            for _ in range(SCRAPES_EACH):
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                mine.append(scrape(conn))
                conn.close()
            with lock:
                concurrent.extend(mine)

        threads = [threading.Thread(target=scraper) for _ in range(SCRAPERS)]
        for t in threads:
            t.start()
        go.set()
        for t in threads:
            t.join()

        keepalive = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        alive = [scrape(keepalive) for _ in range(KEEPALIVE_SCRAPES)]

        print(f"`{os.path.realpath(dist)}`, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
              f"{os.cpu_count()} cores\n")
        print("| phase | scrapes | min ms | median ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|---:|")
        print(row(f"{SCRAPERS} concurrent scrapers, new connections", concurrent))
        print(row("one keep-alive client", alive))
    finally:
        serve.terminate()
        serve.wait(30)


if __name__ == "__main__":
    main()
