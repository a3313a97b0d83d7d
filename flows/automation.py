"""The Prefect automation that reports failed, crashed and timed-out runs of the nightly flow.

Where runs go through a Prefect server (the deployments of prefect.yaml), the server sees a run
crash the moment its process dies, when the pipeline itself can only find out at the next
command. The automation posts to ALERT_WEBHOOK_URL then, through a Prefect Webhook block that
holds the address encrypted on the server. `pure-orcid alerts prefect` creates both, replacing
earlier versions, against the server PREFECT_API_URL names.
"""

from __future__ import annotations

from uuid import UUID

from prefect.automations import AutomationCore
from prefect.blocks.webhook import Webhook
from prefect.client.orchestration import get_client
from prefect.events.actions import CallWebhook
from prefect.events.schemas.automations import EventTrigger, Posture
from prefect.settings import get_current_settings
from pydantic import SecretStr

from pipeline.config import Settings, SettingsError

NAME = "pure-orcid-sync: a run failed or crashed"
BLOCK = "pure-orcid-alerts"
FLOW = "nightly"

PAYLOAD = """{
  "text": {{ ("pure-orcid-sync: Prefect flow run " ~ flow_run.name ~ " of the nightly flow "
              ~ flow_run.state.name | lower ~ ": " ~ (flow_run.state.message or "no message"))
             | tojson }},
  "source": "prefect",
  "flow_run_id": {{ flow_run.id | string | tojson }},
  "state": {{ flow_run.state.name | tojson }},
  "parameters": {{ flow_run.parameters | tojson }}
}"""
"""What the webhook gets: the same `text` field as the pipeline's own notices
(`pipeline.alerts`), and the flow run for a program."""


def install_automation(settings: Settings) -> UUID:
    """Create (or replace) the webhook block and the automation; returns the automation's id."""
    if not get_current_settings().api.url:
        raise SettingsError(
            "PREFECT_API_URL is not set: the automation lives on the Prefect server that runs "
            "the deployments"
        )
    webhook = Webhook(
        method="POST",
        url=SecretStr(settings.secret("alert_webhook_url")),
        headers={"Content-Type": "application/json"},
    )
    block_id = webhook.save(BLOCK, overwrite=True)
    automation = AutomationCore(
        name=NAME,
        description="Posts to the pipeline's alert webhook when a run of the nightly flow "
        "fails, crashes (its process died) or times out.",
        trigger=EventTrigger(
            expect={
                "prefect.flow-run.Failed",
                "prefect.flow-run.Crashed",
                "prefect.flow-run.TimedOut",
            },
            match={"prefect.resource.id": "prefect.flow-run.*"},
            match_related={"prefect.resource.role": "flow", "prefect.resource.name": FLOW},
            posture=Posture.Reactive,
            threshold=1,
        ),
        actions=[CallWebhook(block_document_id=block_id, payload=PAYLOAD)],
    )
    with get_client(sync_client=True) as client:
        for earlier in client.read_automations_by_name(NAME):
            client.delete_automation(earlier.id)
        return client.create_automation(automation)
