"""Topic, queue and channel names are never parts: Highlight's backend reads KAFKA_TOPIC=dev.

tests/fixtures/highlight/README.md: the ten backend containers take their settings from
``env_file: .env``, where ``KAFKA_TOPIC=dev`` names the topic the backend writes to
(``KAFKA_SERVERS`` is left empty, so the broker's address is not in the files).
"""

from pathlib import Path

from app.evidence import Limits, analyse
from app.evidence.folders import read_folder

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_a_kafka_topic_in_an_env_file_is_not_a_broker():
    items = [
        item
        for item in read_folder(FIXTURES / "highlight", Limits(), "highlight")
        if item.name in ("compose.enterprise.yml", ".env")
    ]
    doc = analyse(items)
    names = {p["name"] for p in doc["services"] + doc["datastores"] + doc["brokers"]}
    assert "dev" not in names
    assert not any(e["to"] == "dev" for e in doc["edges"])
    assert len([s for s in doc["services"] if s["name"].startswith("backend")]) == 10
