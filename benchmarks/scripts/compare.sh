#!/bin/sh
# sysgauge against a psutil loop reading the same values, side by side in one run:
# CPU time per sample and RSS of `sysgauge run` at 10 and 20 Hz and of benchmarks/scripts/psutil_loop.py at
# the same rates, then the wall time of `sysgauge once` with every plugin installed.
# Prints a Markdown table and writes it to benchmarks/scripts/results/latest.md (raw data next to it).
#
#   benchmarks/scripts/compare.sh                  build (mvn package -DskipTests), then measure: ~2.5 minutes
#   SKIP_BUILD=1 benchmarks/scripts/compare.sh     measure the distribution already built
#
# Environment: DURATION seconds per run (30), ONCE_RUNS (10), STEADY_AFTER seconds of start-up
# left out of the steady-state figure (5).
#
# Needs Debian's python3-psutil (installed with apt-get when missing and running as root) and
# uses GNU time at /usr/bin/time for exact totals when present (Debian package `time`).
set -eu

here=$(cd "$(dirname "$0")" && pwd -P)
root=$(dirname "$(dirname "$here")")
dist=$root/distribution/target/sysgauge-0.1.0
results=$here/results
DURATION=${DURATION:-30}
ONCE_RUNS=${ONCE_RUNS:-10}
STEADY_AFTER=${STEADY_AFTER:-5}
# Debian's python with Debian's psutil, not whichever python is first on PATH.
PYTHON=/usr/bin/python3
HZ=$(getconf CLK_TCK)

say() { echo "compare.sh: $*" >&2; }
die() { say "$*"; exit 1; }

# install_package PACKAGE: apt-get install, only as root; fails otherwise.
install_package() {
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
        return 1
    fi
    say "installing $1 with apt-get"
    apt-get install -y -q "$1" >&2 || { apt-get update -q >&2 && apt-get install -y -q "$1" >&2; }
}

[ -x "$PYTHON" ] || die "no $PYTHON: install Debian's python3"
if ! "$PYTHON" -c 'import psutil' 2>/dev/null; then
    install_package python3-psutil || die "psutil is missing: install it with 'apt-get install python3-psutil' (as root)"
fi
TIME=/usr/bin/time
if [ ! -x "$TIME" ]; then
    install_package time || true
    [ -x "$TIME" ] || { say "no /usr/bin/time (Debian package 'time'): totals come from the last /proc reading"; TIME=; }
fi

if [ "${SKIP_BUILD:-0}" != 1 ]; then
    say "building (mvn -B -q package -DskipTests)"
    (cd "$root" && mvn -B -q package -DskipTests) >&2
fi
[ -x "$dist/bin/sysgauge" ] || die "no distribution at $dist: build it first"

