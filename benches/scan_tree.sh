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
import os, statistics, subprocess, sys, time
runs, bin, tree, now, pattern = int(sys.argv[1]), *sys.argv[2:]
scan = [bin, "scan", "--format", "jsonl", "--now", now, "--fail-on", "none", tree]
jobs = {
    "usertoken scan -j 2": scan[:2] + ["-j", "2"] + scan[2:],
    "usertoken scan -j 1": scan[:2] + ["-j", "1"] + scan[2:],
    "rg -j 2 -c (gitleaks jwt)": ["rg", "-j", "2", "-c", "-e", pattern, tree],
    # The control: how much a second thread gives on this machine now.
    "rg -j 1 -c (gitleaks jwt)": ["rg", "-j", "1", "-c", "-e", pattern, tree],
}


def timed(cmd):
    """Wall and CPU (user + system) seconds of one run."""
    start = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, _, usage = os.wait4(child.pid, 0)
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


wall = {name: [] for name in jobs}
cpu = {name: [] for name in jobs}
for _ in range(2):  # warm the page cache
    for cmd in jobs.values():
        timed(cmd)
for r in range(runs):
    order = list(jobs.items())
    order = order[r % len(order):] + order[: r % len(order)]
    for name, cmd in order:
        w, c = timed(cmd)
        wall[name].append(w)
        cpu[name].append(c)
med = {name: statistics.median(ts) for name, ts in wall.items()}
for name, ts in wall.items():
    c = statistics.median(cpu[name])
    print(f"{name:28} median {med[name]:.3f} s (min {min(ts):.3f}, max {max(ts):.3f}); CPU {c:.3f} s, {c / med[name]:.2f} cores busy")


def paired(a, b):
    """a's time over b's, round by round: load that changes between rounds cancels."""
    r = sorted(x / y for x, y in zip(wall[a], wall[b]))
    return f"{statistics.median(r):.2f}x (rounds {r[0]:.2f}-{r[-1]:.2f})"


print(f"usertoken -j 2 vs rg -j 2: {paired('rg -j 2 -c (gitleaks jwt)', 'usertoken scan -j 2')} as fast (goal >= 1.5x)")
print(f"usertoken -j 2 vs -j 1:    {paired('usertoken scan -j 1', 'usertoken scan -j 2')} as fast (goal >= 1.7x)")
print(f"control, rg -j 2 vs -j 1:  {paired('rg -j 1 -c (gitleaks jwt)', 'rg -j 2 -c (gitleaks jwt)')} as fast")
rg_cpu, ut_cpu = statistics.median(cpu["rg -j 2 -c (gitleaks jwt)"]), statistics.median(cpu["usertoken scan -j 2"])
print(f"CPU time, rg over usertoken -j 2: {rg_cpu / ut_cpu:.2f}x")
PY

peak() { # peak RSS of a command, in MiB
    /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1 | awk '{ printf "%.1f", $1 / 1024 }'
}
echo "peak RSS, usertoken scan -j 2 on the tree: $(peak "$bin" scan -j 2 --format jsonl --now "$now" --fail-on none "$tree") MiB (goal <= 32)"
echo "peak RSS, usertoken scan -j 2 on big.log:  $(peak "$bin" scan -j 2 --format jsonl --now "$now" --fail-on none "$big") MiB (goal <= 32)"
echo "peak RSS, usertoken scan -j 2 --format sarif on the tree: $(peak "$bin" scan -j 2 --format sarif --now "$now" --fail-on none "$tree") MiB"
