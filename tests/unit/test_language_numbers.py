"""Numbers in sentences written as the language of the moment writes them, and the evidence's
own limits said with them: English as it always was (12,345), German with its own grouping."""

from __future__ import annotations

import pytest

from app.evidence.errors import EvidenceError
from app.evidence.limits import Limits
from app.evidence.yaml_documents import load_yaml_documents
from app.language import number
from app.translation import speaking

# A document whose aliases each repeat the one before ten times: a million values from a few lines.
ALIASES = "\n".join(
    ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    + [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 6)]
)


def test_without_a_language_numbers_are_english():
    assert [number(12), number(1000), number(1234567), number(0.5)] == ["12", "1,000", "1,234,567", "0.5"]


@pytest.mark.parametrize(("code", "written"), [("en", "1,234,567 and 2.5"), ("de", "1.234.567 and 2,5")])
def test_each_language_groups_numbers_its_own_way(app, code, written):
    with app.test_request_context(), speaking(code):
        assert f"{number(1234567)} and {number(2.5)}" == written


@pytest.mark.parametrize(
    ("code", "said"),
    [
        ("en", "expand to 1,234,573 values, more than the 250,000 this importer reads"),
        ("de", "die sich zu 1.234.573 Werten ausdehnen, mehr als die 250.000, die dieser Import"),
    ],
)
def test_a_refused_yaml_file_says_its_numbers_in_the_language(app, code, said):
    with app.test_request_context(), speaking(code), pytest.raises(EvidenceError) as refused:
        load_yaml_documents(ALIASES, "bomb.yaml", Limits())
    assert said in str(refused.value)
