"""A Firestore stand-in for machines without Google's emulator (the google-cloud-cli JAR).

It speaks the real gRPC API (`google.firestore.v1.Firestore`, with the client package's own message
types) and implements what our code relies on, with Firestore's semantics:

- transactions: optimistic, serializable. Every document a read-write transaction read (and every
  query it ran) is checked again at commit; if any changed since, the commit fails with ABORTED, so
  the client retries and no update is lost. A commit (transactional or not) is atomic.
- writes: set / merge / update masks (a field in the mask but absent from the data is deleted:
  `DELETE_FIELD`), transforms (server time, increment, maximum, minimum, array union/remove),
  preconditions (`exists` → NOT_FOUND / ALREADY_EXISTS, `update_time` → FAILED_PRECONDITION).
- queries: field/unary/composite (AND, OR) filters with Firestore's cross-type value ordering,
  order by (with the implicit inequality and `__name__` orders), cursors, offset, limit,
  projections, collection groups and `recursive()` (what `recursive_delete` runs); count, sum, avg.
- ListCollectionIds, ListDocuments, BatchWrite, Get/Create/Update/DeleteDocument.

Not implemented (UNIMPLEMENTED, logged): Listen (real-time listeners; the web client's Firestore
channel is not gRPC either), Write streams, PartitionQuery, pipelines, security rules, read_time
reads (answered with current data; nothing of ours reads in the past), indexes (any query runs).

    python -m shared.localstack.firestore_server --port 8700
"""
from __future__ import annotations

import argparse
import functools
import itertools
import json
import math
import threading
import time
from concurrent import futures

import grpc
from google.cloud.firestore_v1.types import aggregation_result, common, document, firestore as fs, write
from google.protobuf import empty_pb2, timestamp_pb2
from google.rpc import status_pb2

from shared.localstack.firestore_values import (
    NAME, SQ, TYPE_RANK, ArrayValue, Doc, RpcError, Value, check_doc_name, compare, db_root, delete_field, doc_value,
    equal, get_field, inequality_fields, kind, matches, name_key, number, parse_field_path, set_field, split_doc,
)

SERVICE = "google.firestore.v1.Firestore"
Direction = SQ.Direction
ServerValue = write.DocumentTransform.FieldTransform.pb().ServerValue


def log(severity: str, message: str, **fields) -> None:
    print(json.dumps({"severity": severity, "component": "firestore-standin", "message": message, **fields}),
          flush=True)


# --- the store -----------------------------------------------------------------------------------
class Tx:
    def __init__(self, read_only: bool) -> None:
        self.read_only = read_only
        self.reads: dict[str, tuple] = {}  # doc name -> its version when read (None: absent)
        self.queries: list[tuple] = []     # (parent, structured query, result signature)


def _version(doc):
    return None if doc is None else (doc.update_time.seconds, doc.update_time.nanos)


