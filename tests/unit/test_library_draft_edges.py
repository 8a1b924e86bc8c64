"""Token ids and names in the draft library, pinned: an id is stored in every user's library and in
their exports, so a change to how it is made would orphan tokens. The values were printed by
shared.library.draft.token_id on 2026-12-07 (a color id is `col_` + the first 20 hex digits of
SHA-256("<project>\\n<hex>"), the seed colors had before tokens were typed)."""
from __future__ import annotations

import hashlib

from shared.domain.tokens import TokenType
from shared.library.draft import token_id


def test_a_color_id_is_the_one_stored_libraries_already_hold():
    tid = token_id("proj-1", TokenType.COLOR, "#2563EB")
    assert tid == "col_bef12579a5d02b18c836"
    assert tid == "col_" + hashlib.sha256(b"proj-1\n#2563EB").hexdigest()[:20]


def test_a_taken_id_is_re_salted_once_and_other_types_carry_their_type_in_the_seed():
    assert token_id("proj-1", TokenType.COLOR, "#2563EB", taken={"col_bef12579a5d02b18c836"}) == \
        "col_5b47b3b3e4d2c5a60462"
    assert token_id("proj-1", TokenType.DIMENSION, "16") == "dim_a9ef785eb7bd8d1f0563"


def test_a_taken_name_gets_2_then_3_ignoring_case():
    from shared.library.draft import Draft

    d = Draft.of("proj-1", [])
    d.names = {"Ocean Blue"}
    assert d.take_name("ocean blue") == "ocean blue 2"
    assert d.take_name("Ocean Blue") == "Ocean Blue 3"
    assert d.take_name("Sand") == "Sand"


def test_add_unique_appends_a_new_value_once_and_never_an_empty_one():
    from shared.library.draft import add_unique

    assert add_unique(["job-1"], "job-2") == ["job-1", "job-2"]
    assert add_unique(["job-1"], "job-1") == ["job-1"]
    assert add_unique(["job-1"], None) == ["job-1"] and add_unique(["job-1"], "") == ["job-1"]
