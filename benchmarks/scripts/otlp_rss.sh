#!/bin/sh
# What the OTLP exporter adds to a running agent's resident memory: `sysgauge run --interval 1s`
# without an endpoint (the exporter stays out) and pushing to a loopback OTLP/HTTP sink (a Python
# server that answers 200 to every POST), alternated ROUNDS times; VmRSS and VmHWM read two
# seconds before the end, and the sink's request count.
#
#   benchmarks/scripts/otlp_rss.sh                 30 s per run, 3 rounds (build first: mvn package)
#   DURATION=60 ROUNDS=2 benchmarks/scripts/otlp_rss.sh
#
# Prints Markdown; writes nothing outside a temporary folder. Needs python3.
set -eu

here=$(cd "$(dirname "$0")" && pwd -P)
script=otlp_rss.sh
. "$here/common.sh"
DURATION=${DURATION:-30}
ROUNDS=${ROUNDS:-3}

new_work_dir otlp-rss
cat > "$work/sink.py" <<'PY'
import http.server, sys
class Sink(http.server.BaseHTTPRequestHandler):
    count = 0
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        Sink.count += 1
        with open(sys.argv[1], "w") as f:
            f.write(str(Sink.count))
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()
    def log_message(self, *args):
        pass
server = http.server.HTTPServer(("127.0.0.1", 0), Sink)
with open(sys.argv[2], "w") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
PY
python3 "$work/sink.py" "$work/requests" "$work/port" &
cleanup_pid=$!
while [ ! -s "$work/port" ]; do sleep 0.1; done
endpoint="http://127.0.0.1:$(cat "$work/port")"

sg=$dist/bin/sysgauge

# measure LABEL [SYSGAUGE ARGS...]
measure() {
    label=$1
    shift
    before=$(cat "$work/requests" 2>/dev/null || echo 0)
    "$sg" run --quiet --interval 1s --duration "${DURATION}s" --out "$work/out" "$@" &
    agent=$!
    sleep $((DURATION - 2))
    rss=$(status_kb "$agent" VmRSS)
    hwm=$(status_kb "$agent" VmHWM)
    threads=$(awk '$1 == "Threads:" { print $2 }' "/proc/$agent/status")
    wait "$agent"
    requests=$(( $(cat "$work/requests" 2>/dev/null || echo 0) - before ))
    printf '| %s | %.1f | %.1f | %s | %s |\n' "$label" "$(echo "$rss / 1024" | bc -l)" "$(echo "$hwm / 1024" | bc -l)" \
        "$threads" "$requests"
}

echo "### sysgauge run --interval 1s, VmRSS $((DURATION - 2)) s into a ${DURATION} s run, with and without OTLP push"
echo
echo "| Variant | VmRSS (MB) | VmHWM (MB) | Threads | Requests to the sink |"
echo "|---|---:|---:|---:|---:|"
round=1
while [ "$round" -le "$ROUNDS" ]; do
    measure "no endpoint (round $round)"
    measure "otlp.endpoint, gzip (round $round)" --set "otlp.endpoint=$endpoint"
    round=$((round + 1))
done