work=$(mktemp -d "${TMPDIR:-/tmp}/sysgauge-compare.XXXXXX")
sleep 3600 &
sleeper=$!
cleanup() {
    kill "$sleeper" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# monitor PID EVENTS_GLOB: every second, one line "uptime_cs cpu_ticks rss_kb records" while
# PID lives. Shell built-ins read /proc, so the monitor itself barely competes for the CPUs.
monitor() {
    pid=$1
    events=$2
    while :; do
        { read -r stat < "/proc/$pid/stat"; } 2>/dev/null || break
        read -r up _ < /proc/uptime
        rss=
        { while read -r key value _; do
              if [ "$key" = VmRSS: ]; then rss=$value; break; fi
          done < "/proc/$pid/status"; } 2>/dev/null || true
        [ -n "$rss" ] || break # a zombie has no memory left to report
        # shellcheck disable=SC2086 # EVENTS_GLOB is a pattern on purpose: the run folder appears later
        records=$(cat $events 2>/dev/null | wc -l) || records=0
        # utime and stime are fields 14 and 15; the command name, (java) or (python3), has no spaces.
        # shellcheck disable=SC2086
        set -- $stat
        echo "${up%.*}${up#*.} $((${14} + ${15})) $rss $records"
        sleep 1
    done
}

# measure NAME EVENTS_GLOB COMMAND...: runs COMMAND under /usr/bin/time with a monitor beside it.
# Leaves NAME.mon (monitor lines) and NAME.time ("user system maxrss_kb") in $work, or
# NAME.failed with the command's first line of errors when it exits non-zero.
measure() {
    name=$1
    events=$2
    shift 2
    pidfile=$work/$name.pid
    # The child writes its own pid and execs the command: the pid stays the agent's (the
    # launcher execs java), so /proc/PID is the agent itself.
    if [ -n "$TIME" ]; then
        "$TIME" -f '%U %S %M' -o "$work/$name.time" sh -c 'echo $$ > "$0"; exec "$@"' "$pidfile" "$@" 2> "$work/$name.err" &
    else
        sh -c 'echo $$ > "$0"; exec "$@"' "$pidfile" "$@" 2> "$work/$name.err" &
    fi
    waiter=$!
    while [ ! -s "$pidfile" ]; do sleep 0.05; done
    pid=$(cat "$pidfile")
    (monitor "$pid" "$events" > "$work/$name.mon") &
    watcher=$!
    status=0
    wait "$waiter" || status=$?
    wait "$watcher" || true
    if [ "$status" != 0 ]; then
        say "$name exited with status $status: $(head -n 1 "$work/$name.err")"
        echo "exit status $status: $(head -n 1 "$work/$name.err")" > "$work/$name.failed"
        return 1
    fi
    if [ -z "$TIME" ]; then
        # Best effort: the last reading, at most a second before the end.
        tail -n 1 "$work/$name.mon" | awk -v hz="$HZ" '{ printf "%.2f 0 %d\n", $2 / hz, $3 }' > "$work/$name.time"
    fi
}

# row AGENT RATE NAME EVENTS_GLOB: one Markdown table row from NAME's files.
row() {
    if [ -f "$work/$3.failed" ]; then
        echo "| $1 | $2 | not run: $(cat "$work/$3.failed") | | | | | |"
        return
    fi
    # shellcheck disable=SC2086
    records=$(cat $4 | wc -l)
    awk -v agent="$1" -v rate="$2" -v records="$records" -v hz="$HZ" -v after="$STEADY_AFTER" '
        FNR == NR { user = $1; sys = $2; maxrss = $3; next }
        {
            if (first_up == "") first_up = $1
            if (start_up == "" && $1 - first_up >= after * 100) { start_up = $1; start_ticks = $2; start_records = $4 }
            last_up = $1; last_ticks = $2; last_rss = $3; last_records = $4
            if ($3 > peak) peak = $3
        }
        END {
            if (maxrss > peak) peak = maxrss
            total_ms = (user + sys) * 1000
            steady_records = last_records - start_records
            steady = steady_records > 0 ? sprintf("%.3f", (last_ticks - start_ticks) * 1000 / hz / steady_records) : "n/a"
            printf "| %s | %s | %d | %.0f | %.3f | %s (%d samples) | %.1f | %.1f |\n",
                agent, rate, records, total_ms, (records > 0 ? total_ms / records : 0), steady, steady_records,
                peak / 1024, last_rss / 1024
        }' "$work/$3.time" "$work/$3.mon"
}

interval_ms() { echo $((1000 / $1)); }

say "measuring: ${DURATION}s per agent and rate, watching pid $sleeper (sleep)"
for hz in 10 20; do
    ms=$(interval_ms $hz)
    say "sysgauge run at $hz Hz"
    measure "sysgauge-${hz}hz" "$work/sysgauge-${hz}hz/run-*/events.jsonl" \
        "$dist/bin/sysgauge" run --quiet --interval "${ms}ms" --duration "${DURATION}s" --pid "$sleeper" \
        --out "$work/sysgauge-${hz}hz" || true
    say "psutil loop at $hz Hz"
    measure "psutil-${hz}hz" "$work/psutil-${hz}hz.jsonl" \
        "$PYTHON" "$here/psutil_loop.py" --pid "$sleeper" --interval "$(awk -v ms="$ms" 'BEGIN { print ms / 1000 }')" \
        --duration "$DURATION" --out "$work/psutil-${hz}hz.jsonl" || true
done

say "sysgauge once, $ONCE_RUNS runs"
"$dist/bin/sysgauge" once --window 100ms --format json > /dev/null # warm the page cache; not counted
if command -v hyperfine >/dev/null 2>&1; then
    once_tool=hyperfine
    hyperfine --style none --runs "$ONCE_RUNS" --export-json "$work/once.json" \
        "'$dist/bin/sysgauge' once --window 100ms --format json" > /dev/null
    "$PYTHON" -c 'import json, sys; [print(int(t * 1000)) for t in json.load(open(sys.argv[1]))["results"][0]["times"]]' \
        "$work/once.json" > "$work/once.ms"
else
    once_tool="shell loop, date +%s%N"
    : > "$work/once.ms"
    i=0
    while [ "$i" -lt "$ONCE_RUNS" ]; do
        t0=$(date +%s%N)
        "$dist/bin/sysgauge" once --window 100ms --format json > /dev/null
        t1=$(date +%s%N)
        echo $(((t1 - t0) / 1000000)) >> "$work/once.ms"
        i=$((i + 1))
    done
fi
once_summary=$(sort -n "$work/once.ms" | awk '
    { ms[NR] = $1 }
    END {
        median = NR % 2 ? ms[(NR + 1) / 2] : (ms[NR / 2] + ms[NR / 2 + 1]) / 2
        printf "| %d | %.0f | %d | %d |", NR, median, ms[1], ms[NR]
    }')
plugins=$(ls "$dist/plugins" | grep -c '\.jar$' || true)
if [ -n "$TIME" ]; then cpu_source="GNU time"; else cpu_source="the last /proc reading, up to 1 s before the end"; fi

{
    echo "## sysgauge vs psutil: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "Machine: $(nproc) CPUs, Linux $(uname -r), $(java -version 2>&1 | head -n 1)," \
        "$("$PYTHON" --version 2>&1) with psutil $("$PYTHON" -c 'import psutil; print(psutil.__version__)')."
    echo "Load average at the end: $(cut -d ' ' -f 1-3 /proc/loadavg)." \
        "Busiest processes: $(ps -eo pcpu=,comm= --sort=-pcpu | head -n 3 | awk '{ printf "%s%s %s%%", (NR > 1 ? ", " : ""), $2, $1 }')."
    echo
    echo "Each agent watched a sleeping process for ${DURATION} s. CPU is user + system time of the whole agent" \
        "process ($cpu_source); steady state leaves out the first ${STEADY_AFTER} s" \
        "(JVM start-up, class loading, JIT) and reads utime+stime from /proc/PID/stat (10 ms ticks)." \
        "RSS is VmRSS, sampled every second; peak includes GNU time's maximum. MB = MiB."
    echo
    echo "| Agent | Rate | Records | CPU total (ms) | CPU ms/sample, whole run | CPU ms/sample, steady | Peak RSS (MB) | RSS at end (MB) |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|"
    for hz in 10 20; do
        row "sysgauge run" "$hz Hz" "sysgauge-${hz}hz" "$work/sysgauge-${hz}hz/run-*/events.jsonl"
        row "psutil loop" "$hz Hz" "psutil-${hz}hz" "$work/psutil-${hz}hz.jsonl"
    done
    echo
    echo "\`sysgauge once --window 100ms --format json\` with $plugins plugins installed, wall time ($once_tool):"
    echo
    echo "| Runs | Median (ms) | Min (ms) | Max (ms) |"
    echo "|---:|---:|---:|---:|"
    echo "$once_summary"
} > "$work/latest.md"

mkdir -p "$results"
cp "$work/latest.md" "$results/latest.md"
# Raw readings, to check a figure later.
rm -rf "$results/latest-raw"
mkdir -p "$results/latest-raw"
cp "$work"/*.mon "$work"/*.time "$work"/*.err "$work/once.ms" "$results/latest-raw/" 2>/dev/null || true
cat "$results/latest.md"
