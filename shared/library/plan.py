"""One image's extraction merged into a project's library, every token type by its own rule.

Pure: it takes tokens and returns tokens; the caller reads and writes Firestore (one batch for
`MergePlan.upserts`) and stamps createdAt/updatedAt, which are left untouched here so that a plan is
deterministic.
"""
from __future__ import annotations

from collections.abc import Sequence

from shared.domain.base import Model
from shared.domain.models import PaletteColor
from shared.domain.tokens import Token
from shared.domain.layout import LayoutResult
from shared.domain.typography import TypographyResult
from shared.library import colors, layout, typography
from shared.library.color_names import DEFAULT_STYLE, name_colors
from shared.library.draft import Draft


class MergePlan(Model):
    upserts: list[Token]  # created or changed tokens only, sorted by id
    created: list[str]  # ids
    updated: list[str]  # ids
    # candidate -> id of the token it landed in (new or existing): an incoming color's hex, or
    # `fontFamily:<key>`, `fontWeight:<w>`, `typography:<style index>`
    matches: dict[str, str]

    @property
    def token_ids(self) -> list[str]:
        """The job's tokens, colors in the incoming palette's order first, without repeats."""
        return list(dict.fromkeys(self.matches.values()))


def assign_library_roles(tokens: Sequence[Token], color_names: str = DEFAULT_STYLE) -> list[Token]:
    """Every token's role re-derived from library-wide evidence, per type (locked roles kept), the
    color tokens named in `color_names` style and the scale tokens by their place in their scale
    (locked names kept)."""
    with_roles = name_colors(colors.assign_library_roles(tokens), color_names)
    return layout.name_layout(typography.assign_text_roles(with_roles))


def plan_merge(
    existing: Sequence[Token],
    incoming: Sequence[PaletteColor],
    *,
    project_id: str,
    job_id: str,
    image_sha256: str,
    typography_result: TypographyResult | None = None,
    layout_result: LayoutResult | None = None,
    color_names: str = DEFAULT_STYLE,
) -> MergePlan:
    """Merge one image's palette (and text styles, spacing, radii, shadows) into the library. Same job
    twice → the second plan is empty."""
    merged_before = [t for t in existing if job_id in t.provenance.job_ids]
    if merged_before:
        # A job's tokens are written in one atomic batch, so any trace of it means it is all there.
        # Re-matching instead could land a value on a token this job itself created (order matters).
        matches = {**colors.rematch(merged_before, incoming), **typography.rematch(merged_before, typography_result),
                   **layout.rematch(merged_before, layout_result)}
        return MergePlan(upserts=[], created=[], updated=[], matches=matches)
    originals = {t.id: t for t in existing}
    draft = Draft.of(project_id, existing)
    matches = colors.merge_palette(draft, incoming, job_id=job_id, image_sha256=image_sha256)
    matches.update(typography.merge_typography(draft, typography_result, job_id=job_id, image_sha256=image_sha256))
    matches.update(layout.merge_layout(draft, layout_result, job_id=job_id, image_sha256=image_sha256))
    final = {t.id: t for t in assign_library_roles(list(draft.tokens.values()), color_names)}
    changed = [tid for tid, t in final.items() if tid in originals and t != originals[tid]]
    upserts = sorted((final[i] for i in [*draft.created, *changed]), key=lambda t: t.id)
    return MergePlan(upserts=upserts, created=sorted(draft.created), updated=sorted(changed), matches=matches)
