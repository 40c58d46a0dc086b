# What memory.sh and openmetrics_rss.sh share; sourced, not run. Set `here` (this
# folder) and `script` (the caller's name, for messages) first.

# The distribution to measure: $DIST, else this checkout's build. Sets `dist`; exits if missing.
dist=${DIST:-$(dirname "$(dirname "$here")")/distribution/target/sysgauge-0.1.0}
[ -x "$dist/bin/sysgauge" ] || { echo "$script: no distribution at $dist: run mvn package first" >&2; exit 1; }

# new_work_dir NAME: a temporary folder for the run's files, in `work`; removed at exit along with
# the process whose pid is in `cleanup_pid`, if any.
cleanup_pid=""
new_work_dir() {
    work=$(mktemp -d "${TMPDIR:-/tmp}/sysgauge-$1.XXXXXX")
    trap '[ -n "$cleanup_pid" ] && kill "$cleanup_pid" 2>/dev/null; rm -rf "$work"' EXIT
    trap 'exit 130' INT TERM
}

# status_kb PID FIELD: a field of /proc/PID/status in kB (VmRSS, VmHWM...); empty once it is gone.
status_kb() {
    awk -v field="$2:" '$1 == field { print $2 }' "/proc/$1/status" 2>/dev/null || true
}

# nmt_table FILE: the JVM's native memory tracking summary in FILE (jcmd PID VM.native_memory
# summary) as a Markdown table of the areas of at least 0.5 MB committed.
nmt_table() {
    echo "| Area | Committed (MB) |"
    echo "|---|---:|"
    awk '/^-/ && /committed=/ {
            area = $0; sub(/^- */, "", area); sub(/ *\(.*/, "", area)
            c = $0; sub(/.*committed=/, "", c); sub(/KB.*/, "", c)
            if (c + 0 >= 512) printf "| %s | %.1f |\n", area, c / 1024
         }
         /^Total:/ { t = $0; sub(/.*committed=/, "", t); sub(/KB.*/, "", t); total = t }
         END { printf "| **total tracked** | %.1f |\n", total / 1024 }' "$1"
}
