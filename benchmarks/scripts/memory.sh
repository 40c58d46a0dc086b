#!/bin/sh
# What the resident memory of a running agent is made of, and which launcher-level changes
# shrink it: `sysgauge run` at 10 Hz under a few variants, each read near the end of the run
# (VmRSS split into anonymous and file-backed pages), then the JVM's own account (native
# memory tracking) of the run as shipped.
#
#   benchmarks/scripts/memory.sh                   30 s per variant (build first: mvn package)
#   DIST=/path/to/sysgauge-0.1.0 benchmarks/scripts/memory.sh   another build
#   DURATION=60 benchmarks/scripts/memory.sh
#
# Prints Markdown; writes nothing outside a temporary folder. Needs jcmd (part of the JDK).
set -eu

here=$(cd "$(dirname "$0")" && pwd -P)
script=memory.sh
. "$here/common.sh"
DURATION=${DURATION:-30}

new_work_dir memory
sleep 3600 &
sleeper=$!
cleanup_pid=$sleeper
# The same installation with an empty plugins/ folder. Setting plugins.dir instead would add a
# YAML parse (every --set value is YAML), which has costs of its own.
mkdir -p "$work/bare/plugins"
cp -R "$dist/bin" "$dist/conf" "$work/bare/"
ln -s "$dist/lib" "$work/bare/lib"

sg=$dist/bin/sysgauge

# variant LABEL ENV_ASSIGNMENT JAVA_OPTS [SYSGAUGE ARGS...]: runs $sg, reads RSS two seconds
# before the end.
variant() {
    label=$1
    assignment=$2
    opts=$3
    shift 3
    # shellcheck disable=SC2086 # the assignment is empty or one VAR=value word
    env $assignment SYSGAUGE_JAVA_OPTS="$opts" "$sg" run --quiet --interval 100ms \
        --duration "${DURATION}s" --pid "$sleeper" --out "$work/out" "$@" &
    agent=$!
    sleep $((DURATION - 2))
    cp "/proc/$agent/status" "$work/status"
    if [ "$nmt_report" = 1 ]; then
        jcmd "$agent" VM.native_memory summary > "$work/nmt.txt" 2>&1 || true
    fi
    wait "$agent"
    awk -v label="$label" '$1 ~ /^(VmRSS|RssAnon|RssFile|Threads):$/ { v[$1] = $2 }
        END { printf "| %s | %.1f | %.1f | %.1f | %d |\n", label, v["VmRSS:"] / 1024, v["RssAnon:"] / 1024,
                  v["RssFile:"] / 1024, v["Threads:"] }' "$work/status"
}

echo "### Resident memory of sysgauge run --interval 100ms, $((DURATION - 2)) s into a ${DURATION} s run"
echo
echo "| Variant | VmRSS (MB) | anonymous (MB) | file-backed (MB) | Threads |"
echo "|---|---:|---:|---:|---:|"
# The floor: an idle JVM with the launcher's flags and nothing loaded but a sleeping main().
jvm_flags=$(sed -n 's/^ *\(-XX:[^$]*\|-Xs[^$]*\) \\$/\1/p' "$dist/bin/sysgauge" | tr '\n' ' ')
cat > "$work/Idle.java" <<'JAVA'
public class Idle {
    public static void main(String[] args) throws InterruptedException {
        Thread.sleep(Long.parseLong(args[0]) * 1000);
    }
}
JAVA
javac -d "$work" "$work/Idle.java"
# shellcheck disable=SC2086 # the flags are words on purpose
java $jvm_flags -cp "$work" Idle "$DURATION" &
idle=$!
sleep $((DURATION - 2))
awk '$1 ~ /^(VmRSS|RssAnon|RssFile|Threads):$/ { v[$1] = $2 }
    END { printf "| floor: an idle JVM with the launcher'"'"'s flags | %.1f | %.1f | %.1f | %d |\n", v["VmRSS:"] / 1024,
              v["RssAnon:"] / 1024, v["RssFile:"] / 1024, v["Threads:"] }' "/proc/$idle/status"
wait "$idle"
nmt_report=1
variant "**as shipped** (with -XX:NativeMemoryTracking=summary)" "" "-XX:NativeMemoryTracking=summary"
nmt_report=0
variant "as shipped, no NMT" "" ""
variant "MALLOC_ARENA_MAX=2" "MALLOC_ARENA_MAX=2" ""
variant "-XX:TrimNativeHeapInterval=5000 (JDK 17.0.9+)" "" "-XX:TrimNativeHeapInterval=5000"
variant "-Xshare:off (no CDS archive mapped)" "" "-Xshare:off"
variant "CDS archive not relocated (-XX:ArchiveRelocationMode=0)" "" \
    "-XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0"
variant "-Xms4m (smaller initial heap)" "" "-Xms4m"
# Application CDS: a short training run dumps the classes it loaded; the variant maps them.
SYSGAUGE_JAVA_OPTS="-XX:ArchiveClassesAtExit=$work/app.jsa" "$dist/bin/sysgauge" run --quiet --interval 100ms \
    --duration 5s --pid "$sleeper" --out "$work/out" > /dev/null 2>&1
variant "AppCDS archive of a run (-XX:SharedArchiveFile)" "" "-XX:SharedArchiveFile=$work/app.jsa"
sg=$work/bare/bin/sysgauge
variant "no plugins (empty plugins/ folder)" "" ""
sg=$dist/bin/sysgauge
variant "AppCDS + TrimNativeHeapInterval + -XX:-UsePerfData" "" \
    "-XX:SharedArchiveFile=$work/app.jsa -XX:TrimNativeHeapInterval=5000 -XX:-UsePerfData"
echo
echo "The JVM's account of the shipped run (committed KB, native memory tracking):"
echo
nmt_table "$work/nmt.txt"
