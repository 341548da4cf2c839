"""The fault tally: the fault tests' numbers (posts sent, saved, lost, duplicated, open tabs
caught up, killed exports completed) in the run's summary, where the CI log shows them.

A plugin of the whole suite (tests/conftest.py names it in `pytest_plugins`), so that under
pytest-xdist the controller, which loads only the top conftest, adds the numbers up too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass

import pytest

# --- The fault tally --------------------------------------------------------------------------

TALLY = "fault_tally"


@dataclass
class FaultTally:
    """What one fault test's members sent and what the database kept.

    A post is lost when the database holds no copy of words a member sent, duplicated when it
    holds more than one. `errors_shown` counts the error pages members saw (each must give their
    words back); `tabs`/`tabs_caught_up` the open tabs and those that ended with every event;
    `exports_interrupted`/`exports_completed` data exports whose task worker was killed, and
    those that were then completed by another.
    """

    fault: str
    sent: int = 0
    saved: int = 0
    lost: int = 0
    duplicated: int = 0
    errors_shown: int = 0
    tabs: int = 0
    tabs_caught_up: int = 0
    exports_interrupted: int = 0
    exports_completed: int = 0

    def count(self, *, sent: Iterable[str], stored: Iterable[str]) -> None:
        """`sent`: every distinct text members sent; `stored`: the matching rows' texts, one
        per row (a text stored twice appears twice)."""
        copies = Counter(stored)
        for text in set(sent):
            self.sent += 1
            found = copies.get(text, 0)
            self.saved += found >= 1
            self.lost += found == 0
            self.duplicated += max(found - 1, 0)

    def line(self) -> str:
        tabs = f", tabs caught up {self.tabs_caught_up} of {self.tabs}" if self.tabs else ""
        exports = (
            f", killed exports completed {self.exports_completed} of {self.exports_interrupted}"
            if self.exports_interrupted
            else ""
        )
        return (
            f"faults: posts sent {self.sent}, saved {self.saved}, lost {self.lost}, "
            f"duplicated {self.duplicated}, error pages shown {self.errors_shown}{tabs}{exports}"
        )


@pytest.fixture
def fault_tally(request, record_property) -> Iterator[FaultTally]:
    """The test's tally; recorded after the test even when it fails (a failing fault test is
    when the numbers matter most), printed, and added up in the run's summary."""
    tally = FaultTally(fault=request.node.name)
    yield tally
    if tally.sent or tally.tabs or tally.exports_interrupted:
        record_property(TALLY, asdict(tally))
        print(f"{tally.fault}: {tally.line()}")


# The run's tallies (under xdist the workers' teardown reports reach the controller, where
# this plugin also runs): each report is counted once.
_CONFIG: dict[str, pytest.Config] = {}
_COUNTED = pytest.StashKey[set]()
_TALLIES = pytest.StashKey[list]()
_PRINTED = pytest.StashKey[bool]()


def pytest_configure(config: pytest.Config) -> None:
    _CONFIG["config"] = config


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    # Teardown reports carry what the fixture recorded; under xdist they reach the controller.
    config = _CONFIG.get("config")
    if report.when != "teardown" or config is None:
        return
    tallies = [value for name, value in report.user_properties if name == TALLY]
    counted = config.stash.setdefault(_COUNTED, set())
    if not tallies or report.nodeid in counted:
        return
    counted.add(report.nodeid)
    config.stash.setdefault(_TALLIES, []).extend(tallies)


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    tallies = config.stash.get(_TALLIES, [])
    if not tallies or config.stash.get(_PRINTED, False):
        return
    config.stash[_PRINTED] = True
    total = FaultTally(fault="all fault tests")
    terminalreporter.write_sep("-", "fault tests")
    for one in tallies:
        terminalreporter.write_line(f"{one['fault']}: {FaultTally(**one).line()}")
        for name, value in one.items():
            if name != "fault":
                setattr(total, name, getattr(total, name) + value)
    terminalreporter.write_line(total.line())