class Store:
    def __init__(self) -> None:
        self.docs: dict[str, object] = {}
        self.txs: dict[bytes, Tx] = {}
        self.lock = threading.RLock()
        self._tx_ids = itertools.count(1)
        self._last_ns = 0

    def now(self) -> timestamp_pb2.Timestamp:
        ns = max(time.time_ns() // 1000 * 1000, self._last_ns + 1000)  # strictly increasing, µs precision
        self._last_ns = ns
        ts = timestamp_pb2.Timestamp()
        ts.FromNanoseconds(ns)
        return ts

    # --- transactions -------------------------------------------------------------------------
    def begin(self, options) -> bytes:
        with self.lock:
            tx_id = f"tx-{next(self._tx_ids)}".encode()
            self.txs[tx_id] = Tx(read_only=options is not None and options.HasField("read_only"))
            return tx_id

    def tx(self, tx_id: bytes) -> Tx:
        tx = self.txs.get(tx_id)
        if tx is None:
            raise RpcError(grpc.StatusCode.INVALID_ARGUMENT, "transaction is invalid or has expired")
        return tx

    def rollback(self, tx_id: bytes) -> None:
        with self.lock:
            self.txs.pop(tx_id, None)

    # --- reads ----------------------------------------------------------------------------------
    def get(self, name: str, tx: Tx | None):
        doc = self.docs.get(name)
        if tx is not None and not tx.read_only:
            tx.reads.setdefault(name, _version(doc))
        return doc

    def run_query(self, parent: str, q, tx: Tx | None) -> list:
        docs = self._query(parent, q)
        if tx is not None and not tx.read_only:
            tx.queries.append((parent, q, [(d.name, _version(d)) for d in docs]))
            for d in docs:
                tx.reads.setdefault(d.name, _version(d))
        return docs

    def _query(self, parent: str, q) -> list:
        root = db_root(parent)
        if len(q.from_) != 1:
            raise RpcError(grpc.StatusCode.INVALID_ARGUMENT, "a query needs exactly one collection selector")
        sel = q.from_[0]
        candidates = []
        for name, doc in self.docs.items():
            if not name.startswith(parent + "/") or name == parent:
                continue
            doc_parent, coll, _ = split_doc(name, root)
            if sel.all_descendants:
                if sel.collection_id and coll != sel.collection_id:
                    continue
            elif doc_parent != parent or coll != sel.collection_id:
                continue
            candidates.append(doc)
        if q.HasField("where"):
            candidates = [d for d in candidates if matches(d, q.where)]
        orders = [(o.field.field_path, o.direction == Direction.DESCENDING) for o in q.order_by]
        explicit = {p for p, _ in orders}
        for path in (inequality_fields(q.where, []) if q.HasField("where") else []):
            if path not in explicit:
                orders.append((path, False))
        if NAME not in {p for p, _ in orders}:
            orders.append((NAME, orders[-1][1] if orders else False))
        candidates = [d for d in candidates if all(doc_value(d, p) is not None for p, _ in orders)]

        def cmp_docs(a, b) -> int:
            for path, desc in orders:
                c = compare(doc_value(a, path), doc_value(b, path))
                if c:
                    return -c if desc else c
            return 0

        candidates.sort(key=functools.cmp_to_key(cmp_docs))

        def cmp_cursor(d, cursor) -> int:
            for (path, desc), v in zip(orders, cursor.values):
                c = compare(doc_value(d, path), v)
                if c:
                    return -c if desc else c
            return 0

        if q.HasField("start_at"):
            candidates = [d for d in candidates if (c := cmp_cursor(d, q.start_at)) > 0 or (c == 0 and q.start_at.before)]
        if q.HasField("end_at"):
            candidates = [d for d in candidates if (c := cmp_cursor(d, q.end_at)) < 0 or (c == 0 and not q.end_at.before)]
        candidates = candidates[q.offset:]
        if q.HasField("limit"):
            candidates = candidates[:q.limit.value]
        if q.HasField("select"):
            paths = [f.field_path for f in q.select.fields if f.field_path != NAME]
            projected = []
            for d in candidates:
                p = Doc(name=d.name, create_time=d.create_time, update_time=d.update_time)
                for path in paths:
                    v = get_field(d.fields, parse_field_path(path))
                    if v is not None:
                        set_field(p.fields, parse_field_path(path), v)
                projected.append(p)
            candidates = projected
        return candidates

    def aggregate(self, parent: str, saq, tx: Tx | None) -> dict:
        docs = self.run_query(parent, saq.structured_query, tx)
        # Firestore counts, sums and averages only the documents that have every field a sum or avg
        # of the same request names (a count beside sum(usd) skips documents without usd).
        fields = [a.sum.field.field_path if a.WhichOneof("operator") == "sum" else a.avg.field.field_path
                  for a in saq.aggregations if a.WhichOneof("operator") in ("sum", "avg")]
        docs = [d for d in docs if all(doc_value(d, f) is not None for f in fields)]
        out = {}
        for agg in saq.aggregations:
            which = agg.WhichOneof("operator")
            alias = agg.alias or f"field_{len(out) + 1}"
            if which == "count":
                n = len(docs)
                if agg.count.HasField("up_to"):
                    n = min(n, agg.count.up_to.value)
                out[alias] = Value(integer_value=n)
                continue
            path = agg.sum.field.field_path if which == "sum" else agg.avg.field.field_path
            nums = [v for v in (doc_value(d, path) for d in docs) if v is not None and TYPE_RANK.get(kind(v)) == 2]
            if which == "sum":
                if all(kind(v) == "integer_value" for v in nums) and abs(s := sum(v.integer_value for v in nums)) < 2**63:
                    out[alias] = Value(integer_value=s)
                else:
                    out[alias] = Value(double_value=float(math.fsum(float(number(v)) for v in nums)))
            else:
                out[alias] = (Value(double_value=math.fsum(float(number(v)) for v in nums) / len(nums)) if nums
                              else Value(null_value=0))
        return out

    # --- writes ------------------------------------------------------------------------------
    def commit(self, writes, tx_id: bytes | None) -> tuple[list, timestamp_pb2.Timestamp]:
        with self.lock:
            if tx_id:
                tx = self.tx(tx_id)
                del self.txs[tx_id]
                if tx.read_only and writes:
                    raise RpcError(grpc.StatusCode.INVALID_ARGUMENT, "a read-only transaction cannot write")
                for name, version in tx.reads.items():
                    if _version(self.docs.get(name)) != version:
                        raise RpcError(grpc.StatusCode.ABORTED,
                                       f"transaction aborted: {name} changed since the transaction read it")
                for parent, q, signature in tx.queries:
                    if [(d.name, _version(d)) for d in self._query(parent, q)] != signature:
                        raise RpcError(grpc.StatusCode.ABORTED,
                                       "transaction aborted: a query's results changed since the transaction ran it")
            now = self.now()
            staged: dict[str, object] = {}
            results = [self._apply(w, staged, now) for w in writes]
            for name, doc in staged.items():
                if doc is None:
                    self.docs.pop(name, None)
                else:
                    self.docs[name] = doc
            return results, now

    def _apply(self, w, staged: dict, now):
        op = w.WhichOneof("operation")
        name = w.update.name if op == "update" else w.delete if op == "delete" else w.transform.document
        check_doc_name(name)
        cur = staged[name] if name in staged else self.docs.get(name)
        if w.HasField("current_document"):
            pre = w.current_document
            which = pre.WhichOneof("condition_type")
            if which == "exists" and pre.exists and cur is None:
                raise RpcError(grpc.StatusCode.NOT_FOUND, f"no document to update: {name}")
            if which == "exists" and not pre.exists and cur is not None:
                raise RpcError(grpc.StatusCode.ALREADY_EXISTS, f"document already exists: {name}")
            if which == "update_time" and (cur is None or _version(cur) != (pre.update_time.seconds,
                                                                            pre.update_time.nanos)):
                raise RpcError(grpc.StatusCode.FAILED_PRECONDITION,
                               f"the document's update time is not the precondition's: {name}")
        result = write.WriteResult.pb()()
        if op == "delete":
            staged[name] = None
            result.update_time.CopyFrom(now)
            return result
        if op == "update":
            new = Doc(name=name)
            if w.HasField("update_mask"):
                if cur is not None:
                    new.fields.MergeFrom(cur.fields)
                for path in w.update_mask.field_paths:
                    segs = parse_field_path(path)
                    v = get_field(w.update.fields, segs)
                    if v is None:
                        delete_field(new.fields, segs)  # in the mask, not in the data: DELETE_FIELD
                    else:
                        set_field(new.fields, segs, v)
            else:
                new.fields.MergeFrom(w.update.fields)
            transforms = w.update_transforms
        else:  # the deprecated transform-only write
            new = Doc(name=name)
            if cur is not None:
                new.fields.MergeFrom(cur.fields)
            transforms = w.transform.field_transforms
        for t in transforms:
            result.transform_results.append(self._transform(new.fields, t, now))
        if cur is not None and cur.fields == new.fields:
            new.CopyFrom(cur)  # a write that changes nothing keeps the document's update time
        else:
            new.create_time.CopyFrom(cur.create_time if cur is not None else now)
            new.update_time.CopyFrom(now)
        staged[name] = new
        result.update_time.CopyFrom(new.update_time)
        return result

    @staticmethod
    def _transform(fields, t, now):
        segs = parse_field_path(t.field_path)
        cur = get_field(fields, segs)
        which = t.WhichOneof("transform_type")
        if which == "set_to_server_value":
            if t.set_to_server_value != ServerValue.REQUEST_TIME:
                raise RpcError(grpc.StatusCode.INVALID_ARGUMENT, "unknown server value")
            new = Value(timestamp_value=now)
        elif which in ("increment", "maximum", "minimum"):
            operand = getattr(t, which)
            if cur is None or TYPE_RANK.get(kind(cur)) != 2:
                new = operand  # a missing or non-numeric field takes the operand
            elif which == "increment":
                if kind(cur) == "integer_value" and kind(operand) == "integer_value":
                    s = cur.integer_value + operand.integer_value
                    s = max(min(s, 2**63 - 1), -2**63)  # Firestore saturates integer overflow
                    new = Value(integer_value=s)
                else:
                    new = Value(double_value=float(number(cur)) + float(number(operand)))
            else:
                c = compare(cur, operand)
                keep_cur = c >= 0 if which == "maximum" else c <= 0
                new = cur if keep_cur else operand
        elif which == "append_missing_elements":
            items = list(cur.array_value.values) if cur is not None and kind(cur) == "array_value" else []
            for x in t.append_missing_elements.values:
                if not any(equal(x, y) for y in items):
                    items.append(x)
            new = Value(array_value=ArrayValue(values=items))
        elif which == "remove_all_from_array":
            items = list(cur.array_value.values) if cur is not None and kind(cur) == "array_value" else []
            items = [y for y in items if not any(equal(x, y) for x in t.remove_all_from_array.values)]
            new = Value(array_value=ArrayValue(values=items))
        else:
            raise RpcError(grpc.StatusCode.INVALID_ARGUMENT, f"unknown transform {which}")
        new_copy = Value()
        new_copy.CopyFrom(new)
        set_field(fields, segs, new_copy)
        return new_copy

    # --- listings -----------------------------------------------------------------------------
    def collection_ids(self, parent: str) -> list[str]:
        """The collections directly under `parent` (the database root or a document) that hold documents."""
        db_root(parent)
        return sorted({name[len(parent) + 1:].split("/", 1)[0] for name in self.docs
                       if name.startswith(parent + "/")})


class FirestoreStandIn:
    def __init__(self) -> None:
        self.store = Store()

    def _read_tx(self, req):
        """The transaction a read belongs to (creating one for `new_transaction`), and its new id."""
        which = req.WhichOneof("consistency_selector")
        if which == "transaction":
            return self.store.tx(req.transaction), None
        if which == "new_transaction":
            tx_id = self.store.begin(req.new_transaction)
            return self.store.tx(tx_id), tx_id
        return None, None

    def BatchGetDocuments(self, req, ctx):  # noqa: N802
        with self.store.lock:
            tx, new_id = self._read_tx(req)
            read_time = self.store.now()
            out = []
            for name in req.documents:
                check_doc_name(name)
                doc = self.store.get(name, tx)
                resp = fs.BatchGetDocumentsResponse.pb()(read_time=read_time)
                if doc is None:
                    resp.missing = name
                else:
                    resp.found.CopyFrom(_masked(doc, req.mask) if req.HasField("mask") else doc)
                out.append(resp)
            if new_id and out:
                out[0].transaction = new_id
        yield from out

    def GetDocument(self, req, ctx):  # noqa: N802
        check_doc_name(req.name)
        with self.store.lock:
            tx = self.store.tx(req.transaction) if req.WhichOneof("consistency_selector") == "transaction" else None
            doc = self.store.get(req.name, tx)
        if doc is None:
            raise RpcError(grpc.StatusCode.NOT_FOUND, f"no document {req.name}")
        return _masked(doc, req.mask) if req.HasField("mask") else doc

    def BeginTransaction(self, req, ctx):  # noqa: N802
        return fs.BeginTransactionResponse.pb()(
            transaction=self.store.begin(req.options if req.HasField("options") else None))

    def Rollback(self, req, ctx):  # noqa: N802
        self.store.rollback(req.transaction)
        return empty_pb2.Empty()

    def Commit(self, req, ctx):  # noqa: N802
        results, commit_time = self.store.commit(req.writes, req.transaction or None)
        return fs.CommitResponse.pb()(write_results=results, commit_time=commit_time)

    def BatchWrite(self, req, ctx):  # noqa: N802
        """Each write on its own (BatchWrite is not atomic): one status per write."""
        results, statuses = [], []
        for w in req.writes:
            try:
                (res,), _ = self.store.commit([w], None)
                results.append(res)
                statuses.append(status_pb2.Status(code=0))
            except RpcError as err:
                results.append(write.WriteResult.pb()())
                statuses.append(status_pb2.Status(code=err.code.value[0], message=err.message))
        return fs.BatchWriteResponse.pb()(write_results=results, status=statuses)

    def CreateDocument(self, req, ctx):  # noqa: N802
        doc_id = req.document_id or f"auto{time.time_ns()}"
        name = f"{req.parent}/{req.collection_id}/{doc_id}"
        doc = Doc()
        doc.CopyFrom(req.document)
        doc.name = name
        self.store.commit([write.Write.pb()(update=doc, current_document=common.Precondition.pb()(exists=False))],
                          None)
        return self.store.docs[name]

    def UpdateDocument(self, req, ctx):  # noqa: N802
        w = write.Write.pb()(update=req.document)
        if req.HasField("update_mask"):
            w.update_mask.CopyFrom(req.update_mask)
        if req.HasField("current_document"):
            w.current_document.CopyFrom(req.current_document)
        self.store.commit([w], None)
        return self.store.docs[req.document.name]

    def DeleteDocument(self, req, ctx):  # noqa: N802
        w = write.Write.pb()(delete=req.name)
        if req.HasField("current_document"):
            w.current_document.CopyFrom(req.current_document)
        self.store.commit([w], None)
        return empty_pb2.Empty()

    def RunQuery(self, req, ctx):  # noqa: N802
        with self.store.lock:
            tx, new_id = self._read_tx(req)
            docs = self.store.run_query(req.parent, req.structured_query, tx)
            read_time = self.store.now()
        if not docs:
            resp = fs.RunQueryResponse.pb()(read_time=read_time, done=True)
            if new_id:
                resp.transaction = new_id
            yield resp
            return
        for i, d in enumerate(docs):
            resp = fs.RunQueryResponse.pb()(document=d, read_time=read_time)
            if i == 0 and new_id:
                resp.transaction = new_id
            yield resp

    def RunAggregationQuery(self, req, ctx):  # noqa: N802
        with self.store.lock:
            tx, new_id = self._read_tx(req)
            fields = self.store.aggregate(req.parent, req.structured_aggregation_query, tx)
            read_time = self.store.now()
        result = aggregation_result.AggregationResult.pb()()
        for k, v in fields.items():
            result.aggregate_fields[k].CopyFrom(v)
        resp = fs.RunAggregationQueryResponse.pb()(result=result, read_time=read_time)
        if new_id:
            resp.transaction = new_id
        yield resp

    def ListCollectionIds(self, req, ctx):  # noqa: N802
        with self.store.lock:
            ids = self.store.collection_ids(req.parent)
        start = int(req.page_token or 0)
        size = req.page_size or len(ids) or 1
        page = ids[start:start + size]
        token = str(start + size) if start + size < len(ids) else ""
        return fs.ListCollectionIdsResponse.pb()(collection_ids=page, next_page_token=token)

    def ListDocuments(self, req, ctx):  # noqa: N802
        db_root(req.parent)
        prefix = f"{req.parent}/{req.collection_id}/"
        with self.store.lock:
            names = set()
            for name in self.store.docs:
                if name.startswith(prefix):
                    rest = name[len(prefix):].split("/")
                    if len(rest) == 1 or req.show_missing:
                        names.add(prefix + rest[0])
            ordered = sorted(names, key=name_key)
            start = int(req.page_token or 0)
            size = req.page_size or len(ordered) or 1
            docs = []
            for name in ordered[start:start + size]:
                doc = self.store.docs.get(name)
                if doc is None:
                    docs.append(Doc(name=name))  # a "missing" document: it only has subcollections
                else:
                    docs.append(_masked(doc, req.mask) if req.HasField("mask") else doc)
        token = str(start + size) if start + size < len(ordered) else ""
        return fs.ListDocumentsResponse.pb()(documents=docs, next_page_token=token)


def _masked(doc, mask):
    out = Doc(name=doc.name, create_time=doc.create_time, update_time=doc.update_time)
    for path in mask.field_paths:
        v = get_field(doc.fields, parse_field_path(path))
        if v is not None:
            set_field(out.fields, parse_field_path(path), v)
    return out


_METHODS = {
    "GetDocument": ("uu", fs.GetDocumentRequest, document.Document),
    "ListDocuments": ("uu", fs.ListDocumentsRequest, fs.ListDocumentsResponse),
    "CreateDocument": ("uu", fs.CreateDocumentRequest, document.Document),
    "UpdateDocument": ("uu", fs.UpdateDocumentRequest, document.Document),
    "DeleteDocument": ("uu", fs.DeleteDocumentRequest, None),
    "BatchGetDocuments": ("us", fs.BatchGetDocumentsRequest, fs.BatchGetDocumentsResponse),
    "BeginTransaction": ("uu", fs.BeginTransactionRequest, fs.BeginTransactionResponse),
    "Commit": ("uu", fs.CommitRequest, fs.CommitResponse),
    "Rollback": ("uu", fs.RollbackRequest, None),
    "RunQuery": ("us", fs.RunQueryRequest, fs.RunQueryResponse),
    "RunAggregationQuery": ("us", fs.RunAggregationQueryRequest, fs.RunAggregationQueryResponse),
    "ListCollectionIds": ("uu", fs.ListCollectionIdsRequest, fs.ListCollectionIdsResponse),
    "BatchWrite": ("uu", fs.BatchWriteRequest, fs.BatchWriteResponse),
}


def _wrap_unary(fn):
    def handler(req, ctx):
        try:
            return fn(req, ctx)
        except RpcError as err:
            ctx.abort(err.code, err.message)
    return handler


def _wrap_stream(fn):
    def handler(req, ctx):
        try:
            yield from fn(req, ctx)
        except RpcError as err:
            ctx.abort(err.code, err.message)
    return handler


class _Handler(grpc.GenericRpcHandler):
    def __init__(self, impl: FirestoreStandIn) -> None:
        self._handlers = {}
        for name, (shape, req, resp) in _METHODS.items():
            ser = (resp.pb().SerializeToString if resp is not None else empty_pb2.Empty.SerializeToString)
            make = grpc.unary_unary_rpc_method_handler if shape == "uu" else grpc.unary_stream_rpc_method_handler
            wrap = _wrap_unary if shape == "uu" else _wrap_stream
            self._handlers[f"/{SERVICE}/{name}"] = make(wrap(getattr(impl, name)),
                                                        request_deserializer=req.pb().FromString,
                                                        response_serializer=ser)

    def service(self, details):
        handler = self._handlers.get(details.method)
        if handler is None:
            log("WARNING", "unimplemented method called", method=details.method)
        return handler


def serve(port: int) -> tuple[grpc.Server, int]:
    """Start serving on 127.0.0.1:port (0: any free port); returns the server and its port."""
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=32))
    server.add_generic_rpc_handlers((_Handler(FirestoreStandIn()),))
    bound = server.add_insecure_port(f"127.0.0.1:{port}")
    server.start()
    return server, bound


def main() -> None:
    parser = argparse.ArgumentParser(description="Firestore stand-in (gRPC, in memory)")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    server, _ = serve(args.port)
    log("WARNING", f"Firestore STAND-IN (not Google's emulator) on 127.0.0.1:{args.port}: in memory, "
        "no security rules, no listeners")
    server.wait_for_termination()


if __name__ == "__main__":
    main()
