"""Copy the real server's recorded answers into the repo, for tests a fresh clone can run.

    python scripts/observed_fixture.py [../shared/harness/observed.json]

Writes `tests/fixtures/observed_answers.json`: every complete 200 JSON body and every SSE
`data:` event the real TabbyAPI server (e632af4, `../shared/harness`) answered, keyed by the
operation ("METHOD /path") and the probe's name for the call.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT.parent / "shared" / "harness" / "observed.json"
TARGET = ROOT / "tests" / "fixtures" / "observed_answers.json"


def main(source: Path) -> int:
    calls = json.loads(source.read_text(encoding="utf-8"))["calls"]
    answers, events = [], []
    for call in calls:
        if call["status"] != 200 or not call.get("spec", {}).get("operation_in_spec"):
            continue
        key = f"{call['method']} {call['path']}"
        kind = call.get("content_type") or ""
        body = call.get("body") or ""
        if kind.startswith("application/json") and "more chars>" not in body:
            answers.append({"operation": key, "name": call["name"], "body": json.loads(body)})
        elif kind.startswith("text/event-stream"):
            for line in call["sse"]["head"] + call["sse"]["tail"]:
                data = line.rstrip("\r\n")
                if data.startswith("data: ") and data != "data: [DONE]":
                    event = json.loads(data[6:])
                    if "error" not in event:
                        events.append({"operation": key, "name": call["name"], "event": event})
    TARGET.write_text(
        json.dumps(
            {
                "source": "../shared/harness/observed.json (TabbyAPI e632af4)",
                "answers": answers,
                "events": events,
            },
            indent=1,
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"{len(answers)} answers, {len(events)} stream events -> {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE))
