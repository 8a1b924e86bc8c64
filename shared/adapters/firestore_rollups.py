"""Firestore side of the cost roll-ups, KPIs, alerts and the usage read (CostRollupRepo).

Totals are aggregation queries (count/sum run by Firestore: one RPC, billed one read per 1000
index entries), never a read of every record. Which users/models/providers/projects a day had
comes from the marker documents `costDays/{day}/dims/{dimension}_{value}` that
`FirestoreCosts.record` writes in the same commit as the record.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from google.api_core import exceptions as gexc
from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from shared.adapters.firestore_repos import (COST_DAYS, COSTS, DIMENSION_FIELDS, DIMS, JOBS, ROLLUPS, _aggregate,
                                             _safe_id, dimension_marker_id)
from shared.domain.models import DimensionRollup
from shared.domain.ports import DimensionValue

ALERTS = "alerts"
MAX_BATCH = 500


class FirestoreRollups:
    def __init__(self, db: firestore.Client) -> None:
        self._db = db

    # --- which values ---------------------------------------------------------------------------
    def dimension_values(self, day: str) -> list[DimensionValue]:
        col = self._db.collection(COST_DAYS).document(day).collection(DIMS)
        out = []
        for snap in col.stream():  # one small doc per user/model/provider/project of the day
            d = snap.to_dict() or {}
            if d.get("dimension") in DIMENSION_FIELDS and d.get("value"):
                out.append(DimensionValue(d["dimension"], str(d["value"])))
        return sorted(set(out), key=lambda v: (v.dimension, v.value))

    def discover_dimension_values(self, day: str) -> list[DimensionValue]:
        fields = list(DIMENSION_FIELDS.values())
        q = self._db.collection(COSTS).where(filter=FieldFilter("day", "==", day)).select(fields)
        found: set[DimensionValue] = set()
        for snap in q.stream():  # reads every record of the day, only the four fields: the fallback
            d = snap.to_dict() or {}
            for dim, field in DIMENSION_FIELDS.items():
                if d.get(field) not in (None, ""):
                    found.add(DimensionValue(dim, str(d[field])))
        day_ref = self._db.collection(COST_DAYS).document(day)
        values = sorted(found, key=lambda v: (v.dimension, v.value))
        for i in range(0, len(values), MAX_BATCH):  # repair the markers: the next run needs no read
            batch = self._db.batch()
            for v in values[i:i + MAX_BATCH]:
                batch.set(day_ref.collection(DIMS).document(dimension_marker_id(v.dimension, v.value)),
                          {"day": day, "dimension": v.dimension, "value": v.value})
            batch.commit()
        return values

    # --- totals ---------------------------------------------------------------------------------
    def _totals(self, base) -> dict[str, float]:
        agg = base.count(alias="calls")
        for field in ("usd", "savedUsd", "inputTokens", "outputTokens"):
            agg = agg.sum(field, alias=field)
        totals = _aggregate(agg)
        totals["cacheHits"] = _aggregate(base.where(filter=FieldFilter("cached", "==", True))
                                         .count(alias="n")).get("n", 0)
        return totals

    def totals_for(self, day: str, dimension: str, value: str) -> dict[str, float]:
        base = (self._db.collection(COSTS).where(filter=FieldFilter("day", "==", day))
                .where(filter=FieldFilter(DIMENSION_FIELDS[dimension], "==", value)))
        return self._totals(base)

    def usage(self, uid: str, first_day: str, last_day: str) -> dict[str, float]:
        base = self._db.collection(COSTS).where(filter=FieldFilter("uid", "==", uid))
        if first_day == last_day:
            base = base.where(filter=FieldFilter("day", "==", first_day))
        else:
            base = (base.where(filter=FieldFilter("day", ">=", first_day))
                    .where(filter=FieldFilter("day", "<=", last_day)))
        return self._totals(base)

    def user_month_totals(self, day: str, uids: Sequence[str]) -> dict[str, float]:
        """One sum query per user (the same query the AI budget check runs)."""
        out = {}
        for uid in uids:
            q = (self._db.collection(COSTS).where(filter=FieldFilter("uid", "==", uid))
                 .where(filter=FieldFilter("day", ">=", day[:8] + "01"))
                 .where(filter=FieldFilter("day", "<=", day)))
            out[uid] = float(_aggregate(q.sum("usd", alias="usd")).get("usd", 0.0))
        return out

    # --- jobs -----------------------------------------------------------------------------------
    def _finished(self, start: datetime, end: datetime):
        return (self._db.collection(JOBS).where(filter=FieldFilter("finishedAt", ">=", start))
                .where(filter=FieldFilter("finishedAt", "<", end)))

    def job_counts(self, start: datetime, end: datetime) -> dict[str, int]:
        base = self._finished(start, end)
        out = {}
        for name, field, value in (("done", "status", "done"), ("failed", "status", "failed"),
                                   ("validationPassed", "ai.validationPassed", True),
                                   ("validationFailed", "ai.validationPassed", False),
                                   ("fellBack", "ai.fellBack", True), ("notFellBack", "ai.fellBack", False)):
            q = base.where(filter=FieldFilter(field, "==", value)).count(alias="n")
            out[name] = int(_aggregate(q).get("n", 0))
        return out

    def job_latencies_s(self, start: datetime, end: datetime) -> list[float]:
        # Percentiles need the values: a projection query transfers only the two timestamps (each
        # job of the day is still one billed read).
        out = []
        for snap in self._finished(start, end).select(["createdAt", "finishedAt"]).stream():
            d = snap.to_dict() or {}
            if d.get("createdAt") and d.get("finishedAt"):
                out.append(max((d["finishedAt"] - d["createdAt"]).total_seconds(), 0.0))
        return out

    # --- writes ---------------------------------------------------------------------------------
    def replace_dimension_rollups(self, day: str, rollups: Sequence[DimensionRollup]) -> int:
        """Set every roll-up of the day (deterministic ids), then delete the day's dimension docs no
        longer present. Commits of ≤ 500; a crash in between leaves docs a re-run overwrites."""
        col = self._db.collection(ROLLUPS)
        keep = {r.id for r in rollups}
        for i in range(0, len(rollups), MAX_BATCH):
            batch = self._db.batch()
            for r in rollups[i:i + MAX_BATCH]:
                batch.set(col.document(r.id), r.doc())
            batch.commit()
        stale = [s.reference for s in col.where(filter=FieldFilter("day", "==", day))
                 .where(filter=FieldFilter("dimension", "in", list(DIMENSION_FIELDS))).select([]).stream()
                 if s.id not in keep]
        for i in range(0, len(stale), MAX_BATCH):
            batch = self._db.batch()
            for ref in stale[i:i + MAX_BATCH]:
                batch.delete(ref)
            batch.commit()
        return len(stale)

    def dimension_rollups(self, day: str) -> list[DimensionRollup]:
        q = (self._db.collection(ROLLUPS).where(filter=FieldFilter("day", "==", day))
             .where(filter=FieldFilter("dimension", "in", list(DIMENSION_FIELDS))))
        return sorted((DimensionRollup.model_validate({**s.to_dict(), "id": s.id}) for s in q.stream()),
                      key=lambda r: r.id)

    def config_errors(self, day: str) -> dict[str, int]:
        q = (self._db.collection(COSTS).where(filter=FieldFilter("day", "==", day))
             .where(filter=FieldFilter("errorType", "==", "model_not_found")).select(["provider", "model"]))
        out: dict[str, int] = {}
        for snap in q.stream():  # none on a healthy day; a few when a route names a gone model
            d = snap.to_dict() or {}
            key = f"{d.get('provider')}/{d.get('model')}"
            out[key] = out.get(key, 0) + 1
        return out

    def create_alert(self, alert_id: str, fields: dict[str, Any]) -> bool:
        try:
            self._db.collection(ALERTS).document(_safe_id(alert_id)).create(fields)
            return True
        except gexc.AlreadyExists:
            return False
