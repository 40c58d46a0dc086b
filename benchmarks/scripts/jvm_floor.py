#!/usr/bin/env python3
"""How much of `sysgauge serve`'s resident memory any JVM serving /metrics would hold anyway.

Three processes, one after the other, each started by the distribution's own launcher (so with
exactly its JVM flags), scraped once a second for DURATION seconds as Prometheus would, and read at
the end: VmRSS, split by mapping into the JVM's own code (libjvm.so), the JDK's class-data archive
(classes.jsa), sysgauge's class-data archive, other files, and anonymous memory.

  idle JVM       a main() that sleeps: the JVM alone
  HTTP server    the JDK's HTTP server (the one serve uses) answering /metrics with a constant line
  sysgauge serve --interval 1s, as shipped

The first two run the launcher with SYSGAUGE_JAVA set to a wrapper that keeps every JVM option but
starts a class of its own instead of sysgauge's (and leaves out sysgauge's class-data archive, which
fits sysgauge's class path only). The wrapper sits in a folder with a copy of the JDK's release
file, so the launcher picks the same version-dependent options as for the JDK itself. The
difference between the HTTP server and sysgauge is what sysgauge itself holds; the HTTP server's
figure is a floor that no change to sysgauge's code moves.

    benchmarks/scripts/jvm_floor.py                  the distribution already built (mvn package -DskipTests)
    DURATION=60 DIST=/path/to/sysgauge-0.1.0 benchmarks/scripts/jvm_floor.py

Needs javac (part of the JDK). Prints a Markdown table; writes only to a temporary folder.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

from serve_scrape_cost import DIST, Scraper, rss_mb, wait_for

DURATION = int(os.environ.get("DURATION", "40"))
PORT = 19466

FLOOR_SOURCE = """
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

public class Floor {
    public static void main(String[] args) throws Exception {
        if (args[0].equals("idle")) {
            Thread.sleep(Long.MAX_VALUE);
        }
        byte[] body = "floor_up 1\\n".getBytes(StandardCharsets.US_ASCII);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1])), 0);
        server.createContext("/metrics", exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }
}
"""

# SYSGAUGE_JAVA for the floors: every option the launcher gives up to its class path, less the
# options that name a class-data archive of sysgauge's; then Floor instead of sysgauge's main class.
# The launcher is given SYSGAUGE_JAVA_OPTS=-XX:SharedArchiveFile=... so that it neither makes an
# archive for this "JDK" nor removes sysgauge's own.
WRAPPER = """#!/bin/sh
skip_rest=""
for option; do
    shift
    if [ -n "$skip_rest" ]; then continue; fi
    case $option in
        -cp) skip_rest=yes ;;
        -XX:SharedArchiveFile=*|-XX:ArchiveClassesAtExit=*) ;;
        *) set -- "$@" "$option" ;;
    esac
done
exec @JAVA@ "$@" -cp @CLASSES@ Floor @MODE@ @PORT@
"""


def breakdown(pid):
    """kB resident per kind of mapping, from /proc/PID/smaps."""
    kinds = {"libjvm.so": 0, "JDK class-data archive": 0, "sysgauge class-data archive": 0,
             "other files": 0, "anonymous": 0}
    kind = "anonymous"
    with open(f"/proc/{pid}/smaps") as smaps:
        for line in smaps:
            if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
                fields = line.split()
                path = fields[5] if len(fields) > 5 and fields[5].startswith("/") else ""
                name = os.path.basename(path)
                if not path:
                    kind = "anonymous"
                elif name == "libjvm.so":
                    kind = "libjvm.so"
                elif name.startswith("classes") and name.endswith(".jsa"):
                    kind = "JDK class-data archive"
                elif name.endswith(".jsa"):
                    kind = "sysgauge class-data archive"
                else:
                    kind = "other files"
            elif line.startswith("Rss:"):
                kinds[kind] += int(line.split()[1])
    return kinds


def measure(name, command, env, work, scraped=True):
    """Runs command for DURATION s, scraped every second unless told not to; its VmRSS and breakdown at the end."""
    log_path = os.path.join(work, "process.log")
    with open(log_path, "w") as log:
        process = subprocess.Popen(command, env=env, cwd=work, stdout=log, stderr=subprocess.STDOUT)
    try:
        scraper = Scraper(PORT)
        if scraped:
            wait_for(scraper, name, process)
        deadline = time.monotonic() + DURATION
        while time.monotonic() < deadline:
            if process.poll() is not None:
                with open(log_path) as log:
                    sys.exit(f"jvm_floor: {name} ended with {process.returncode}: {log.read().strip()}")
            if scraped:
                scraper.scrape()
            time.sleep(1)
        return rss_mb(process.pid), breakdown(process.pid)
    finally:
        process.terminate()
        process.wait(timeout=30)


def main():
    launcher = os.path.join(DIST, "bin", "sysgauge")
    if not os.access(launcher, os.X_OK):
        sys.exit(f"jvm_floor: no launcher at {launcher}: build it first (mvn -B -q package -DskipTests)")
    java = shutil.which("java")
    javac = shutil.which("javac")
    if javac is None or java is None:
        sys.exit("jvm_floor: needs java and javac on PATH")
    work = tempfile.mkdtemp(prefix="sysgauge-jvm-floor.")
    try:
        with open(os.path.join(work, "Floor.java"), "w") as source:
            source.write(FLOOR_SOURCE)
        subprocess.run([javac, "-d", work, os.path.join(work, "Floor.java")], check=True)
        rows = []
        real_java = os.path.realpath(java)
        for name, mode in (("idle JVM", "idle"), ("HTTP server", "http")):
            home = os.path.join(work, f"jdk-{mode}")
            os.makedirs(os.path.join(home, "bin"))
            release = os.path.join(os.path.dirname(os.path.dirname(real_java)), "release")
            if os.path.exists(release):
                shutil.copy(release, home)
            wrapper = os.path.join(home, "bin", "java")
            with open(wrapper, "w") as script:
                script.write(WRAPPER.replace("@JAVA@", real_java).replace("@CLASSES@", work)
                             .replace("@MODE@", mode).replace("@PORT@", str(PORT)))
            os.chmod(wrapper, 0o755)
            env = dict(os.environ, SYSGAUGE_JAVA=wrapper, SYSGAUGE_JAVA_OPTS="-XX:SharedArchiveFile=none")
            print(f"jvm_floor: {name}, {DURATION} s", file=sys.stderr)
            rows.append((name, *measure(name, [launcher, "serve"], env, work, scraped=mode == "http")))
        print(f"jvm_floor: sysgauge serve, {DURATION} s", file=sys.stderr)
        rows.append(("sysgauge serve", *measure(
            "sysgauge serve", [launcher, "serve", "--interval", "1s", "--listen", f"127.0.0.1:{PORT}"],
            dict(os.environ), work)))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    kinds = list(rows[0][2])
    print(f"| process ({DURATION} s, scraped every second) | VmRSS MB | " + " | ".join(kinds) + " |")
    print("|---|---:|" + "---:|" * len(kinds))
    for name, rss, parts in rows:
        print(f"| {name} | {rss:.1f} | " + " | ".join(f"{parts[k] / 1024:.1f}" for k in kinds) + " |")


if __name__ == "__main__":
    main()
