"""The compact answer: rows [index, name, role, usage, confidence 0-10] validated and mapped to AiColor."""
from __future__ import annotations

import pytest

from shared.extraction.ai.schema import (AiColor, compact_json_schema, json_schema, schema_for,
                                         validate_payload)


def test_compact_rows_map_to_ai_colors():
    p = validate_payload({"l": [[1, " Paper  White ", "background", "page background", 9],
                                [2, "Brand Blue", "primary", "", 10], [3, "Ink", "text", "text", 7.0]]},
                         12, "compact")
    assert [c.index for c in p.colors] == [1, 2, 3] and all(c.hex is None for c in p.colors)
    assert p.colors[0].name == "Paper White" and p.colors[0].confidence == 0.9
    assert p.colors[1].confidence == 1.0 and p.colors[1].usage == "" and p.colors[2].confidence == 0.7


@pytest.mark.parametrize("row,where", [
    (["1", "A", "primary", "x", 5], "l.0.i"),
    ([1, "", "primary", "x", 5], "l.0.n"),
    ([1, "A", "hero", "x", 5], "l.0.r"),
    ([1, "A", "primary", "x", 17], "l.0.c"),
    ([1, "A", "primary", "x", 0.5], "l.0.c"),
    ([1, "A", "primary", "x"], "l.0"),
    ([0, "A", "primary", "x", 5], "l.0.i"),
    ([1, "A", "primary", "a very long usage phrase beyond limits", 5], "l.0.u"),
])
def test_compact_rows_reject_violations_with_a_location(row, where):
    with pytest.raises(ValueError) as ei:
        validate_payload({"l": [row]}, 12, "compact")
    assert where in str(ei.value)


def test_compact_rejects_the_full_shape_and_vice_versa():
    with pytest.raises(ValueError):
        validate_payload({"colors": [{"hex": "#112233", "name": "a", "role": "text", "confidence": 1}]}, 12, "compact")
    with pytest.raises(ValueError):
        validate_payload({"l": [[1, "A", "primary", "x", 5]]}, 12, "full")
    with pytest.raises(ValueError):
        validate_payload({"l": [[1, "A", "primary", "x", 5]] * 30}, 12, "compact")  # > 2 x max_colors


def test_schemas_are_strict_subset_and_selected_by_format():
    s = compact_json_schema()
    assert s["additionalProperties"] is False and s["required"] == ["l"]
    assert "prefixItems" not in str(s)  # not in OpenAI strict mode's subset
    assert schema_for("compact") == s and schema_for("full") == json_schema()


def test_ai_color_needs_hex_or_index():
    with pytest.raises(ValueError):
        AiColor(name="a", role="text", confidence=1)
    assert AiColor(index=2, name="a", role="text", confidence=1).hex is None
