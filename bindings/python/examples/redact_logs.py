"""Redact a directory of log files into another, with Spark.

    python examples/redact_logs.py INPUT_DIR OUTPUT_DIR [--style mask|fingerprint|summary]

or on a cluster (see bindings/python/README.md, "Spark on a cluster"):

    spark-submit --master yarn examples/redact_logs.py s3://logs/raw/ s3://logs/clean/

Every line keeps its place in its file's output part; tokens, damaged ones
too, are replaced and nothing else is touched. The output directory is
Spark's: one part file per input split.
"""

from __future__ import annotations

import argparse
from typing import Optional, Sequence

from pyspark.sql import SparkSession

import usertoken.spark


def redact_directory(spark: SparkSession, src: str, dst: str, style: str = "mask") -> None:
    """Reads every file under ``src`` as lines, writes them redacted under
    ``dst`` (which must not exist)."""
    lines = spark.read.text(src, lineSep="\n")
    usertoken.spark.redact(lines, "value", style=style).write.text(dst, lineSep="\n")


def main(argv: Optional[Sequence[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("src", help="directory (or glob) of log files")
    parser.add_argument("dst", help="directory to write, must not exist")
    parser.add_argument("--style", default="mask", choices=["mask", "fingerprint", "summary"])
    args = parser.parse_args(argv)
    spark = SparkSession.builder.appName("usertoken-redact-logs").getOrCreate()
    try:
        redact_directory(spark, args.src, args.dst, args.style)
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
