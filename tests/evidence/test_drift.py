"""What changed between two posts of a system's files (`app.evidence.drift`), on real fixtures.

Sock Shop's compose file as published, then a copy changed within the test as a release might
change it: `orders` also connects to `user-db` (whose only user was `user`) and calls `payment`.
Zipkin's own test traces (Yelp's, then SmartThings') stand for two trace exports whose call
chains differ.
"""

from __future__ import annotations

from pathlib import Path

from app.evidence import analyse
from app.evidence.aliases import merge_aliases
from app.evidence.drift import and_list, changes, counts
from app.evidence.folders import uploaded

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SOCKSHOP = (FIXTURES / "sockshop" / "docker-compose.yml").read_text()


def shown(name: str, text: str | bytes) -> dict:
    data = text.encode() if isinstance(text, str) else text
    return merge_aliases(analyse(uploaded([(name, data)])))


def sockshop_release_42() -> str:
    """Sock Shop with `orders` connecting to `user-db` and calling `payment` (changed here, not
    in the fixture): its environment list gets two settings after its JAVA_OPTS."""
    orders = SOCKSHOP.index("  orders:\n")
    end = SOCKSHOP.index("-Dspring.zipkin.enabled=false", orders) + len("-Dspring.zipkin.enabled=false")
    changed = (
        SOCKSHOP[:end] + "\n      - MONGO_HOST=user-db:27017\n      - PAYMENT_URL=http://payment:80" + SOCKSHOP[end:]
    )
    assert changed.count("MONGO_HOST=user-db") == 2
    return changed


def test_the_first_post_is_summed_up():
    first = shown("docker-compose.yml", SOCKSHOP)
    assert changes(None, first, "release-41") == [
        "The first files received: 10 services, 4 data stores, 1 message broker and 1 connection."
    ]
    assert counts(first) == {"services": 10, "support": 0, "datastores": 4, "brokers": 1, "edges": 1, "findings": 0}


def test_a_second_service_using_a_data_store_a_new_call_and_the_suggestion_that_follows():
    before, after = shown("docker-compose.yml", SOCKSHOP), shown("docker-compose.yml", sockshop_release_42())
    titles = {"shared_database": "Services share a database"}
    labels = {"partly": "Partly", "unsure": "Not sure"}
    found = changes(
        before, after, "release-42", since="release-41", sign_title=titles.__getitem__, answer_label=labels.__getitem__
    )
    assert found == [
        "A second service started using user-db in release-42: orders, alongside user.",
        "New calls between services in release-42: orders calls payment.",
        "The files now suggest “Partly” for “Services share a database” (it was “Not sure”).",
    ]


def test_going_back_says_the_sharing_and_the_call_ended():
    before, after = shown("docker-compose.yml", sockshop_release_42()), shown("docker-compose.yml", SOCKSHOP)
    found = changes(before, after, "release-43")
    assert "The data store user-db is no longer shared in release-43: only user uses it." in found
    assert "Calls no longer seen in release-43: orders called payment." in found
    assert "The files now suggest “unsure” for “shared database” (it was “partly”)." in found


def test_the_same_files_again_changed_nothing():
    same = shown("docker-compose.yml", SOCKSHOP)
    assert changes(same, same, "release-42", since="release-41") == ["Nothing changed since release-41."]


def test_parts_added_and_removed_are_named_with_what_they_are():
    renamed = SOCKSHOP.replace("  payment:\n", "  payments:\n").replace("  rabbitmq:\n", "  rabbit:\n")
    found = changes(shown("c.yml", SOCKSHOP), shown("c.yml", renamed), "v2")
    assert found[:2] == [
        "New in v2: the service payments and the message broker rabbit.",
        "No longer in the files of v2: the service payment and the message broker rabbitmq.",
    ]


def test_a_longer_call_chain_in_the_traces():
    yelp = shown("yelp.json", (FIXTURES / "zipkin-traces" / "yelp.json").read_bytes())
    smartthings = shown(
        "smartthings.json", (FIXTURES / "zipkin-traces" / "smartthings-mobile-web-install.json").read_bytes()
    )
    found = changes(yelp, smartthings, "v2")
    assert "The longest chain of calls in one request grew from 3 to 6 services deep in v2." in found
    assert "The longest chain of calls in one request shrank from 6 to 3 services deep in v3." in changes(
        smartthings, yelp, "v3"
    )
    compose_only = shown("docker-compose.yml", SOCKSHOP)
    assert "A chain of calls 3 services deep in one request was seen in v2; earlier files showed none." in changes(
        compose_only, yelp, "v2"
    )
    # Many new calls are counted past the first names, never listed without end.
    (new_calls,) = [line for line in found if line.startswith("New calls")]
    assert new_calls.endswith(" more.") and new_calls.count(" calls ") == 1 + 5  # "New calls" and five listed


def test_lists_read_as_sentences():
    assert and_list(["a"]) == "a"
    assert and_list(["a", "b", "c"]) == "a, b and c"
    assert and_list([str(n) for n in range(9)]) == "0, 1, 2, 3, 4 and 4 more"
