"""The API's OpenAPI 3.1 document: `openapi.yaml` (loaded once), with the answers schemas made from
the installed questionnaires and the result example scored from the answers example by the one
scoring function, so neither can drift from what the API does. Served as /api/v1/openapi.json
and shown as the page /api (`reference.py`)."""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from flask import jsonify

from app import instrument as instruments
from app.scoring import score_document

from . import bp
from .answers_schema import answers_schema, other_answers_schema, schema_name

SOURCE = Path(__file__).with_name("openapi.yaml")
OTHER_ANSWERS = "Answers-other-questionnaire"


@cache
def _source() -> dict[str, Any]:
    return yaml.safe_load(SOURCE.read_text(encoding="utf-8"))


def document() -> dict[str, Any]:
    """The whole document, for the questionnaires installed now."""
    doc = copy.deepcopy(_source())
    schemas, examples = doc["components"]["schemas"], doc["components"]["examples"]
    known = instruments.known()
    for instrument_id in known:
        schemas[schema_name(instrument_id)] = answers_schema(instruments.english(instruments.get(instrument_id)))
    schemas[OTHER_ANSWERS] = other_answers_schema(known)
    schemas["Answers"] = {
        "description": (
            "What a team answered: the questionnaire it answered (`instrument`), the context's numbers, "
            "every sign and any candidate services. Unknown fields, missing signs and wrong values are "
            "refused, every problem listed with its field."
        ),
        "oneOf": [{"$ref": f"#/components/schemas/{name}"} for name in (*map(schema_name, known), OTHER_ANSWERS)],
    }
    examples["Result"] = {
        "summary": "The result of the answers example",
        "value": score_document(examples["Answers"]["value"]),
    }
    return doc


@bp.get("/openapi.json")
def openapi_json():
    return jsonify(document())
