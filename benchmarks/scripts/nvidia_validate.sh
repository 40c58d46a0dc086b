#!/bin/sh
# The nvidia plugin against nvidia-smi on a machine with NVIDIA GPUs: one idle side-by-side of every
# device key, then a `sysgauge run` of a small CUDA load (python3 + ctypes over the driver's own
# libcuda.so.1, so no CUDA toolkit or framework is needed) compared with nvidia-smi's view of the
# same process. Prints Markdown for docs/hardware-validation.md.
#
#   benchmarks/scripts/nvidia_validate.sh [SYSGAUGE_HOME]     default: distribution/target/sysgauge-*
#
# NVIDIA_SMI names another nvidia-smi; LOAD_SECONDS (default 12) sets the load's length.
set -eu

home=${1:-$(ls -d distribution/target/sysgauge-*/ 2>/dev/null | head -n 1)}
[ -x "${home%/}/bin/sysgauge" ] || { echo "no sysgauge in '${home}': build it (mvn -B -q package -DskipTests) or pass its folder" >&2; exit 2; }
sg="${home%/}/bin/sysgauge"
smi=${NVIDIA_SMI:-nvidia-smi}
seconds=${LOAD_SECONDS:-12}
command -v "$smi" >/dev/null 2>&1 || { echo "no $smi on PATH: this script needs a machine with the NVIDIA driver" >&2; exit 2; }
command -v python3 >/dev/null 2>&1 || { echo "python3 is needed to compare the figures" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fields=index,name,memory.used,memory.total,utilization.gpu,utilization.memory,temperature.gpu,power.draw,enforced.power.limit,clocks.sm,clocks.mem,clocks.gr,fan.speed,ecc.errors.corrected.volatile.total,ecc.errors.uncorrected.volatile.total

echo "## Machine"
echo
echo '```'
"$smi" --query-gpu=index,name,driver_version,pci.bus_id,mig.mode.current --format=csv
java -version 2>&1 | head -n 1
"$sg" --version
echo '```'
echo
echo "## sysgauge plugins"
echo
echo '```'
"$sg" plugins 2>&1 | grep -E '^(PLUGIN|nvidia)'
echo '```'

# nvidia-smi just before and just after sysgauge, so a value that moves shows as a range.
"$smi" --query-gpu="$fields" --format=csv,noheader,nounits > "$work/smi-before.csv"
"$sg" once --format json > "$work/once.json" 2> "$work/once.err" || true
"$smi" --query-gpu="$fields" --format=csv,noheader,nounits > "$work/smi-after.csv"

# The load: a context, 1 GiB of device memory, and memsets of it until time is up.
cat > "$work/load.py" <<'PY'
import ctypes, sys, time
cuda = ctypes.CDLL("libcuda.so.1")
def check(result, what):
    if result != 0:
        sys.exit(f"{what} failed: CUDA error {result}")
device, context, memory = ctypes.c_int(), ctypes.c_void_p(), ctypes.c_uint64()
size = 1 << 30
check(cuda.cuInit(0), "cuInit")
check(cuda.cuDeviceGet(ctypes.byref(device), 0), "cuDeviceGet")
check(cuda.cuCtxCreate_v2(ctypes.byref(context), 0, device), "cuCtxCreate")
check(cuda.cuMemAlloc_v2(ctypes.byref(memory), ctypes.c_size_t(size)), "cuMemAlloc")
end = time.time() + float(sys.argv[1])
while time.time() < end:
    check(cuda.cuMemsetD8_v2(memory, ctypes.c_ubyte(7), ctypes.c_size_t(size)), "cuMemsetD8")
    check(cuda.cuCtxSynchronize(), "cuCtxSynchronize")
PY
"$sg" run --quiet --interval 1s --out "$work/runs" -- python3 "$work/load.py" "$seconds" > "$work/run.out" 2> "$work/run.err" &
sysgauge_pid=$!
# Beside the run: nvidia-smi's own per-second view (power, utilization, clocks, violations, memory, ECC,
# PCIe/NVLink throughput) and its clock-event reasons, to set against the recorded GPM, link and throttle keys.
"$smi" dmon -s pucvmet -c "$seconds" > "$work/dmon.txt" 2>&1 &
dmon_pid=$!
reasons=clocks_event_reasons.active
"$smi" --query-gpu=$reasons --format=csv >/dev/null 2>&1 || reasons=clocks_throttle_reasons.active  # before R535
"$smi" --query-gpu=index,timestamp,$reasons,power.draw --format=csv,nounits -l 1 > "$work/reasons.csv" 2>&1 &
reasons_pid=$!
sleep $((seconds / 2))
"$smi" --query-compute-apps=pid,gpu_uuid,used_memory --format=csv,noheader,nounits > "$work/apps.csv" || true
"$smi" --query-gpu=index,uuid,utilization.gpu,utilization.memory --format=csv,noheader,nounits > "$work/smi-load.csv" || true
wait "$sysgauge_pid" || echo "sysgauge run exited with $?" >&2
kill "$dmon_pid" "$reasons_pid" 2>/dev/null || true
wait "$dmon_pid" "$reasons_pid" 2>/dev/null || true

python3 - "$work" "$fields" <<'PY'
import csv, glob, json, os, sys
work, fields = sys.argv[1], sys.argv[2].split(",")

def rows(name):
    with open(os.path.join(work, name)) as f:
        return [dict(zip(fields, (c.strip() for c in row))) for row in csv.reader(f) if row]

once = json.load(open(os.path.join(work, "once.json"))) if os.path.getsize(os.path.join(work, "once.json")) else {}
pairs = [("memory.used", "memoryAllocatedBytes", 1 / 2**20, "MiB"),
         ("utilization.gpu", "gpu", 1, "%"), ("utilization.memory", "memory", 1, "%"),
         ("temperature.gpu", "temp", 1, "°C"), ("power.draw", "powerWatts", 1, "W"),
         ("enforced.power.limit", "enforcedPowerLimitWatts", 1, "W"), ("clocks.sm", "smClock", 1, "MHz"),
         ("clocks.mem", "memoryClock", 1, "MHz"), ("clocks.gr", "graphicsClock", 1, "MHz"),
         ("fan.speed", "fanSpeed", 1, "%"),
         ("ecc.errors.corrected.volatile.total", "correctedMemoryErrors", 1, "count"),
         ("ecc.errors.uncorrected.volatile.total", "unCorrectedMemoryErrors", 1, "count")]
print("\n## Idle: `sysgauge once` between two `nvidia-smi --query-gpu` calls\n")
print("| GPU | nvidia-smi field | before | after | sysgauge key | sysgauge |")
print("|---|---|---:|---:|---|---:|")
for before, after in zip(rows("smi-before.csv"), rows("smi-after.csv")):
    i = before["index"]
    for field, key, scale, unit in pairs:
        value = once.get(f"gpu.{i}.{key}")
        shown = "absent" if value is None else f"{value * scale:.2f} {unit}"
        print(f"| {i} | {field} | {before[field]} | {after[field]} | gpu.{i}.{key} | {shown} |")
extra = sorted(k for k in once if k.startswith("gpu.") and not any(k.endswith("." + p[1]) for p in pairs))
if extra:
    print("\nOther keys: " + ", ".join(f"`{k}` = {once[k]}" for k in extra))
print("\n`sysgauge once` stderr: " + (open(os.path.join(work, "once.err")).read().strip() or "(empty)"))

print("\n## Under load: `sysgauge run -- python3 load.py` (1 GiB, memsets)\n")
print("nvidia-smi at mid-run, compute apps (pid, GPU UUID, MiB):\n")
print("```\n" + open(os.path.join(work, "apps.csv")).read().strip() + "\n```")
print("\nnvidia-smi at mid-run, utilization (index, UUID, gpu %, memory %):\n")
print("```\n" + open(os.path.join(work, "smi-load.csv")).read().strip() + "\n```")
runs = glob.glob(os.path.join(work, "runs", "*", "events.jsonl"))
if not runs:
    print("\nNo run folder: " + open(os.path.join(work, "run.err")).read().strip())
    sys.exit(0)
records = [json.loads(line) for line in open(runs[0])]
meta = json.load(open(os.path.join(os.path.dirname(runs[0]), "metadata.json")))
print(f"\nRecorded {len(records)} records; the load's pid was {meta.get('pid')}; exit code {meta.get('exitCode')}.")

def ranges(title, keys):
    print(f"\n| {title} | min | max | ticks present |")
    print("|---|---:|---:|---:|")
    for k in keys:
        values = [r[k] for r in records if isinstance(r.get(k), (int, float))]
        if values:
            print(f"| `{k[7:]}` | {min(values):.2f} | {max(values):.2f} | {len(values)} of {len(records)} |")
    if not keys:
        print(f"| (no {title}s) | | | |")

gpu_keys = sorted({k for r in records for k in r if k.startswith("system.gpu.")})
ranges("gpu.process key", [k for k in gpu_keys if k.startswith("system.gpu.process.")])

# The device keys of the run (GPM, link throughput, throttle reasons, energy...) beside nvidia-smi's view.
ranges("device key", [k for k in gpu_keys if not k.startswith("system.gpu.process.")])
for name, title in (("dmon.txt", "nvidia-smi dmon -s pucvmet"), ("reasons.csv", "clock-event reasons and power, 1 s")):
    path = os.path.join(work, name)
    if os.path.exists(path):
        print(f"\n{title}:\n\n```\n" + open(path).read().strip() + "\n```")

# Energy: the run's counter total against the integral of the recorded power (trapezoids between ticks).
energy = meta.get("energy") or {}
for gpu in sorted(k for k in energy if k != "total"):
    points = [(r["_timestamp"], r[f"system.{gpu}.powerWatts"]) for r in records if f"system.{gpu}.powerWatts" in r]
    integral = sum((t1 - t0) * (p0 + p1) / 2 for (t0, p0), (t1, p1) in zip(points, points[1:]))
    print(f"\n{gpu}: energy counter {energy[gpu]['joules']:.1f} J; recorded power integrated {integral:.1f} J")
if not energy:
    print("\nmetadata.json has no energy: the driver gave no energy counter")
for line in open(os.path.join(work, "run.out")).read().splitlines():
    print(f"\nrun output: {line}")
health = os.path.join(os.path.dirname(runs[0]), "health.jsonl")
if os.path.exists(health):
    print("\nhealth.jsonl:\n\n```\n" + open(health).read().strip() + "\n```")
print("\n`sysgauge run` stderr: " + (open(os.path.join(work, "run.err")).read().strip() or "(empty)"))
PY
