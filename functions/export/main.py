"""export (HTTPS): GET ?projectId=…&format=dtcg|css… → the project's library as a file, for its owner."""
from __future__ import annotations

from pydantic import BaseModel, Field

from shared import http
from shared.bootstrap import container
from shared.domain.ids import Id
from shared.entry import http_function, serve, signed_in_user
from shared.services import export as svc


class ExportQuery(BaseModel):
    projectId: Id
    format: str = Field(default="dtcg", pattern=r"^[a-z0-9-]{1,16}$")


def _handle(request):
    c = container()
    uid = signed_in_user(request, "export")
    q = http.validate(ExportQuery, http.query_params(request))
    rendered, etag = svc.export(svc.ExportDeps(projects=c.projects, tokens=c.tokens, clock=c.clock),
                                uid, q.projectId, q.format)
    headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
    # werkzeug's parsed header: weak comparison (RFC 9110 13.1.2), W/"…" tags, lists and *.
    if request.if_none_match.contains_weak(etag.strip('"')):
        return "", 304, headers
    return rendered.body, 200, {**headers, "Content-Type": rendered.content_type,
                                "Content-Disposition": f'attachment; filename="{rendered.filename}"'}


@http_function
def export(request):
    return serve(request, _handle, methods=("GET",))
