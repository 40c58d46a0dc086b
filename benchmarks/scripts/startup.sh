#!/bin/sh
# Where the start-up time of `sysgauge once` goes: the same command timed under JVM option
# variants that each remove one suspect (class-data sharing, plugins, small initial heap,
# application CDS), next to the floors (a bare JVM, `sysgauge --version`), with the classes
# each variant loads and the young GCs it runs. Options are added through SYSGAUGE_JAVA_OPTS,
# which the launcher places after its defaults, so they win.
#
#   benchmarks/scripts/startup.sh               5 timed runs per variant (build first: mvn package)
#   RUNS=10 benchmarks/scripts/startup.sh
#
# Prints Markdown; writes nothing outside a temporary folder. Uses /usr/bin/time for CPU time.
set -eu

here=$(cd "$(dirname "$0")" && pwd -P)
dist=$(dirname "$(dirname "$here")")/distribution/target/sysgauge-0.1.0
RUNS=${RUNS:-5}
[ -x "$dist/bin/sysgauge" ] || { echo "startup.sh: no distribution at $dist: run mvn package first" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "startup.sh: needs GNU time at /usr/bin/time (Debian package 'time')" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/sysgauge-startup.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
# The same installation with an empty plugins/ folder. Setting plugins.dir instead would add a
# YAML parse (every --set value is YAML), which has costs of its own.
mkdir -p "$work/bare/plugins"
cp -R "$dist/bin" "$dist/conf" "$work/bare/"
ln -s "$dist/lib" "$work/bare/lib"
sg=$dist/bin/sysgauge
# The launcher's JVM flags, for the bare-JVM floor.
jvm_flags=$(sed -n 's/^ *\(-XX:[^$]*\|-Xs[^$]*\) \\$/\1/p' "$sg" | tr '\n' ' ')

# variant LABEL OPTS COMMAND...: one untimed warm-up, RUNS timed runs, one logged run.
variant() {
    label=$1
    opts=$2
    shift 2
    SYSGAUGE_JAVA_OPTS=$opts "$@" > /dev/null 2>&1
    : > "$work/wall" && : > "$work/cpu"
    i=0
    while [ "$i" -lt "$RUNS" ]; do
        t0=$(date +%s%N)
        SYSGAUGE_JAVA_OPTS=$opts /usr/bin/time -f '%U %S' -o "$work/time" "$@" > /dev/null 2>&1
        t1=$(date +%s%N)
        echo $(((t1 - t0) / 1000000)) >> "$work/wall"
        awk '{ print int(($1 + $2) * 1000 + 0.5) }' "$work/time" >> "$work/cpu"
        i=$((i + 1))
    done
    rm -f "$work/classes.log" "$work/gc.log"
    SYSGAUGE_JAVA_OPTS="$opts -Xlog:class+load:file=$work/classes.log -Xlog:gc:file=$work/gc.log" "$@" > /dev/null 2>&1
    classes=$(grep -c 'source:' "$work/classes.log" || true)
    shared=$(grep -c 'source: shared objects file' "$work/classes.log" || true)
    gcs=$(grep -c 'Pause Young' "$work/gc.log" || true)
    median_wall=$(sort -n "$work/wall" | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
    min_wall=$(sort -n "$work/wall" | head -n 1)
    median_cpu=$(sort -n "$work/cpu" | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
    echo "| $label | $median_wall | $min_wall | $median_cpu | $classes | $shared | $gcs |"
}

echo "### Start-up of sysgauge once, $RUNS runs per variant"
echo
echo "| Variant | Wall median (ms) | Wall min (ms) | CPU median (ms) | Classes loaded | from the CDS archive | Young GCs |"
echo "|---|---:|---:|---:|---:|---:|---:|"
# The bare JVM reads SYSGAUGE_JAVA_OPTS through a shell, as the launcher does, for the logged run.
# shellcheck disable=SC2016
variant "bare JVM: java <launcher flags> -version" "" sh -c 'exec java $0 $SYSGAUGE_JAVA_OPTS -version' "$jvm_flags"
variant "sysgauge --version (CLI only)" "" "$sg" --version
variant "sysgauge plugins (7 plugins, no host sample)" "" "$sg" plugins
variant "**sysgauge once (as shipped)**" "" "$sg" once --window 100ms --format json
variant "once, no plugins (empty plugins/ folder)" "" "$work/bare/bin/sysgauge" once --window 100ms --format json
variant "once, -Xshare:off" "-Xshare:off" "$sg" once --window 100ms --format json
variant "once, -Xms32m (fewer young GCs)" "-Xms32m" "$sg" once --window 100ms --format json
variant "once, -XX:-UsePerfData" "-XX:-UsePerfData" "$sg" once --window 100ms --format json
# Debian's JDK 17 maps the CDS archive at a random address and patches every pointer in it.
variant "once, CDS archive not relocated (-XX:ArchiveRelocationMode=0)" \
    "-XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0" "$sg" once --window 100ms --format json
# Application CDS: one training run dumps the classes it loaded, later runs map them.
SYSGAUGE_JAVA_OPTS="-XX:ArchiveClassesAtExit=$work/app.jsa" "$sg" once --window 100ms --format json > /dev/null 2>&1
variant "once, AppCDS (-XX:SharedArchiveFile, dynamic archive)" "-XX:SharedArchiveFile=$work/app.jsa" "$sg" once --window 100ms --format json
variant "once, AppCDS + -Xms32m + -XX:-UsePerfData" "-XX:SharedArchiveFile=$work/app.jsa -Xms32m -XX:-UsePerfData" \
    "$sg" once --window 100ms --format json

# Which jars the shipped variant loads its classes from.
SYSGAUGE_JAVA_OPTS="-Xlog:class+load:file=$work/classes.log" "$sg" once --window 100ms --format json > /dev/null 2>&1
echo
echo "Classes loaded by \`sysgauge once\` as shipped, by source:"
echo
echo "| Source | Classes |"
echo "|---|---:|"
sed -n 's/.*source: //p' "$work/classes.log" | awk '
    /^shared objects file/ { s = "CDS archive (JDK classes)"; n[s]++; next }
    /^jrt:/ { s = "JDK modules, not in the CDS archive"; n[s]++; next }
    /^file:|^jar:/ { sub(/!.*/, ""); k = split($0, p, "/"); s = p[k]; n[s]++; next }
    { n["generated at run time (lambdas, proxies, reflection)"]++ }
    END { for (s in n) printf "| %s | %d |\n", s, n[s] }' | sort -t '|' -k 3 -n -r
echo
echo "Milestones of that run (JVM uptime when the first class of each step was loaded;" \
    "logging slows the run a little):"
echo
echo "| Step begins | Uptime (s) |"
echo "|---|---:|"
awk '
    function mark(label) { if (!(label in seen)) { seen[label] = 1; printf "| %s | %s |\n", label, substr($1, 2, index($1, "s]") - 2) } }
    $2 == "io.sysgauge.cli.Main" { mark("main(): JVM booted") }
    $2 == "picocli.CommandLine" { mark("picocli builds the command tree") }
    $2 == "io.sysgauge.cli.config.ConfigLoader" { mark("configuration (ConfigLoader, Jackson YAML mapper)") }
    $2 == "io.sysgauge.core.config.Config" { mark("configuration resolved") }
    $2 == "io.sysgauge.core.plugin.PluginLoader" { mark("PF4J loads the plugins") }
    $2 == "io.sysgauge.host.HostEnvironment" { mark("session: collectors built and probed, 100 ms rate window") }
    $2 == "io.sysgauge.cli.Output" { mark("record printed") }
    { last = $1 }
    END { printf "| last class loaded (exit) | %s |\n", substr(last, 2, index(last, "s]") - 2) }
' "$work/classes.log"
