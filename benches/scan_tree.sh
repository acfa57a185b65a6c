#!/usr/bin/env bash
# `usertoken scan` over a tree, side by side with ripgrep running gitleaks'
# JWT rule, and -j 2 beside -j 1; then peak memory on the tree and on one
# 2 GB file. Runs are interleaved (the machine is shared: compare ratios).
#
#   benches/scan_tree.sh [DIR]        (default /tmp/usertoken-scan-bench)
#
# DIR gets a tree of 1 000 files, 500 MB of logs made by gen_logs.py with ten
# seeds (GEN_LOGS, default ../shared/baselines/gen_logs.py), and a 2 GB file;
# both are kept for the next run. RUNS (default 11) rounds of timings.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${1:-/tmp/usertoken-scan-bench}"
runs="${RUNS:-11}"
gen="${GEN_LOGS:-$root/../shared/baselines/gen_logs.py}"
bin="$root/target/release/usertoken"
(cd "$root" && cargo build --release --quiet)

mkdir -p "$dir"
tree="$dir/tree"
if [ ! -f "$tree/.done" ]; then
    rm -rf "$tree"
    mkdir -p "$tree"
    for seed in $(seq 1 10); do
        /usr/bin/python3 "$gen" "$dir/seed$seed.log" "$dir/seed$seed.manifest" 50 0.01 "$seed" >/dev/null
        mkdir -p "$tree/seed$seed"
        # 100 files of about 0.5 MB each, cut at line ends.
        split -n l/100 -d -a 3 --additional-suffix=.log "$dir/seed$seed.log" "$tree/seed$seed/part-"
    done
    touch "$tree/.done"
fi
big="$dir/big.log"
if [ ! -f "$big" ]; then
    for _ in 1 2 3 4; do cat "$dir"/seed{1..10}.log; done >"$big"
fi
echo "tree: $(find "$tree" -name '*.log' | wc -l) files, $(du -sm "$tree" | cut -f1) MB; big.log: $(( $(stat -c %s "$big") / 1000000 )) MB"

# gitleaks' rule `jwt` (config/gitleaks.toml), for ripgrep: Go's \b and \s
# are ASCII, hence (?-u); `\/` is written `/` (ripgrep refuses the escape;
# same set); `$` is a line end for ripgrep as for gitleaks' `\s` before a
# line break. gitleaks' entropy filter (3.0) has no regex form: ripgrep does
# strictly less work than gitleaks.
gitleaks_jwt='(?-u)\b(ey[a-zA-Z0-9]{17,}\.ey[a-zA-Z0-9/\\_-]{17,}\.(?:[a-zA-Z0-9/\\_-]{10,}={0,2})?)(?:[\x60'"'"'"\s;]|\\[nr]|$)'
now=2024-01-01T00:00:00Z

# What each finds: usertoken decodes every token it reports.
found=$("$bin" scan -j 2 --format jsonl --now "$now" --fail-on none "$tree" | wc -l)
placed=$(/usr/bin/python3 -c 'import json,sys; print(sum(json.load(open(f))["occurrences"] for f in sys.argv[1:]))' "$dir"/seed{1..10}.manifest)
rg_lines=$(rg -j 2 -c --no-filename -e "$gitleaks_jwt" "$tree" | paste -sd+ | bc)
echo "tokens placed: $placed; usertoken scan reports: $found; rg -c (gitleaks' rule) counts lines: $rg_lines"

/usr/bin/python3 - "$runs" "$bin" "$tree" "$now" "$gitleaks_jwt" <<'PY'
import statistics, subprocess, sys, time
runs, bin, tree, now, pattern = int(sys.argv[1]), *sys.argv[2:]
jobs = {
    "usertoken scan -j 2": [bin, "scan", "-j", "2", "--format", "jsonl", "--now", now, "--fail-on", "none", tree],
    "usertoken scan -j 1": [bin, "scan", "-j", "1", "--format", "jsonl", "--now", now, "--fail-on", "none", tree],
    "rg -j 2 -c (gitleaks jwt)": ["rg", "-j", "2", "-c", "-e", pattern, tree],
}
times = {name: [] for name in jobs}
for _ in range(2):  # warm the page cache
    for cmd in jobs.values():
        subprocess.run(cmd, stdout=subprocess.DEVNULL, check=False)
for r in range(runs):
    order = list(jobs.items())
    order = order[r % len(order):] + order[: r % len(order)]
    for name, cmd in order:
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, check=False)
        times[name].append(time.perf_counter() - t)
med = {name: statistics.median(ts) for name, ts in times.items()}
for name, ts in times.items():
    print(f"{name:28} median {med[name]:.3f} s  (min {min(ts):.3f}, max {max(ts):.3f}, {len(ts)} runs)")
rg, j2, j1 = med["rg -j 2 -c (gitleaks jwt)"], med["usertoken scan -j 2"], med["usertoken scan -j 1"]
print(f"usertoken -j 2 vs rg: {rg / j2:.2f}x as fast (goal >= 1.5x)")
print(f"usertoken -j 2 vs -j 1: {j1 / j2:.2f}x as fast (goal >= 1.7x)")
# Paired ratios, run by run: load that changes between rounds cancels out.
pairs_rg = sorted(a / b for a, b in zip(times["rg -j 2 -c (gitleaks jwt)"], times["usertoken scan -j 2"]))
pairs_j = sorted(a / b for a, b in zip(times["usertoken scan -j 1"], times["usertoken scan -j 2"]))
print(f"paired per round: vs rg {statistics.median(pairs_rg):.2f}x ({pairs_rg[0]:.2f}-{pairs_rg[-1]:.2f}); "
      f"-j 2 vs -j 1 {statistics.median(pairs_j):.2f}x ({pairs_j[0]:.2f}-{pairs_j[-1]:.2f})")
PY

peak() { # peak RSS of a command, in MiB
    /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1 | awk '{ printf "%.1f", $1 / 1024 }'
}
echo "peak RSS, usertoken scan -j 2 on the tree: $(peak "$bin" scan -j 2 --format jsonl --now "$now" --fail-on none "$tree") MiB (goal <= 32)"
echo "peak RSS, usertoken scan -j 2 on big.log:  $(peak "$bin" scan -j 2 --format jsonl --now "$now" --fail-on none "$big") MiB (goal <= 32)"
echo "peak RSS, usertoken scan -j 2 --format sarif on the tree: $(peak "$bin" scan -j 2 --format sarif --now "$now" --fail-on none "$tree") MiB"
