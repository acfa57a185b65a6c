"""PySpark helpers: redact and scan string columns, a batch at a time.

Rows cross into Rust as Arrow batches through ``DataFrame.mapInArrow``: one
Python call per batch and column, not per row. Needs ``pyspark`` (3.5 or
later) and ``pyarrow``: ``pip install "usertoken[spark]"``. The package
must be installed where the executors' Python runs too (see
bindings/python/README.md).

>>> from usertoken import spark as ut
>>> logs = spark.read.text("s3://bucket/logs/")              # doctest: +SKIP
>>> ut.redact(logs, "value").write.text("s3://bucket/clean/") # doctest: +SKIP
>>> ut.scan(logs, "value").groupBy("environment").count()    # doctest: +SKIP
"""

from __future__ import annotations

import json as _json
from typing import TYPE_CHECKING, Any, Iterator, List, Tuple

from . import Issuers, _issuers, _style, _usertoken
from ._time import Now, instant as _instant

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow
    from pyspark.sql import DataFrame

__all__ = ["redact", "scan", "SCAN_FIELDS"]

#: The columns :func:`scan` adds, after the kept ones, with their Spark types.
SCAN_FIELDS: Tuple[Tuple[str, str], ...] = (
    ("offset", "long"),
    ("line", "long"),
    ("column", "long"),
    ("length", "long"),
    ("kind", "string"),
    ("fingerprint", "string"),
    ("issuer", "string"),
    ("environment", "string"),
    ("user_id", "string"),
    ("client_id", "string"),
    ("expires_at", "string"),
    ("expired", "boolean"),
)


def _string_column(df: "DataFrame", name: Any) -> int:
    from pyspark.sql.types import StringType

    if not isinstance(name, str):
        raise TypeError(f"column names must be str, not {type(name).__name__}")
    names = df.schema.names
    if name not in names:
        raise ValueError(f"no column {name!r} in the DataFrame")
    index = names.index(name)
    if not isinstance(df.schema.fields[index].dataType, StringType):
        raise TypeError(f"column {name!r} must be a string column")
    return index


def _buffers(array: "pyarrow.Array") -> Tuple[bytes, bytes, int, int, bool]:
    import pyarrow as pa

    large = pa.types.is_large_string(array.type)
    if not (large or pa.types.is_string(array.type)):
        raise TypeError(f"expected an Arrow string column, got {array.type}")
    _, offsets, data = array.buffers()
    width = 8 if large else 4
    # Only this array's slice of the buffers crosses.
    first = array.offset
    offsets_bytes = offsets[first * width : (first + len(array) + 1) * width].to_pybytes()
    data_bytes = data.to_pybytes() if data is not None else b""
    return offsets_bytes, data_bytes, 0, len(array), large


def _redact_array(array: "pyarrow.Array", style: str, issuers: List[Tuple[str, str]]) -> "pyarrow.Array":
    import pyarrow as pa
    import pyarrow.compute as pc

    if len(array) == 0:
        return array
    offsets, data, start, n, large = _buffers(array)
    new_offsets, new_data = _usertoken.redact_column(offsets, data, start, n, large, style, issuers)
    validity = None
    if array.null_count:
        validity = pc.is_valid(array).buffers()[1]
    return pa.Array.from_buffers(
        array.type, n, [validity, pa.py_buffer(new_offsets), pa.py_buffer(new_data)], array.null_count
    )


def redact(df: "DataFrame", *columns: str, style: str = "mask", issuers: Issuers = None) -> "DataFrame":
    """``df`` with every token in the named string columns replaced (the
    same text :func:`usertoken.redact` gives); other columns, the schema
    and nulls as they were.

    Raises:
        TypeError: a column is not a string column, or a name is not ``str``.
        ValueError: no such column, no column named, or a bad ``style``.
    """
    if not columns:
        raise ValueError("name at least one column to redact")
    style = _style(style)
    pairs = _issuers(issuers)
    _usertoken.Redactor(style, pairs)
    indices = sorted({_string_column(df, c) for c in columns})

    def redact_batches(batches: Iterator["pyarrow.RecordBatch"]) -> Iterator["pyarrow.RecordBatch"]:
        import pyarrow as pa

        for batch in batches:
            arrays = list(batch.columns)
            for i in indices:
                arrays[i] = _redact_array(arrays[i], style, pairs)
            yield pa.RecordBatch.from_arrays(arrays, schema=batch.schema)

    return df.mapInArrow(redact_batches, df.schema)


def scan(df: "DataFrame", column: str, *keep: str, now: Now = None, issuers: Issuers = None) -> "DataFrame":
    """One row per token found in string column ``column``: the ``keep``
    columns of the row it was found in, then :data:`SCAN_FIELDS` (the
    members of ``usertoken scan``'s objects less ``file``; ``offset`` in
    characters into the row's text, ``line`` within it).

    ``now`` is read once, on the driver, when ``None``: every executor
    judges expiry at the same instant.

    Raises:
        TypeError, ValueError: as for :func:`redact`, and for a bad ``now``.
    """
    from pyspark.sql.types import (
        BooleanType,
        LongType,
        StringType,
        StructField,
        StructType,
    )

    at = _instant(now)
    pairs = _issuers(issuers)
    _string_column(df, column)
    kept = []
    for name in keep:
        if not isinstance(name, str):
            raise TypeError(f"column names must be str, not {type(name).__name__}")
        if name not in df.schema.names:
            raise ValueError(f"no column {name!r} in the DataFrame")
        if name in kept:
            continue
        if name in dict(SCAN_FIELDS):
            raise ValueError(f"cannot keep column {name!r}: scan adds a column of that name")
        kept.append(name)
    source = df.select(*kept, column) if column not in kept else df.select(*kept)
    types = {"long": LongType(), "string": StringType(), "boolean": BooleanType()}
    schema = StructType(
        [source.schema[name] for name in kept] + [StructField(n, types[t], True) for n, t in SCAN_FIELDS]
    )
    text_index = source.schema.names.index(column)
    kept_indices = [source.schema.names.index(name) for name in kept]
    arrow_types = {"long": "int64", "string": "string", "boolean": "bool_"}

    def scan_batches(batches: Iterator["pyarrow.RecordBatch"]) -> Iterator["pyarrow.RecordBatch"]:
        import pyarrow as pa

        out_schema = None
        for batch in batches:
            array = batch.column(text_index)
            found = []
            if len(array):
                offsets, data, start, n, large = _buffers(array)
                found = _json.loads(_usertoken.scan_column(offsets, data, start, n, large, at, pairs))
            rows = pa.array([f["row"] for f in found], pa.int64())
            arrays = [batch.column(i).take(rows) for i in kept_indices]
            for name, kind in SCAN_FIELDS:
                arrays.append(pa.array([f[name] for f in found], getattr(pa, arrow_types[kind])()))
            names = [batch.schema.names[i] for i in kept_indices] + [n for n, _ in SCAN_FIELDS]
            if out_schema is None:
                out_schema = pa.schema(
                    [batch.schema.field(i) for i in kept_indices]
                    + [pa.field(n, a.type) for n, a in zip(names[len(kept_indices):], arrays[len(kept_indices):])]
                )
            yield pa.RecordBatch.from_arrays(arrays, schema=out_schema)

    return source.mapInArrow(scan_batches, schema)
