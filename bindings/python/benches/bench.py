"""Speed of the Python package beside pure-Python baselines, side by side in
one run, reported as ratios (never absolute times).

    python benches/bench.py --log LOG [--cli PATH] [--records N] [--spark-lines N] [--runs K]

LOG is a log file, e.g. 100 MB made by the shared baselines' generator:
``python3 gen_logs.py LOG MANIFEST 100``; without ``--log`` a smaller one is
generated here with PyJWT (``--generate-mb``). Each job runs ``--runs`` times
in alternation with its baseline; each run's ratio to the baseline's run
beside it is reported as the median and the range over the runs. Every
job checks its result so that a broken fast path cannot win.

Baselines: ``re.sub`` with gitleaks' JWT rule; the bare loop that only
writes each line back; the CLI (``usertoken redact --style mask``) for
file-to-file; plain logging and a regex filter for the logging filter;
``F.regexp_replace`` with the same rule and a ``mapInArrow`` pass that
returns its batches unchanged for Spark; PyJWT's unverified decode for
inspect.
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Callable, Dict, List

import usertoken
import usertoken.logging

# gitleaks' `jwt` rule, its trailing delimiter group as a lookahead so that
# re.sub replaces the token only.
GITLEAKS_JWT = (
    r"\b(ey[a-zA-Z0-9]{17,}\.ey[a-zA-Z0-9\/\\_-]{17,}\.(?:[a-zA-Z0-9\/\\_-]{10,}={0,2})?)"
    r"(?=['|\"\n\r\s\x60;]|$)"
)
MASK = "[REDACTED-JWT]"


def timed(jobs: Dict[str, Callable[[], object]], runs: int) -> Dict[str, List[float]]:
    """Runs the jobs in alternation ``runs`` times; each job's times, run by run."""
    times: Dict[str, List[float]] = {name: [] for name in jobs}
    for _ in range(runs):
        for name, job in jobs.items():
            t = time.perf_counter()
            job()
            times[name].append(time.perf_counter() - t)
    return times


def ratios(times: Dict[str, List[float]], name: str, base: str) -> List[float]:
    """``name``'s time over ``base``'s, run by run (each pair run side by side)."""
    return [t / b for t, b in zip(times[name], times[base])]


def spread(values: List[float], fmt: str = "{:.2f}") -> str:
    """The median and the range: ``1.23 (1.20–1.31)``."""
    return f"{fmt.format(statistics.median(values))} ({fmt.format(min(values))}–{fmt.format(max(values))})"


def report(title: str, times: Dict[str, List[float]], base: str) -> None:
    print(f"\n{title}")
    for name in times:
        if name != base:
            r = ratios(times, name, base)
            if statistics.median(r) <= 1:
                print(f"  {name:<44} {spread([1 / x for x in r])}x as fast as {base}")
            else:
                print(f"  {name:<44} {spread(r)}x the time of {base}")


def generate(path: str, mb: float) -> None:
    import jwt  # PyJWT

    rnd = random.Random(7)
    with open(path, "w") as f:
        size = 0
        i = 0
        while size < mb * 1e6:
            i += 1
            if rnd.random() < 0.01:
                tok = jwt.encode({"iss": "argyle-core-auth-prod", "user_id": str(i), "exp": 1652481485 + i},
                                 "k", algorithm="HS256")
                line = f"2024-01-01T00:00:{i % 60:02d}Z INFO link init userToken={tok} sandbox=false\n"
            else:
                line = f"2024-01-01T00:00:{i % 60:02d}Z INFO request path=/v2/users/{i} status=200 latency_ms={i % 900}\n"
            f.write(line)
            size += len(line)


