"""usertoken.spark with a real local[2] Spark (Java 17)."""

from __future__ import annotations

import importlib.util
import pathlib
import sys

import pytest

pyspark = pytest.importorskip("pyspark")
pytest.importorskip("pyarrow")

from pyspark.sql import SparkSession  # noqa: E402

import usertoken  # noqa: E402
import usertoken.spark as uts  # noqa: E402
from conftest import NOW, SAMPLE, seeds  # noqa: E402

EXAMPLES = pathlib.Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def spark():
    session = (
        SparkSession.builder.master("local[2]")
        .appName("usertoken-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "1000")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def rows():
    texts = []
    for path in seeds("redact") + seeds("inspect"):
        try:
            texts.append(path.read_bytes().decode("utf-8"))
        except UnicodeDecodeError:
            pass
    texts += [None, "", "plain é 🎉", "a " + SAMPLE + " b " + SAMPLE]
    # Enough rows for several Arrow batches per partition.
    texts += [f"line {i} token={SAMPLE if i % 3 == 0 else 'none'}" for i in range(5000)]
    return [(i, t, "other " + SAMPLE) for i, t in enumerate(texts)]


def test_redact_equals_the_package_row_by_row(spark):
    data = rows()
    df = spark.createDataFrame(data, "id long, value string, other string")
    for style in ("mask", "summary"):
        out = uts.redact(df, "value", style=style)
        assert out.schema == df.schema
        got = {r.id: (r.value, r.other) for r in out.collect()}
        for i, text, other in data:
            expected = None if text is None else usertoken.redact(text, style)
            assert got[i] == (expected, other), i
    both = {r.id: r for r in uts.redact(df, "value", "other").collect()}
    for i, text, other in data:
        assert both[i].value == (None if text is None else usertoken.redact(text))
        assert both[i].other == "other [REDACTED-JWT]"


def test_scan_equals_the_package(spark):
    data = rows()
    df = spark.createDataFrame(data, "id long, value string, other string")
    out = uts.scan(df, "value", "id", now=NOW)
    assert out.columns == ["id"] + [n for n, _ in uts.SCAN_FIELDS]
    got = sorted((r.asDict() for r in out.collect()), key=lambda r: (r["id"], r["offset"]))
    expected = []
    for i, text, _ in data:
        if text is not None:
            expected += [{"id": i, **found} for found in usertoken.scan(text, NOW)]
    assert got == expected
    # A text column can be kept too.
    kept = uts.scan(df.limit(5), "value", "value", now=NOW)
    assert kept.columns[0] == "value"


def test_bad_arguments(spark):
    df = spark.createDataFrame([(1, "x")], "id long, value string")
    with pytest.raises(TypeError):
        uts.redact(df, "id")
    with pytest.raises(ValueError):
        uts.redact(df, "nope")
    with pytest.raises(ValueError):
        uts.redact(df)
    with pytest.raises(ValueError):
        uts.redact(df, "value", style="loud")
    with pytest.raises(TypeError):
        uts.scan(df, 3)
    with pytest.raises(ValueError):
        uts.scan(df, "value", now="soon")


def test_the_example_job_redacts_a_directory(spark, tmp_path):
    src = tmp_path / "logs"
    src.mkdir()
    lines = [f"{i} Authorization: Bearer {SAMPLE}" if i % 2 else f"{i} fine é" for i in range(300)]
    (src / "a.log").write_text("\n".join(lines[:150]) + "\n")
    (src / "b.log").write_text("\n".join(lines[150:]) + "\n")
    spec = importlib.util.spec_from_file_location("redact_logs", EXAMPLES / "redact_logs.py")
    job = importlib.util.module_from_spec(spec)
    sys.modules["redact_logs"] = job
    spec.loader.exec_module(job)
    job.redact_directory(spark, str(src), str(tmp_path / "clean"))
    written = []
    for part in sorted((tmp_path / "clean").glob("part-*")):
        written += part.read_text().splitlines()
    assert sorted(written) == sorted(usertoken.redact(line) for line in lines)
    assert all(SAMPLE not in line for line in written)
