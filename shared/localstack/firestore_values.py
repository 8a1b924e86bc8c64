"""Firestore's data rules for the stand-in (firestore_server.py): document names and their order,
field paths, the order of values across types, and what a query filter matches. Pure functions on
the client package's own protobuf messages."""
from __future__ import annotations

import math
import re

import grpc
from google.cloud.firestore_v1.types import document, query

Doc, Value = document.Document.pb(), document.Value.pb()
MapValue, ArrayValue = document.MapValue.pb(), document.ArrayValue.pb()
SQ = query.StructuredQuery.pb()
FieldOp, UnaryOp, CompOp = (SQ.FieldFilter.Operator, SQ.UnaryFilter.Operator, SQ.CompositeFilter.Operator)
NAME = "__name__"


class RpcError(Exception):
    def __init__(self, code: grpc.StatusCode, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


# --- paths ----------------------------------------------------------------------------------------
_NUMERIC_ID = re.compile(r"^__id(-?\d+)__$")


def _segment_key(seg: str):
    m = _NUMERIC_ID.match(seg)
    return (0, int(m.group(1)), "") if m else (1, 0, seg)  # numeric ids sort before string ids


def name_key(name: str) -> tuple:
    return tuple(_segment_key(s) for s in name.split("/"))


def split_doc(name: str, root: str) -> tuple[str, str, str]:
    """(parent path, collection id, document id) of a document name."""
    rel = name[len(root) + 1:].split("/")
    parent = root if len(rel) == 2 else f"{root}/{'/'.join(rel[:-2])}"
    return parent, rel[-2], rel[-1]


def db_root(name: str) -> str:
    m = re.match(r"^(projects/[^/]+/databases/[^/]+/documents)(/|$)", name)
    if not m:
        raise RpcError(grpc.StatusCode.INVALID_ARGUMENT, f"invalid resource name {name!r}")
    return m.group(1)


def check_doc_name(name: str) -> str:
    root = db_root(name)
    rel = name[len(root) + 1:]
    if not rel or len(rel.split("/")) % 2 or any(not s for s in rel.split("/")):
        raise RpcError(grpc.StatusCode.INVALID_ARGUMENT, f"not a document name: {name!r}")
    return root


# --- field paths -------------------------------------------------------------------------------
def parse_field_path(path: str) -> list[str]:
    out, i = [], 0
    while i < len(path):
        if path[i] == "`":
            j, seg = i + 1, []
            while j < len(path) and path[j] != "`":
                if path[j] == "\\" and j + 1 < len(path):
                    j += 1
                seg.append(path[j])
                j += 1
            out.append("".join(seg))
            i = j + 1
        else:
            j = path.find(".", i)
            j = len(path) if j < 0 else j
            out.append(path[i:j])
            i = j
        if i < len(path) and path[i] == ".":
            i += 1
    return out


def get_field(fields, segs: list[str]):
    cur = fields
    for k, seg in enumerate(segs):
        if seg not in cur:
            return None
        v = cur[seg]
        if k == len(segs) - 1:
            return v
        if v.WhichOneof("value_type") != "map_value":
            return None
        cur = v.map_value.fields
    return None


def set_field(fields, segs: list[str], value) -> None:
    cur = fields
    for seg in segs[:-1]:
        if seg not in cur or cur[seg].WhichOneof("value_type") != "map_value":
            cur[seg].CopyFrom(Value(map_value=MapValue()))
        cur = cur[seg].map_value.fields
    cur[segs[-1]].CopyFrom(value)


def delete_field(fields, segs: list[str]) -> None:
    cur = fields
    for seg in segs[:-1]:
        if seg not in cur or cur[seg].WhichOneof("value_type") != "map_value":
            return
        cur = cur[seg].map_value.fields
    if segs[-1] in cur:
        del cur[segs[-1]]


def doc_value(doc, path: str):
    if path == NAME:
        return Value(reference_value=doc.name)
    return get_field(doc.fields, parse_field_path(path))


# --- values: Firestore's ordering across types ---------------------------------------------------
TYPE_RANK = {"null_value": 0, "boolean_value": 1, "integer_value": 2, "double_value": 2, "timestamp_value": 3,
         "string_value": 4, "bytes_value": 5, "reference_value": 6, "geo_point_value": 7, "array_value": 8,
         "map_value": 9}


def kind(v) -> str:
    return v.WhichOneof("value_type") or "null_value"


def number(v):
    return v.integer_value if kind(v) == "integer_value" else v.double_value


def compare(a, b) -> int:
    ka, kb = kind(a), kind(b)
    ra, rb = TYPE_RANK.get(ka, 10), TYPE_RANK.get(kb, 10)
    if ra != rb:
        return -1 if ra < rb else 1
    if ra == 2:
        x, y = number(a), number(b)
        xn, yn = isinstance(x, float) and math.isnan(x), isinstance(y, float) and math.isnan(y)
        if xn or yn:
            return 0 if xn and yn else (-1 if xn else 1)
        return (x > y) - (x < y)
    if ka == "null_value":
        return 0
    if ka == "timestamp_value":
        x, y = (a.timestamp_value.seconds, a.timestamp_value.nanos), (b.timestamp_value.seconds, b.timestamp_value.nanos)
    elif ka == "reference_value":
        x, y = name_key(a.reference_value), name_key(b.reference_value)
    elif ka == "geo_point_value":
        x, y = (a.geo_point_value.latitude, a.geo_point_value.longitude), (b.geo_point_value.latitude, b.geo_point_value.longitude)
    elif ka == "array_value":
        for p, q in zip(a.array_value.values, b.array_value.values):
            c = compare(p, q)
            if c:
                return c
        x, y = len(a.array_value.values), len(b.array_value.values)
    elif ka == "map_value":
        ak, bk = sorted(a.map_value.fields), sorted(b.map_value.fields)
        for p, q in zip(ak, bk):
            if p != q:
                return -1 if p < q else 1
            c = compare(a.map_value.fields[p], b.map_value.fields[q])
            if c:
                return c
        x, y = len(ak), len(bk)
    else:
        x, y = getattr(a, ka), getattr(b, kb)
    return (x > y) - (x < y)


def equal(a, b) -> bool:
    if kind(a) == "double_value" and math.isnan(a.double_value):
        return False
    return compare(a, b) == 0


def is_nan(v) -> bool:
    return kind(v) == "double_value" and math.isnan(v.double_value)


# --- filters -----------------------------------------------------------------------------------
def matches(doc, f) -> bool:
    which = f.WhichOneof("filter_type")
    if which == "composite_filter":
        results = (matches(doc, sub) for sub in f.composite_filter.filters)
        return any(results) if f.composite_filter.op == CompOp.OR else all(results)
    if which == "unary_filter":
        v = doc_value(doc, f.unary_filter.field.field_path)
        op = f.unary_filter.op
        if v is None:
            return False
        if op == UnaryOp.IS_NAN:
            return is_nan(v)
        if op == UnaryOp.IS_NULL:
            return kind(v) == "null_value"
        if op == UnaryOp.IS_NOT_NAN:
            return not is_nan(v)
        if op == UnaryOp.IS_NOT_NULL:
            return kind(v) != "null_value"
        raise RpcError(grpc.StatusCode.INVALID_ARGUMENT, f"unary operator {op}")
    if which == "field_filter":
        ff = f.field_filter
        v, want, op = doc_value(doc, ff.field.field_path), ff.value, ff.op
        if v is None:
            return False  # a missing field matches no filter (!= and not-in included)
        if op == FieldOp.EQUAL:
            return equal(v, want)
        if op == FieldOp.NOT_EQUAL:
            return kind(v) != "null_value" and not equal(v, want)
        if op in (FieldOp.LESS_THAN, FieldOp.LESS_THAN_OR_EQUAL, FieldOp.GREATER_THAN,
                  FieldOp.GREATER_THAN_OR_EQUAL):
            if TYPE_RANK.get(kind(v)) != TYPE_RANK.get(kind(want)) or is_nan(v) or is_nan(want):
                return False  # range filters compare within one type only
            c = compare(v, want)
            return {FieldOp.LESS_THAN: c < 0, FieldOp.LESS_THAN_OR_EQUAL: c <= 0, FieldOp.GREATER_THAN: c > 0,
                    FieldOp.GREATER_THAN_OR_EQUAL: c >= 0}[op]
        if op == FieldOp.ARRAY_CONTAINS:
            return kind(v) == "array_value" and any(equal(x, want) for x in v.array_value.values)
        if op == FieldOp.IN:
            return any(equal(v, x) for x in want.array_value.values)
        if op == FieldOp.NOT_IN:
            return kind(v) != "null_value" and not any(equal(v, x) for x in want.array_value.values)
        if op == FieldOp.ARRAY_CONTAINS_ANY:
            return kind(v) == "array_value" and any(
                equal(x, w) for x in v.array_value.values for w in want.array_value.values)
        raise RpcError(grpc.StatusCode.INVALID_ARGUMENT, f"field operator {op}")
    return True


def inequality_fields(f, out: list[str]) -> list[str]:
    which = f.WhichOneof("filter_type")
    if which == "composite_filter":
        for sub in f.composite_filter.filters:
            inequality_fields(sub, out)
    elif which == "field_filter" and f.field_filter.op in (
            FieldOp.LESS_THAN, FieldOp.LESS_THAN_OR_EQUAL, FieldOp.GREATER_THAN, FieldOp.GREATER_THAN_OR_EQUAL,
            FieldOp.NOT_EQUAL, FieldOp.NOT_IN):
        if f.field_filter.field.field_path not in out:
            out.append(f.field_filter.field.field_path)
    elif which == "unary_filter" and f.unary_filter.op in (UnaryOp.IS_NOT_NAN, UnaryOp.IS_NOT_NULL):
        if f.unary_filter.field.field_path not in out:
            out.append(f.unary_filter.field.field_path)
    return out