def bench_whole(text: str, data: bytes, runs: int) -> None:
    rx = re.compile(GITLEAKS_JWT)
    rxb = re.compile(GITLEAKS_JWT.encode())
    expected_count = len(usertoken.find_tokens(data))
    out = usertoken.redact(text)
    assert usertoken.find_tokens(out) == [] and (expected_count == 0 or out != text)
    assert usertoken.redact(data) == out.encode()
    times = timed(
        {
            "re.sub (gitleaks) on the str": lambda: rx.sub(MASK, text),
            "usertoken.redact(str)": lambda: usertoken.redact(text),
            "re.sub (gitleaks) on the bytes": lambda: rxb.sub(MASK.encode(), data),
            "usertoken.redact(bytes)": lambda: usertoken.redact(data),
        },
        runs,
    )
    report("whole log as one str", {k: v for k, v in times.items() if "str" in k}, "re.sub (gitleaks) on the str")
    report("whole log as one bytes", {k: v for k, v in times.items() if "bytes" in k}, "re.sub (gitleaks) on the bytes")


def bench_lines(path: str, runs: int) -> None:
    rx = re.compile(GITLEAKS_JWT)
    sink = os.devnull

    def bare():
        with open(path, encoding="utf-8", errors="surrogateescape") as f, open(sink, "w", errors="surrogateescape") as o:
            for line in f:
                o.write(line)

    def ours():
        redact = usertoken.redact
        with open(path, encoding="utf-8", errors="surrogateescape") as f, open(sink, "w", errors="surrogateescape") as o:
            for line in f:
                o.write(redact(line))

    def redactor():
        redact = usertoken.Redactor("mask").redact
        with open(path, encoding="utf-8", errors="surrogateescape") as f, open(sink, "w", errors="surrogateescape") as o:
            for line in f:
                o.write(redact(line))

    def call_alone():
        # One call into the extension a line, on an empty text: what a line
        # costs before any finding (the floor of any per-line redaction).
        redact = usertoken.Redactor("mask").redact
        with open(path, encoding="utf-8", errors="surrogateescape") as f, open(sink, "w", errors="surrogateescape") as o:
            for line in f:
                redact("")
                o.write(line)

    def binary():
        redact = usertoken.Redactor("mask").redact
        with open(path, "rb") as f, open(sink, "wb") as o:
            for line in f:
                o.write(redact(line))

    def bare_binary():
        with open(path, "rb") as f, open(sink, "wb") as o:
            for line in f:
                o.write(line)

    def regex():
        sub = rx.sub
        with open(path, encoding="utf-8", errors="surrogateescape") as f, open(sink, "w", errors="surrogateescape") as o:
            for line in f:
                o.write(sub(MASK, line))

    times = timed({"bare loop (write each line back)": bare, "usertoken.redact per line": ours,
                   "Redactor('mask').redact per line": redactor,
                   "Redactor('mask').redact('') a line (the call alone)": call_alone,
                   "re.sub (gitleaks) per line": regex}, runs)
    report("line by line, text file to /dev/null", times, "bare loop (write each line back)")
    faster = ratios(times, "re.sub (gitleaks) per line", "usertoken.redact per line")
    print(f"  usertoken.redact per line is {spread(faster)}x as fast as re.sub per line")
    binary_times = timed({"bare loop, binary": bare_binary, "Redactor('mask').redact per bytes line": binary}, runs)
    report("line by line, binary file to /dev/null", binary_times, "bare loop, binary")


