#!/bin/sh
# Resident memory of `sysgauge run` scraping OpenMetrics endpoints that are huge, slow, failing
# or gone, for a minute: six 15 MB pages with Content-Length, two 15 MB pages without it, one
# that answers after 30 s, one 500, one garbage page, one refused port and one small good page,
# all on loopback (a Python server). VmRSS and VmHWM of the agent are read every second.
#
#   benchmarks/scripts/openmetrics_rss.sh                 60 s (build first: mvn package)
#   DURATION=30 DIST=/path/to/sysgauge-0.1.0 benchmarks/scripts/openmetrics_rss.sh
#   NMT=1 benchmarks/scripts/openmetrics_rss.sh           adds the JVM's native memory tracking 3 s before the end (needs jcmd)
#   SYSGAUGE_JAVA_OPTS=-Xmx64m benchmarks/scripts/openmetrics_rss.sh   a launcher variant
#
# Prints Markdown; writes nothing outside a temporary folder.
set -eu

here=$(cd "$(dirname "$0")" && pwd -P)
script=openmetrics_rss.sh
. "$here/common.sh"
DURATION=${DURATION:-60}
INTERVAL=${INTERVAL:-1s}
new_work_dir om-rss

cat > "$work/server.py" <<'PY'
import http.server, socketserver, sys, time

PAGE_BYTES = 15 << 20

def huge():
    lines = ["# TYPE big_series gauge\n"] + [f'big_series{{shard="{i}"}} {i}\n' for i in range(1000)]
    page = "".join(lines)
    padding = "# " + "x" * 97 + "\n"
    page += padding * ((PAGE_BYTES - len(page)) // len(padding))
    return page.encode()

HUGE = huge()
SMALL = b"# TYPE small gauge\n" + b"".join(b'small{gpu="%d"} %d\n' % (i, i) for i in range(16))

class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path == "/huge":
            self.answer(HUGE)
        elif self.path == "/huge-unsized":
            # No Content-Length: the body ends when the connection closes.
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; version=0.0.4")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            try:
                for start in range(0, len(HUGE), 1 << 16):
                    self.wfile.write(HUGE[start:start + (1 << 16)])
            except (BrokenPipeError, ConnectionResetError):
                pass  # the agent gave up on the page
        elif self.path == "/slow":
            time.sleep(30)
            self.answer(SMALL)
        elif self.path == "/error":
            self.send_response(500)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/garbage":
            self.answer(b"<html>502 Bad Gateway</html>\n")
        else:
            self.answer(SMALL)

    def answer(self, body):
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; version=0.0.4")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the agent gave up on the page

class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    request_queue_size = 64

server = Server(("127.0.0.1", 0), Handler)
with open(sys.argv[1], "w") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
PY
python3 "$work/server.py" "$work/port" 2> "$work/server.log" &
server=$!
cleanup_pid=$server
while [ ! -s "$work/port" ]; do sleep 0.1; done
base="http://127.0.0.1:$(cat "$work/port")"
dead=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

set -- run --quiet --interval "$INTERVAL" --duration "${DURATION}s" --out "$work/out"
for i in 0 1 2 3 4 5; do set -- "$@" --set "openmetrics.endpoints.huge$i=$base/huge"; done
for i in 0 1; do set -- "$@" --set "openmetrics.endpoints.unsized$i=$base/huge-unsized"; done
set -- "$@" --set "openmetrics.endpoints.slow=$base/slow" --set "openmetrics.endpoints.error=$base/error" \
    --set "openmetrics.endpoints.garbage=$base/garbage" --set "openmetrics.endpoints.dead=http://127.0.0.1:$dead/metrics" \
    --set "openmetrics.endpoints.small=$base/small"

if [ "${NMT:-0}" = 1 ]; then
    SYSGAUGE_JAVA_OPTS="${SYSGAUGE_JAVA_OPTS:-} -XX:NativeMemoryTracking=summary"
    export SYSGAUGE_JAVA_OPTS
fi
"$dist/bin/sysgauge" "$@" > "$work/stdout" 2> "$work/stderr" &
agent=$!
max_rss=0
samples=0
while kill -0 "$agent" 2>/dev/null; do
    rss=$(status_kb "$agent" VmRSS)
    hwm=$(status_kb "$agent" VmHWM)
    if [ -n "$rss" ]; then
        samples=$((samples + 1))
        [ "$rss" -gt "$max_rss" ] && max_rss=$rss
        last_hwm=$hwm
    fi
    if [ "${NMT:-0}" = 1 ] && [ "$samples" -eq $((DURATION - 3)) ]; then
        jcmd "$agent" VM.native_memory summary > "$work/nmt.txt" 2>&1 || true
    fi
    sleep 1
done
status=0
wait "$agent" || status=$?

events=$(find "$work/out" -name events.jsonl | head -1)
records=0
host=0
if [ -n "$events" ]; then
    records=$(wc -l < "$events")
    host=$(grep -c '"system.memory_percent"' "$events" || true)
fi
ooms=$(grep -c -e OutOfMemoryError -e "Java heap space" "$work/stderr" || true)
ups=""
if [ -n "$events" ]; then
    ups=$(python3 - "$events" <<'PY'
import json, sys
up = {}
for line in open(sys.argv[1]):
    record = json.loads(line)
    for key, value in record.items():
        if key.startswith("system.openmetrics.") and key.endswith(".up") and key.count(".") == 3:
            name = key.split(".")[2]
            up.setdefault(name, [0, 0])[int(value == 1)] += 1
print(", ".join(f"{name} {ok}/{ok + down}" for name, (down, ok) in sorted(up.items())) or "no per-endpoint health keys")
PY
)
fi

echo "### sysgauge run --interval $INTERVAL for ${DURATION} s against huge, slow and failing OpenMetrics endpoints"
echo
echo "| | |"
echo "|---|---|"
echo "| distribution | \`$dist\` |"
echo "| SYSGAUGE_JAVA_OPTS | \`${SYSGAUGE_JAVA_OPTS:-}\` |"
echo "| exit status | $status |"
echo "| VmRSS, highest of $samples one-second reads | $(awk -v k="$max_rss" 'BEGIN { printf "%.1f MB", k / 1024 }') |"
echo "| VmHWM at the last read | $(awk -v k="${last_hwm:-0}" 'BEGIN { printf "%.1f MB", k / 1024 }') |"
echo "| records / with host keys | $records / $host |"
echo "| stderr lines with OutOfMemoryError or 'Java heap space' | $ooms |"
echo "| ticks each endpoint was up (up/ticks) | $ups |"
if [ -s "$work/nmt.txt" ]; then
    echo
    echo "The JVM's account 3 s before the end (committed, native memory tracking):"
    echo
    nmt_table "$work/nmt.txt"
fi
