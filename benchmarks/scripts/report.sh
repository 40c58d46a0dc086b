#!/bin/sh
# sysgauge report on a synthetic 24 h run at 1 s (86,400 records x 100 keys: host, 4 GPUs with
# process keys, collector health), then its size and the time headless Chromium takes to draw
# it (performance.now() when the last chart drew, set by the page as data-drawn-ms).
# Usage: benchmarks/scripts/report.sh [records]   (from the repository root, after mvn package)
set -eu
records=${1:-86400}
home=$(ls -d distribution/target/sysgauge-*/ | head -1)
work=$(mktemp -d)
run="$work/run"
mkdir -p "$run"
python3 - "$run" "$records" <<'PY'
import json, math, random, sys
run, n = sys.argv[1], int(sys.argv[2])
random.seed(1)
host = ["cpu", "proc.cpu.threads", "proc.memory.rssMB", "proc.memory.percent", "memory_percent",
        "proc.memory.availableMB", "cpu_percent", "disk./.usagePercent", "disk./.usageGB", "disk.in",
        "disk.out", "disk.sda.in", "disk.sda.out", "network.sent", "network.recv"]
gpu = ["gpu", "memory", "memoryAllocated", "memoryAllocatedBytes", "temp", "powerWatts", "enforcedPowerLimitWatts",
       "powerPercent", "smClock", "memoryClock", "graphicsClock", "correctedMemoryErrors", "unCorrectedMemoryErrors",
       "encoderUtilization", "fanSpeed"]
proc = ["gpu", "memory", "memoryAllocated", "memoryAllocatedBytes", "powerWatts"]
health = ["cpu", "memory", "disk", "network", "process", "nvidia"]
keys = host + [f"gpu.{i}.{k}" for i in range(4) for k in gpu] + [f"gpu.process.{i}.{k}" for i in range(4) for k in proc] \
       + [f"sysgauge.collector.{c}.up" for c in health[:5]]
keys = keys[:100]
with open(f"{run}/metadata.json", "w") as f:
    json.dump({"host": "bench", "program": "python", "args": ["train.py"], "interval": 1.0, "collectors": [],
               "plugins": [{"id": "nvidia", "version": "0.1.0", "collectors": [{"id": "nvidia", "state": "active"}]}]}, f)
with open(f"{run}/events.jsonl", "w") as f:
    for t in range(n):
        record = {"_wandb": True, "_timestamp": 1.7e9 + t, "_runtime": float(t)}
        wave = 50 + 40 * math.sin(t / 600)
        for j, k in enumerate(keys):
            spike = 100 if (t % 7919 == 0 and j % 5 == 0) else 0
            record["system." + k] = round(wave + random.random() * 5 + spike + j, 3)
        f.write(json.dumps(record, separators=(",", ":")) + "\n")
PY
echo "records: $(wc -l < "$run/events.jsonl"), events.jsonl $(du -m "$run/events.jsonl" | cut -f1) MB"
start=$(date +%s%N)
"$home/bin/sysgauge" report "$run" -o "$work/report.html" >/dev/null
end=$(date +%s%N)
echo "generation: $(( (end - start) / 1000000 )) ms (whole command, JVM start included)"
echo "report.html: $(stat -c %s "$work/report.html") bytes"
for i in 1 2 3; do
    timeout 120 chromium --headless=new --no-sandbox --disable-dev-shm-usage --disable-gpu --virtual-time-budget=10000 \
        --window-size=1400,900 --dump-dom "file://$work/report.html" 2>/dev/null | grep -o '<body[^>]*>'
done
rm -rf "$work"
