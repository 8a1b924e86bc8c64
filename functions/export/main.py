"""export (HTTPS): a project's library as a file, or a check job's drift report, for its owner.

GET ?projectId=…&format=dtcg|css|… → the library (shared/exporters).
GET ?jobId=…&format=html|png|json → the drift report of a check job (`upload` with purpose "check"):
  the screenshot with the off-token regions outlined and the findings (html), the overlay alone
  (png), or the report as stored on the job (json).
Both are renderings the web app downloads: one function, one auth, rate limit, ETag and
Content-Disposition; reports are not a second public endpoint to deploy and secure.
"""
from __future__ import annotations

from pydantic import BaseModel, Field, model_validator

from shared import http
from shared.bootstrap import container
from shared.domain.errors import InvalidRequest
from shared.domain.ids import Id
from shared.entry import http_function, serve, signed_in_user
from shared.services import export as svc


class ExportQuery(BaseModel):
    projectId: Id | None = None
    jobId: Id | None = None
    format: str | None = Field(default=None, pattern=r"^[a-z0-9-]{1,16}$")

    @model_validator(mode="after")
    def _one(self) -> "ExportQuery":
        if (self.projectId is None) == (self.jobId is None):
            raise InvalidRequest("give projectId (a library export) or jobId (a check's report)", code="invalid_request")
        return self


def _handle(request):
    c = container()
    uid = signed_in_user(request, "export")
    q = http.validate(ExportQuery, http.query_params(request))
    if q.jobId is not None:
        from shared.services import report

        rendered = report.report(report.ReportDeps(settings=c.settings, jobs=c.jobs, objects=c.objects), uid,
                                 q.jobId, q.format or "html")
        etag = rendered.etag
    else:
        rendered, etag = svc.export(svc.ExportDeps(projects=c.projects, tokens=c.tokens, clock=c.clock),
                                    uid, q.projectId, q.format or "dtcg")
    headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
    # werkzeug's parsed header: weak comparison (RFC 9110 13.1.2), W/"…" tags, lists and *.
    if request.if_none_match.contains_weak(etag.strip('"')):
        return "", 304, headers
    return rendered.body, 200, {**headers, "Content-Type": rendered.content_type,
                                "Content-Disposition": f'attachment; filename="{rendered.filename}"'}


@http_function
def export(request):
    return serve(request, _handle, methods=("GET",))
