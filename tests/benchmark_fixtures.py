"""Short news-like articles written for the benchmark tests (no corpus text)."""

from __future__ import annotations

import json
from pathlib import Path

ARTICLES = [
    ("flood", "Heavy rain fell on the valley for three days. The river rose two metres above its "
     "normal level. Officials closed the main bridge on Tuesday. Schools in the lower town sent "
     "pupils home early. Farmers moved cattle to higher fields. Forecasters expect drier weather "
     "by the weekend.", "River rises after three days of rain; bridge and schools closed."),
    ("budget", "The city council approved a new budget on Monday night. Spending on roads will "
     "grow by ten percent. Libraries will open on Sundays for the first time. The mayor said the "
     "plan keeps taxes flat. Opposition members voted against the library hours. The budget "
     "takes effect in April.", "Council passes budget with more road money and Sunday libraries."),
    ("match", "The home side won the final two goals to one. Their captain scored the winner in "
     "the last minute. The visitors had led for most of the first half. A crowd of twenty "
     "thousand watched in the rain. The coach praised the young defenders. The trophy is the "
     "club's first in a decade.", "Late captain's goal wins the final for the home side."),
    ("market", "Shares in the carmaker fell sharply after weak sales figures. Deliveries dropped "
     "for the second quarter in a row. The company blamed a shortage of parts. Analysts cut "
     "their forecasts for the year. Rival firms reported steady demand. The chief executive "
     "promised a new model in the autumn.", "Carmaker shares slide as deliveries drop again."),
    ("science", "Researchers found a new species of frog in the mountain forest. The frog is "
     "smaller than a coin. It lives only near one stream. The team recorded its call at night. "
     "Logging threatens the area, the scientists warned. They asked the government to protect "
     "the forest.", "Tiny new frog species found in threatened mountain forest."),
    ("rail", "A new rail line opened between the two northern cities. Trains will run every "
     "twenty minutes. The journey now takes forty minutes instead of two hours. Tickets cost "
     "less than the bus fare. Local businesses expect more visitors. Construction took six "
     "years and ran over budget.", "Fast rail link opens between northern cities."),
]


def records(n: int | None = None) -> list[dict]:
    """Corpus rows in the SummEval-like JSONL layout (id, source, reference)."""
    rows = [{"id": i, "source": s, "reference": r} for i, s, r in ARTICLES]
    return rows if n is None else rows[:n]


def write_jsonl(path: Path, rows: list, extra_lines: tuple[str, ...] = ()) -> Path:
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row) + "\n")
        for line in extra_lines:
            f.write(line + "\n")
    return path
