"""A project's library of typed tokens: the merge of each image's extraction (one rule per token
type), roles across the library, and the owner's edits. Pure functions; the caller does the I/O.

    plan.py        the merge of one image into the library (MergePlan)
    draft.py       the library while a merge is planned: ids and names unique across types
    rules.py       when two measured values are the same token (tolerances per type)
    colors.py      colors: ΔE2000 merge, color roles, tonal scales and schemes
    typography.py  text styles → fontFamily, fontWeight and typography tokens; text roles
    edits.py       roles set by hand, per type

Kept free of imports: an edit that needs only `edits` does not load the color science.
"""
