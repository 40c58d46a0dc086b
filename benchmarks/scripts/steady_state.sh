#!/bin/sh
# How the CPU cost of `sysgauge run` settles over a longer run than compare.sh's 30 s: CPU ms
# per sample, young GCs and JIT compilations in consecutive windows, then where the CPU of the
# last window went, thread by thread. C1 compiles a method after a few hundred calls, and a
# 10 Hz loop calls its per-tick methods only ten times a second, so the first minute or so is
# partly interpreted.
#
#   benchmarks/scripts/steady_state.sh                 120 s at 100ms in 20 s windows (build first: mvn package)
#   DURATION=300 INTERVAL=1s WINDOW=60 benchmarks/scripts/steady_state.sh
#
# Prints Markdown; writes nothing outside a temporary folder.
set -eu

here=$(cd "$(dirname "$0")" && pwd -P)
dist=$(dirname "$(dirname "$here")")/distribution/target/sysgauge-0.1.0
DURATION=${DURATION:-120}
INTERVAL=${INTERVAL:-100ms}
WINDOW=${WINDOW:-20}
HZ=$(getconf CLK_TCK)
[ -x "$dist/bin/sysgauge" ] || { echo "steady_state.sh: no distribution at $dist: run mvn package first" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/sysgauge-steady.XXXXXX")
sleep 3600 &
sleeper=$!
trap 'kill "$sleeper" 2>/dev/null || true; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

# Logs go to files: they cost a little, the same in every window.
SYSGAUGE_JAVA_OPTS="${SYSGAUGE_JAVA_OPTS:-} -Xlog:gc:file=$work/gc.log -Xlog:jit+compilation=debug:file=$work/jit.log" \
    "$dist/bin/sysgauge" run --quiet --interval "$INTERVAL" --duration "${DURATION}s" --pid "$sleeper" --out "$work/out" &
agent=$!

# threads FILE: "cpu_ns name" for every thread of the agent, from schedstat (nanoseconds);
# built-ins only, so that taking the snapshot does not steal the CPU being measured.
threads() {
    for task in /proc/"$agent"/task/*; do
        { read -r stat < "$task/stat" && read -r ns _ < "$task/schedstat"; } 2>/dev/null || continue
        name=${stat#*(}
        name=${name%)*}
        echo "$ns $name"
    done > "$1"
}

# One line per window: "seconds_since_start cpu_ticks records".
: > "$work/windows"
elapsed=0
while [ -r "/proc/$agent/stat" ] && [ "$elapsed" -lt "$DURATION" ]; do
    { read -r stat < "/proc/$agent/stat"; } 2>/dev/null || break
    # shellcheck disable=SC2086
    set -- $stat
    echo "$elapsed $((${14} + ${15})) $(cat "$work"/out/run-*/events.jsonl 2>/dev/null | wc -l)" >> "$work/windows"
    # The last two snapshots bound the last whole window.
    if [ -f "$work/threads.after" ]; then mv "$work/threads.after" "$work/threads.before"; fi
    threads "$work/threads.after"
    sleep "$WINDOW"
    elapsed=$((elapsed + WINDOW))
done
wait "$agent"

echo "### sysgauge run --interval $INTERVAL for ${DURATION} s, by ${WINDOW} s window"
echo
echo "| Window (s) | Samples | CPU (ms) | CPU ms/sample | Young GCs | JIT compilations |"
echo "|---|---:|---:|---:|---:|---:|"
# Bucket the uptime stamps of the logs ([12.345s]) by window; the JVM starts about when the
# monitor does, so the windows line up within a few tens of milliseconds.
for log in gc jit; do
    awk -v w="$WINDOW" -v tag="$log" '
        (tag == "gc" && /Pause Young/) || (tag == "jit" && /jit,compilation/) {
            t = substr($1, 2) + 0
            n[int(t / w)]++
        }
        END { for (k in n) print k, n[k] }' "$work/$log.log" > "$work/$log.buckets"
done
awk -v hz="$HZ" -v w="$WINDOW" '
    FILENAME ~ /gc.buckets$/ { gc[$1] = $2; next }
    FILENAME ~ /jit.buckets$/ { jit[$1] = $2; next }
    {
        if (NR_w++ > 0) {
            k = int(prev_t / w)
            samples = $3 - prev_r
            cpu = ($2 - prev_c) * 1000 / hz
            printf "| %d-%d | %d | %.0f | %s | %d | %d |\n", prev_t, $1, samples, cpu,
                (samples > 0 ? sprintf("%.2f", cpu / samples) : "n/a"), gc[k], jit[k]
        }
        prev_t = $1; prev_c = $2; prev_r = $3
    }' "$work/gc.buckets" "$work/jit.buckets" "$work/windows"
echo
echo "CPU of the last window ($((elapsed - 2 * WINDOW))-$((elapsed - WINDOW)) s) by thread (schedstat; threads with under 1 ms left out):"
echo
echo "| Thread | CPU (ms) |"
echo "|---|---:|"
awk '{ ns = $1; $1 = ""; name = substr($0, 2) }
     FNR == NR { before[name] += ns; next }
     { after[name] += ns }
     END {
         for (t in after) if ((after[t] - before[t]) / 1e6 >= 1) printf "| %s | %.1f |\n", t, (after[t] - before[t]) / 1e6
    }' "$work/threads.before" "$work/threads.after" | sort -t '|' -k 3 -n -r
echo
echo "Young GCs in the whole run: $(grep -c 'Pause Young' "$work/gc.log" || true);" \
    "JIT compilations: $(grep -c 'jit,compilation' "$work/jit.log" || true)."
