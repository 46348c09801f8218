"""What a load did, so the CLI can print it and a second load can be seen to change nothing."""
from __future__ import annotations

from dataclasses import dataclass, field

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
OUTCOMES = (CREATED, UPDATED, UNCHANGED)
#: The order kinds are printed in (others follow in the order met).
KINDS = ("site", "site column", "content type", "list", "list column", "item")


@dataclass
class Report:
    #: One entry per object considered: (outcome, kind, name).
    entries: list[tuple[str, str, str]] = field(default_factory=list)
    #: Differences the loader saw but no service can apply (yet); nothing was changed for them.
    warnings: list[str] = field(default_factory=list)

    def add(self, outcome: str, kind: str, name: str) -> None:
        self.entries.append((outcome, kind, name))

    def count(self, outcome: str, kind: str | None = None) -> int:
        return sum(1 for o, k, _ in self.entries if o == outcome and kind in (None, k))

    @property
    def changed(self) -> bool:
        return any(outcome != UNCHANGED for outcome, _, _ in self.entries)

    def counts(self) -> dict[str, dict[str, int]]:
        """``{kind: {outcome: n}}``, kinds in :data:`KINDS` order."""
        result: dict[str, dict[str, int]] = {}
        rank = {kind: i for i, kind in enumerate(KINDS)}
        for outcome, kind, _ in sorted(self.entries, key=lambda e: rank.get(e[1], len(KINDS))):
            result.setdefault(kind, dict.fromkeys(OUTCOMES, 0))[outcome] += 1
        return result

    def lines(self) -> list[str]:
        lines = [f"{kind}: " + ", ".join(f"{n} {outcome}" for outcome, n in counts.items())
                 for kind, counts in self.counts().items()]
        return lines + [f"warning: {w}" for w in self.warnings]

    def __str__(self) -> str:
        return "\n".join(self.lines())
