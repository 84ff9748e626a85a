"""The build's moment: SOURCE_DATE_EPOCH when set (reproducible builds), else the clock,
seen in the site's time zone. Everything that says "today" asks here."""

from __future__ import annotations

import os
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo


def build_now(zone: str) -> datetime:
    """The build's "now": SOURCE_DATE_EPOCH when set (reproducible builds), else the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch.isdigit() else datetime.now(timezone.utc)
    return moment.astimezone(ZoneInfo(zone))


def start_of(day: date, zone: str) -> datetime:
    """Midnight of `day` in `zone`: a moment that changes once a day, not at every build."""
    return datetime.combine(day, time(0), ZoneInfo(zone))


def build_timestamp(zone: str) -> str:
    """The build's "now" in UTC to the second, as Data Package `created` wants it."""
    return _utc_text(build_now(zone))


def day_timestamp(day: date, zone: str) -> str:
    """The start of `day` in `zone`, in UTC to the second (like `build_timestamp`): for what
    is computed as of the build's day, so that it changes once a day, not at every build."""
    return _utc_text(start_of(day, zone))


def _utc_text(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def build_date(zone: str) -> date:
    """The build's day in the site's time zone."""
    return build_now(zone).date()
