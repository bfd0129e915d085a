"""Named sizes of the generated extract."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    """Target volumes of one scale (the generated rows come close to them)."""

    name: str
    accounts: int
    interactions: int
    usage_events: int

    @property
    def is_sample(self) -> bool:
        return self.accounts == 0


SCALES: dict[str, Scale] = {
    "sample": Scale("sample", 0, 0, 0),
    "small": Scale("small", 2_000, 40_000, 200_000),
    "medium": Scale("medium", 50_000, 1_000_000, 10_000_000),
    "large": Scale("large", 200_000, 10_000_000, 100_000_000),
    # Twice large: measured once by `dogdb bench --scales xlarge`, never by `make test`.
    "xlarge": Scale("xlarge", 400_000, 20_000_000, 200_000_000),
}


def get_scale(name: str) -> Scale:
    try:
        return SCALES[name]
    except KeyError:
        raise ValueError(f"unknown scale {name!r}; choose one of {', '.join(SCALES)}") from None
