#!/usr/bin/env python3
"""Where Vestnik's CPU went in each measured window of a `BENCH_PROFILE=1 bin/bench` run.

    python3 bench/profile.py BENCH_OUT [TOP]     > BENCH_OUT/profile.md

bin/bench with BENCH_PROFILE=1 starts every Vestnik node with a JFR recording (settings=profile) in
BENCH_OUT/jfr/vestnik-<pid>.jfr; a node's log names its pid. A load generator's result file is written
as its window ends, so a window is [mtime - window_seconds, mtime]. For each Vestnik scenario and each
node that took samples in its window: the share of samples per thread kind, the io.vestnik methods on
the most stacks (inclusive: a method counts once per sample it is anywhere in), and the frames most
often on top (self). JFR samples running Java threads every 10 ms (20 ms for native), so a share is
of the node's own Java CPU, not of the machine.
"""
import collections
import json
import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

JFR = Path(os.environ.get("JAVA_HOME", "/usr")) / "bin" / "jfr"
THREAD_NUMBER = re.compile(r"[-#]?\d+$")


def samples(recording):
    """(epoch seconds, thread kind, [method names, top first]) per execution sample."""
    out = subprocess.run([str(JFR), "print", "--json", "--stack-depth", "96", "--events", "jdk.ExecutionSample",
                          str(recording)], capture_output=True, text=True, check=True).stdout
    for event in json.loads(out)["recording"]["events"]:
        values = event["values"]
        thread = values["sampledThread"]
        kind = THREAD_NUMBER.sub("", thread.get("javaName") or thread.get("osName") or "virtual") or "virtual"
        stack = values.get("stackTrace") or {"frames": []}
        names = [f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"] for f in stack["frames"]]
        yield epoch(values["startTime"]), kind, names


def epoch(stamp):
    seconds, _, fraction = stamp.rstrip("Z").partition(".")
    return datetime.fromisoformat(seconds + "+00:00").timestamp() + float("0." + (fraction or "0"))


def nodes(out):
    """Every recording, named by the log of the node that made it (a name reused by a later node, as S4
    restarts S2's, keeps only the latest pid: the earlier one goes by its pid)."""
    pids = {}
    for log in (out / "logs").glob("*.log"):
        match = re.search(r"Use jcmd (\d+) JFR\.dump", log.read_text(errors="replace")[:4000])
        if match:
            pids[match.group(1)] = log.stem
    return {pids.get(r.stem.removeprefix("vestnik-"), "pid " + r.stem.removeprefix("vestnik-")): r
            for r in (out / "jfr").glob("vestnik-*.jfr") if r.stat().st_size > 0}


def windows(out):
    """Vestnik scenarios' windows, in the order they ran."""
    found = []
    for result in (out / "results").glob("*.json"):
        run = json.loads(result.read_text())
        if run.get("target") == "vestnik" and run.get("window_seconds"):
            end = result.stat().st_mtime
            found.append((end - run["window_seconds"], end, result.stem))
    return sorted(found)


def own(name):
    return name.startswith("io.vestnik.") and "$$Lambda" not in name and ".lambda$" not in name


def section(scenario, node, taken, top):
    n = len(taken)
    threads = collections.Counter(kind for kind, _ in taken)
    inclusive, self_time = collections.Counter(), collections.Counter()
    for _, names in taken:
        inclusive.update(set(names))
        if names:
            self_time[names[0]] += 1
    lines = [f"### {scenario}: {node} ({n} samples)", "",
             "threads: " + ", ".join(f"{kind} {count * 100 / n:.0f} %" for kind, count in threads.most_common(6)), "",
             "| inclusive | io.vestnik method | | self | top frame |", "|---:|---|---|---:|---|"]
    mine = [(name, count) for name, count in inclusive.most_common() if own(name)][:top]
    tops = self_time.most_common(top)
    for i in range(max(len(mine), len(tops))):
        left = f"{mine[i][1] * 100 / n:.1f} % | `{mine[i][0]}`" if i < len(mine) else " | "
        right = f"{tops[i][1] * 100 / n:.1f} % | `{tops[i][0]}`" if i < len(tops) else " | "
        lines.append(f"| {left} | | {right} |")
    return "\n".join(lines) + "\n"


def main():
    out = Path(sys.argv[1])
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    recorded = {node: list(samples(recording)) for node, recording in sorted(nodes(out).items())}
    print(f"# Profiles of the run in {out}\n")
    for start, end, scenario in windows(out):
        inside = {node: [(kind, names) for t, kind, names in taken if start <= t <= end]
                  for node, taken in recorded.items()}
        busiest = max((len(taken) for taken in inside.values()), default=0)
        for node, taken in inside.items():
            # The other nodes of the run sit idle in this window (their pollers only): leave them out.
            if taken and len(taken) >= busiest / 4:
                print(section(scenario, node, taken, top))


if __name__ == "__main__":
    main()
