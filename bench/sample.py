"""A realistic assessment, shared by the benchmarks: three candidates, notes on five signs."""

from __future__ import annotations

ANSWERS = {
    "instrument": "splitcheck/1",
    "team": {"name": "Payments Platform (EMEA)"},
    "context": {"engineers": 24, "teams": 3, "services": 19, "deploys_per_week": 6},
    "signs": {
        "deploy_coupling": "yes",
        "cascading_failure": "partly",
        "call_chains": "yes",
        "shared_database": "yes",
        "local_testing": "unsure",
        "breaking_changes": "partly",
    },
    "candidates": [
        {
            "name": "Notifications",
            "domain_split": "domain",
            "owns_data": "yes",
            "deploy_alone": "yes",
            "survives_outages": "yes",
            "reasons": ["independent_scaling", "reliability_needs"],
        },
        {
            "name": "Invoicing",
            "domain_split": "domain",
            "owns_data": "shared",
            "deploy_alone": "no",
            "survives_outages": "unsure",
            "reasons": ["team_independence"],
        },
        {
            "name": "Auth gateway",
            "domain_split": "layer",
            "owns_data": "unsure",
            "deploy_alone": "yes",
            "survives_outages": "no",
            "reasons": [],
        },
    ],
}

NOTES = {
    "deploy_coupling": "Checkout, ledger and payouts go out together every Thursday; the release "
    "train needs sign-off from all three teams.",
    "cascading_failure": "When the FX rates service timed out in March, card capture queued up behind "
    "it for 40 minutes.",
    "call_chains": "A card payment crosses gateway -> orders -> risk -> ledger -> payouts, all synchronous.",
    "shared_database": "Ledger and payouts both write to the payments schema in the same Postgres cluster.",
    "local_testing": "Nobody has tried running checkout against stubs; staging is used for everything.",
}