def bench_stream(path: str, cli: str, runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        a, b = os.path.join(tmp, "a"), os.path.join(tmp, "b")

        def ours():
            with open(path, "rb") as src, open(a, "wb") as dst:
                usertoken.redact_stream(src, dst)

        def theirs():
            with open(path, "rb") as src, open(b, "wb") as dst:
                subprocess.run([cli, "redact", "--style", "mask"], stdin=src, stdout=dst, check=True)

        times = timed({"usertoken redact (CLI), file to file": theirs,
                         "usertoken.redact_stream, file to file": ours}, runs)
        with open(a, "rb") as x, open(b, "rb") as y:
            assert x.read() == y.read()
    report("stream, file to file", times, "usertoken redact (CLI), file to file")


class RegexFilter(logging.Filter):
    """What a hand-written filter does: the message through ``re.sub`` with
    gitleaks' rule."""

    rx = re.compile(GITLEAKS_JWT)

    def filter(self, record: logging.LogRecord) -> bool:
        msg = record.getMessage()
        new = self.rx.sub(MASK, msg)
        if new != msg:
            record.msg, record.args = new, ()
        return True


def log_records(filt, records: int, token: str) -> None:
    """Writes ``records`` records through a logger to a ``FileHandler`` in a
    temporary folder, one in a hundred holding ``token``, with ``filt`` on
    the handler (``None``: plain logging); with a filter, checks that the
    token is not in the file."""
    with tempfile.TemporaryDirectory() as tmp:
        logger = logging.getLogger(f"bench.{id(filt)}")
        logger.handlers.clear()
        logger.propagate = False
        logger.setLevel(logging.INFO)
        handler = logging.FileHandler(os.path.join(tmp, "log"))
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        if filt is not None:
            handler.addFilter(filt)
        logger.addHandler(handler)
        for i in range(records):
            if i % 100 == 0:
                logger.info("link init user=%s token=%s", i, token)
            else:
                logger.info("request path=/v2/users/%s status=%d", i, 200)
        handler.close()
        if filt is not None and records:
            with open(os.path.join(tmp, "log")) as f:
                assert token not in f.read()


def bench_logging(records: int, token: str, runs: int) -> None:
    def run(filt):
        return lambda: log_records(filt, records, token)

    once = "RedactingFilter(format_once=True)"
    times = timed({"plain logging": run(None), "RedactingFilter": run(usertoken.logging.RedactingFilter()),
                   once: run(usertoken.logging.RedactingFilter(format_once=True)),
                   "regex filter (gitleaks)": run(RegexFilter())}, runs)
    print(f"\nlogging, {records} records to a FileHandler")
    for name in ("RedactingFilter", once, "regex filter (gitleaks)"):
        over = [100 * (r - 1) for r in ratios(times, name, "plain logging")]
        print(f"  {name:<44} {spread(over, '{:+.1f}')}% time over plain logging")

    # The filters alone on records made beforehand, beside what making and
    # formatting a record costs: the same question with the file's noise
    # taken out.
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s")

    def record(i):
        if i % 100 == 0:
            return logging.LogRecord("bench", logging.INFO, __file__, 1, "link init user=%s token=%s", (i, token), None)
        return logging.LogRecord("bench", logging.INFO, __file__, 1, "request path=/v2/users/%s status=%d", (i, 200), None)

    n = min(records, 20000)

    def make_and_format():
        for i in range(n):
            formatter.format(record(i))

    def alone(filt):
        def job():
            made = [record(i) for i in range(n)]
            t = time.perf_counter()
            for r in made:
                filt.filter(r)
            # Only the filtering counts: the list was made before.
            job.spent.append(time.perf_counter() - t)
            assert token not in formatter.format(made[0])
        job.spent = []
        return job

    ours, theirs = alone(usertoken.logging.RedactingFilter()), alone(RegexFilter())
    base = []
    for _ in range(runs * 3):
        base += timed({"make and format": make_and_format}, 1)["make and format"]
        ours()
        theirs()
    print(f"  filters alone on {n} records, against making and formatting them ({runs * 3} runs):")
    for name, job in (("RedactingFilter", ours), ("regex filter (gitleaks)", theirs)):
        share = [100 * t / b for t, b in zip(job.spent, base)]
        print(f"  {name:<44} {spread(share, '{:.1f}')}% of the time of making and formatting a record")


def bench_spark(path: str, lines: int, runs: int) -> None:
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    import usertoken.spark

    spark = (SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false")
             .config("spark.driver.memory", "4g").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            src = os.path.join(tmp, "in.log")
            with open(path, "rb") as f, open(src, "wb") as o:
                n = 0
                while n < lines:
                    f.seek(0)
                    for line in f:
                        o.write(line)
                        n += 1
                        if n >= lines:
                            break
            df = spark.read.text(src)
            df.cache().count()

            def identity(batches):
                yield from batches

            jobs = {
                "F.regexp_replace (gitleaks)": lambda: df.select(F.regexp_replace("value", GITLEAKS_JWT, MASK).alias("value")).write.format("noop").mode("overwrite").save(),
                "mapInArrow identity (Arrow floor)": lambda: df.mapInArrow(identity, df.schema).write.format("noop").mode("overwrite").save(),
                "usertoken.spark.redact": lambda: usertoken.spark.redact(df, "value").write.format("noop").mode("overwrite").save(),
            }
            times = timed(jobs, runs)
            left = usertoken.spark.redact(df, "value").filter(F.col("value").contains("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.")).count()
            missed = df.select(F.regexp_replace("value", GITLEAKS_JWT, MASK).alias("value"))
            found = sum(len(usertoken.find_tokens(r.value)) for r in missed.filter(F.col("value").contains("eyJ")).collect())
            total = sum(len(usertoken.find_tokens(r.value)) for r in df.filter(F.col("value").contains("eyJ")).collect())
    finally:
        spark.stop()
    print(f"\nSpark local[2], {lines} lines from spark.read.text (cached), written to the noop sink")
    faster = ratios(times, "F.regexp_replace (gitleaks)", "usertoken.spark.redact")
    floor = ratios(times, "usertoken.spark.redact", "mapInArrow identity (Arrow floor)")
    print(f"  usertoken.spark.redact is {spread(faster)}x as fast as F.regexp_replace (gitleaks)")
    print(f"  usertoken.spark.redact takes {spread(floor)}x the mapInArrow identity pass")
    print(f"  tokens left by usertoken.spark.redact: {left} (standard-header ones); by regexp_replace: {found} of {total} that usertoken finds")


def bench_inspect(data: bytes, runs: int) -> None:
    import jwt  # PyJWT

    tokens = [data[f.start:f.end].decode() for f in usertoken.find_tokens(data)][:20000]
    tokens = [t for t in tokens if t.count(".") == 2]
    now = 1_700_000_000

    def ours():
        for t in tokens:
            usertoken.inspect(t, now=now).claims

    def pyjwt():
        for t in tokens:
            try:
                jwt.decode(t, options={"verify_signature": False})
            except jwt.PyJWTError:
                pass

    times = timed({"PyJWT decode, unverified": pyjwt, "usertoken.inspect(...).claims": ours}, runs)
    report(f"inspect {len(tokens)} tokens one call each", times, "PyJWT decode, unverified")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--log")
    p.add_argument("--generate-mb", type=float, default=20)
    p.add_argument("--cli", help="a usertoken binary (release build) for the file-to-file comparison")
    p.add_argument("--records", type=int, default=1_000_000)
    p.add_argument("--spark-lines", type=int, default=0, help="0 skips Spark")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--only", default="whole,lines,stream,logging,inspect,spark")
    args = p.parse_args()
    only = set(args.only.split(","))
    with tempfile.TemporaryDirectory() as tmp:
        path = args.log
        if path is None:
            path = os.path.join(tmp, "gen.log")
            generate(path, args.generate_mb)
        with open(path, "rb") as f:
            data = f.read()
        text = data.decode("utf-8", "surrogateescape")
        newlines = data.count(b"\n")
        print(f"log: {len(data) / 1e6:.0f} MB, {newlines} lines, {len(usertoken.find_tokens(data))} tokens; "
              f"{args.runs} runs in alternation, ratios as median (range); Python {sys.version.split()[0]}")
        if "whole" in only:
            bench_whole(text, data, args.runs)
        if "lines" in only:
            bench_lines(path, args.runs)
        if "stream" in only and args.cli:
            bench_stream(path, args.cli, args.runs)
        if "logging" in only and args.records:
            token = data[usertoken.find_tokens(data)[0].start:usertoken.find_tokens(data)[0].end].decode()
            bench_logging(args.records, token, args.runs)
        if "inspect" in only:
            bench_inspect(data, args.runs)
        if "spark" in only and args.spark_lines:
            bench_spark(path, args.spark_lines, args.runs)


if __name__ == "__main__":
    main()
