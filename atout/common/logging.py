"""One log line per event, with its fields as JSON, so an operator can filter by `event`."""

import json
import logging

# Attributes every LogRecord has; anything else came from `extra=` and is an event field.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "taskName"}


class EventFormatter(logging.Formatter):
    """`2026-11-30 01:02:03 WARNING atout.passports.tasks passport render failed {"event": …}`."""

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        fields = {k: v for k, v in record.__dict__.items() if k not in _STANDARD}
        if not fields:
            return line
        head, _, tail = line.partition("\n")  # keep a traceback below the fields
        extra = json.dumps(fields, default=str, ensure_ascii=False, sort_keys=True)
        return f"{head} {extra}" + (f"\n{tail}" if tail else "")
