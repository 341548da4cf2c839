"""Per-request CPU time of the gunicorn workers by endpoint, from `request_cpu.py`'s files. Run:

    .venv/bin/python benchmarks/request_cpu_report.py /tmp/cpu

The requests are cut into bursts wherever no request ended for `--gap` seconds (load.py waits
for the sockets to go quiet between its steps, so each burst is one step). For each burst and
each endpoint: how many, the mean, median and 90th percentile CPU milliseconds a request, the
median wall time in the worker, and the endpoint's share of the burst's CPU.
"""

from __future__ import annotations

import argparse
import statistics
from collections import defaultdict
from pathlib import Path

ORDER = ("thread_page", "board_page", "reply", "health", "other")


def read(directory: Path) -> list[tuple[float, str, str, float, float]]:
    rows = []
    for file in sorted(directory.glob("worker-*.tsv")):
        for line in file.read_text().splitlines():
            ended, kind, status, cpu, wall = line.split("\t")
            rows.append((float(ended), kind, status, float(cpu), float(wall)))
    rows.sort()
    return rows


def bursts(rows, gap: float) -> list[list]:
    cut: list[list] = []
    for row in rows:
        if not cut or row[0] - cut[-1][-1][0] > gap:
            cut.append([])
        cut[-1].append(row)
    return cut


def nearest_rank(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(p / 100 * len(ordered)) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--gap", type=float, default=1.0)
    parser.add_argument("--min", type=int, default=20, help="skip bursts of fewer requests")
    args = parser.parse_args()
    rows = read(args.directory)
    print(
        "| burst | seconds | requests/s | endpoint | n | CPU mean | CPU median | CPU p90 | "
        "wall median | share of CPU |"
    )
    print("|--:|--:|--:|---|--:|--:|--:|--:|--:|--:|")
    number = 0
    for burst in bursts(rows, args.gap):
        if len(burst) < args.min:
            continue
        number += 1
        seconds = max(burst[-1][0] - burst[0][0], 1e-9)
        total = sum(row[3] for row in burst)
        by_kind: dict[str, list] = defaultdict(list)
        for row in burst:
            by_kind[row[1]].append(row)
        for kind in ORDER:
            mine = by_kind.get(kind)
            if not mine:
                continue
            cpu = [row[3] for row in mine]
            wall = [row[4] for row in mine]
            statuses = sorted({row[2] for row in mine})
            print(
                f"| {number} | {seconds:.1f} | {len(burst) / seconds:.1f} | {kind} "
                f"({'/'.join(statuses)}) | {len(mine)} | {statistics.fmean(cpu):.2f} | "
                f"{statistics.median(cpu):.2f} | {nearest_rank(cpu, 90):.2f} | "
                f"{statistics.median(wall):.2f} | {sum(cpu) / total:.1%} |"
            )
        print(f"| {number} | | | all | {len(burst)} | {total / len(burst):.2f} | | | | 100% |")


if __name__ == "__main__":
    main()
