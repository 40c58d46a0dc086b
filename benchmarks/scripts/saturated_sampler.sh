#!/bin/sh
# CPU of the sampling thread and of the whole agent while every core is busy, and how many ticks
# carried every host key: `sysgauge run --interval 100ms` for DURATION seconds beside as many busy
# loops as CPUs (same priority), read from /proc/<jvm>/task/*/stat before the run ends.
# Usage: benchmarks/scripts/saturated_sampler.sh [SYSGAUGE_HOME] [DURATION]
set -eu
home=${1:-distribution/target/sysgauge-0.1.0}
duration=${2:-60}
work=$(mktemp -d)
trap 'kill $spinners 2>/dev/null; rm -rf "$work"' EXIT
spinners=""
for _ in $(seq "$(nproc)"); do
    sh -c 'while :; do :; done' &
    spinners="$spinners $!"
done
"$home/bin/sysgauge" run --quiet --no-report --interval 100ms --duration "$((duration + 5))s" --out "$work" 2>"$work/err" &
jvm=$!
sleep "$duration"
ticks_per_second=$(getconf CLK_TCK)
sampler=0
for task in /proc/$jvm/task/*; do
    if [ "$(cat "$task/comm")" = sysgauge-sample ]; then  # comm keeps 15 characters
        # fields 14 and 15 of stat, after the command name in parentheses
        sampler=$(sed 's/.*) //' "$task/stat" | awk '{print $12 + $13}')
    fi
done
total=$(sed 's/.*) //' "/proc/$jvm/stat" | awk '{print $12 + $13}')
wait "$jvm"
events=$(ls "$work"/*/events.jsonl)
records=$(wc -l < "$events")
whole=$(grep -c '"system.cpu_percent".*"system.memory_percent".*"system.disk./.usageGB".*"system.network.sent"' "$events" || true)
echo "sampler thread: $(echo "$sampler $ticks_per_second $duration" | awk '{printf "%.1f ms CPU per second (%.2f ms per tick)", 1000*$1/$2/$3, 100*$1/$2/$3}')"
echo "whole agent:    $(echo "$total $ticks_per_second $duration" | awk '{printf "%.1f ms CPU per second", 1000*$1/$2/$3}') (JVM start included)"
echo "records: $records, with every host key: $whole; deadline misses logged: $(grep -c 'deadline' "$work/err" || true)"
