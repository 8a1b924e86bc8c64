"""Typography in the library at its edges (shared/library/typography.py): weight names by the CSS
font-weight keywords (100 Thin … 900 Black), evidence capped at the first 8 images and 12 boxes
each, and the role claims of later images (the larger share takes the role; an AI role is kept)."""
from __future__ import annotations

import pytest

from shared.domain.tokens import Box, TokenType
from shared.domain.typography import TextStyle, TypographyResult
from shared.library.plan import plan_merge
from shared.library.typography import weight_name

P = "proj-te"


def _style(size, weight=400, lh=1.5, role=None, share=0.1, cls="sans-serif", family=None, boxes=1,
           source="pixels", confidence=None):
    return TextStyle(font_size=size, font_weight=weight, line_height=lh, role=role, share=share, family_class=cls,
                     family=family, lines=boxes, color="#111827", source=source,
                     confidence={"fontSize": 0.9, "fontWeight": 0.8, "family": 0.7} if confidence is None
                     else confidence,
                     boxes=[Box(x=10, y=20 * i, w=300, h=int(size)) for i in range(boxes)])


def _merge(existing, styles, job, image):
    return plan_merge(existing, [], project_id=P, job_id=job, image_sha256=image,
                      typography_result=TypographyResult(styles=styles))


def _apply(lib, changed):
    by_id = {t.id: t for t in lib}
    by_id.update({t.id: t for t in changed})
    return list(by_id.values())


@pytest.mark.parametrize("weight,name", [
    (100, "Thin"), (200, "Extra Light"), (300, "Light"), (400, "Regular"), (500, "Medium"),
    (600, "Semibold"), (700, "Bold"), (800, "Extra Bold"), (900, "Black"), (450, "Weight 450"),
])
def test_a_weight_is_named_by_its_css_keyword(weight, name):
    assert weight_name(weight) == name
    plan = _merge([], [_style(16, weight)], "j1", "img-1")
    [w] = [t for t in plan.upserts if t.type is TokenType.FONT_WEIGHT]
    assert (w.name, w.value.value) == (name, weight)
