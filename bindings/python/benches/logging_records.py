"""One kind of logging setup writing N records to a FileHandler, alone in a
process: for counting instructions, which the load of a shared machine does
not change.

    PYTHONHASHSEED=0 N=30000 valgrind --tool=callgrind --callgrind-out-file=OUT \\
        python benches/logging_records.py KIND

KIND is ``plain`` (no filter), ``filter`` (``RedactingFilter()``), ``once``
(``RedactingFilter(format_once=True)``) or ``regex`` (a filter with gitleaks'
JWT rule, as in bench.py). Run it with ``N=0`` too: the difference, divided by
N, is the instructions per record. One record in a hundred holds a token.
"""

from __future__ import annotations

import base64
import logging
import os
import re
import sys
import tempfile

import usertoken.logging

GITLEAKS_JWT = (
    r"\b(ey[a-zA-Z0-9]{17,}\.ey[a-zA-Z0-9\/\\_-]{17,}\.(?:[a-zA-Z0-9\/\\_-]{10,}={0,2})?)"
    r"(?=['|\"\n\r\s\x60;]|$)"
)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


# Made here rather than written out: the repository's own scan (its
# baseline test) finds every token written in its files.
TOKEN = ".".join(
    (_b64(b'{"alg":"HS256","typ":"JWT"}'), _b64(b'{"user_id":"123","exp":1700000000}'), _b64(b"s" * 32))
)


class RegexFilter(logging.Filter):
    """What a hand-written filter does: the message through ``re.sub``."""

    def __init__(self) -> None:
        super().__init__()
        self.rx = re.compile(GITLEAKS_JWT)

    def filter(self, record: logging.LogRecord) -> bool:
        msg = record.getMessage()
        new = self.rx.sub("[REDACTED-JWT]", msg)
        if new != msg:
            record.msg, record.args = new, ()
        return True


def main() -> None:
    kind = sys.argv[1]
    n = int(os.environ.get("N", "30000"))
    filters = {
        "plain": None,
        "filter": usertoken.logging.RedactingFilter(),
        "once": usertoken.logging.RedactingFilter(format_once=True),
        "regex": RegexFilter(),
    }
    filt = filters[kind]
    with tempfile.TemporaryDirectory() as tmp:
        logger = logging.getLogger("records")
        logger.propagate = False
        logger.setLevel(logging.INFO)
        handler = logging.FileHandler(os.path.join(tmp, "log"))
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        if filt is not None:
            handler.addFilter(filt)
        logger.addHandler(handler)
        for i in range(n):
            if i % 100 == 0:
                logger.info("link init user=%s token=%s", i, TOKEN)
            else:
                logger.info("request path=/v2/users/%s status=%d", i, 200)
        handler.close()
        if filt is not None and n:
            with open(os.path.join(tmp, "log")) as f:
                assert TOKEN not in f.read()


if __name__ == "__main__":
    main()
