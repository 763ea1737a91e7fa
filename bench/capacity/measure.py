#!/usr/bin/env python3
"""Turns bin/measure-capacity's snapshots into figures.

    python3 bench/capacity/measure.py calibrate OUT_DIR   > bench/capacity/costs.json
    python3 bench/capacity/measure.py validate OUT_DIR    > OUT_DIR/measured.json

A snapshot (OUT_DIR/snapshots/NAME) is "key value" lines: the time, per node its CPU-seconds and RSS
from /proc and counters from /metrics, per Redis its INFO CPU-seconds and (S)PUBLISH calls, per
PostgreSQL backend of the run's database its CPU-seconds. A window is NAME.start and NAME.end.
Every figure below is a difference of counters over a window, divided by work done in it: CPU-seconds
per unit of work, not achieved rates, so a machine shared with other work changes them little.
"""
import json
import sys
from pathlib import Path

US = 1e6


def snapshot(name):
    pairs = (line.split(" ", 1) for line in (OUT / "snapshots" / name).read_text().splitlines())
    return {key: value.strip() for key, value in pairs}


class Window:
    """The difference between NAME.start and NAME.end."""

    def __init__(self, name):
        self.start, self.end = snapshot(name + ".start"), snapshot(name + ".end")
        self.seconds = self.delta("time")

    def delta(self, key):
        return float(self.end[key]) - float(self.start[key])

    def rate(self, key):
        return self.delta(key) / self.seconds

    def pg_cpu(self):
        """CPU-seconds of the database's backends alive at both ends (a pool may replace one)."""
        keys = [k for k in self.end if k.startswith("pg.backend.") and k in self.start]
        return sum(self.delta(k) for k in keys)

    def load(self):
        return (float(self.start["machine.load"]) + float(self.end["machine.load"])) / 2


def figure(value, source, unit):
    return {"value": round(value, 3), "unit": unit, "source": source}


def not_below_zero(cost):
    """An idle connection's CPU is a difference of two small rates; below zero it is noise, and counts as none."""
    return max(0.0, cost)


def established(name):
    return sum(int(line.split()[1]) for line in (OUT / "snapshots" / f"{name}.established").read_text().splitlines())


def held_throughout(w, nodes):
    """The nodes' connections in window w, which must not change: connections opening or closing cost CPU too."""
    start, end = (sum(float(snap[f"node.{n}.connections"]) for n in nodes) for snap in (w.start, w.end))
    if start != end:
        sys.exit(f"measure.py: connections went from {start:.0f} to {end:.0f} during an at-rest window")
    return end


def rss_line(fewer, more):
    """A node's RSS as a line in its connections, through the nodes' (connections, RSS kB) at two idle counts:
    (RSS at no connections, RSS per connection). From zero to the first connections a JVM also grows its heap and
    loads the socket code once, which belongs to the line's start, not to each connection."""
    slope = sum(m[1] - f[1] for f, m in zip(fewer, more)) / sum(m[0] - f[0] for f, m in zip(fewer, more))
    return sum(f[1] - slope * f[0] for f in fewer) / len(fewer), slope


def least_squares(rows, targets):
    """x minimising |rows x - targets| (normal equations, Gauss-Jordan; a handful of unknowns)."""
    k = len(rows[0])
    m = [[sum(r[i] * r[j] for r in rows) for j in range(k)] + [sum(r[i] * t for r, t in zip(rows, targets))]
         for i in range(k)]
    for i in range(k):
        pivot = max(range(i, k), key=lambda j: abs(m[j][i]))
        m[i], m[pivot] = m[pivot], m[i]
        m[i] = [v / m[i][i] for v in m[i]]
        for j in range(k):
            if j != i:
                m[j] = [a - m[j][i] * b for a, b in zip(m[j], m[i])]
    return [m[i][k] for i in range(k)]


def fit(rows, targets, columns):
    """Least squares over the given columns of rows; the other columns cost 0, and so does the column whose cost
    comes out lowest when it is below zero (noise: the fit is repeated without it)."""
    x = dict(zip(columns, least_squares([[r[i] for i in columns] for r in rows], targets))) if columns else {}
    lowest = min(columns, key=x.get, default=None)
    if lowest is not None and x[lowest] < 0:
        return fit(rows, targets, [i for i in columns if i != lowest])
    return [x.get(i, 0.0) for i in range(len(rows[0]))]


# Commits per send must differ by this much between the two rates to tell a commit's cost from a row's.
DISTINCT_BATCHING = 0.1


# The calibration's load windows: (window, group size, rate) from calibration.json.
LOAD_WINDOWS = (("fast", "small_group", "rate"), ("large", "large_group", "rate"), ("slow", "small_group", "slow_rate"),
                ("medium", "medium_group", "slow_rate"))


def work_done(w, n, size):
    """Node n's work in window w, in groups of SIZE: its sends, commits, envelopes of the other node's sends it
    received, deliveries, and recipients of its sends (each send's other members, wherever they are)."""
    sent = w.delta(f"node.{n}.sent")
    foreign = max(0.0, w.delta(f"node.{n}.received") - w.delta(f"node.{n}.published"))
    return [sent, w.delta(f"node.{n}.commits"), foreign, w.delta(f"node.{n}.deliveries"), sent * (size - 1)]


def calibrate():
    run = json.loads((OUT / "calibration.json").read_text())
    nodes = range(run["nodes"])
    empty, empty_late, idle, rest, idle_late = (Window(f"cal-{name}")
                                                for name in ("empty", "empty-late", "idle", "rest", "idle-late"))
    cluster, attached, attached_late = (Window(f"cal-{name}") for name in ("cluster", "cluster-nodes", "cluster-nodes-late"))
    loads = [(Window(f"cal-{name}"), run[size]) for name, size, _ in LOAD_WINDOWS]
    large, second = Window("cal-large"), Window("cal-second-subscriber")
    connections = sum(float(idle.end[f"node.{n}.connections"]) for n in nodes)
    late_connections = held_throughout(idle_late, nodes)

    # At rest minutes after start-up, as a validation's nodes are: the windows right after start (cal-empty,
    # cal-cluster-nodes) still pay for compiling and loading classes.
    node_base = [rest.rate(f"node.{n}.cpu") for n in nodes]
    node_idle = not_below_zero(sum(idle_late.rate(f"node.{n}.cpu") - node_base[n] for n in nodes) / late_connections)
    start_up = sum(empty.rate(f"node.{n}.cpu") for n in nodes) / len(nodes)
    more_idle = snapshot("cal-idle-more")
    rss_at = [[(float(snap[f"node.{n}.connections"]), float(snap[f"node.{n}.rss_kb"])) for n in nodes]
              for snap in (idle.start, more_idle)]
    rss_base, rss_per_connection = rss_line(*rss_at)
    rss_before = sum(float(empty.start[f"node.{n}.rss_kb"]) for n in nodes) / len(nodes)

    def node_work(w, n):
        """Node n's CPU-seconds in the window beyond what it costs at rest with its connections."""
        held = float(w.end[f"node.{n}.connections"])
        return w.delta(f"node.{n}.cpu") - (node_base[n] + node_idle * held) * w.seconds

    # The senders' node at the two rates: when it commits the same share of its sends at both (little batching at
    # either), a commit's cost cannot be told from a row's, and the row carries both (the larger cost once batching
    # grows with the rate).
    fast, slow = loads[0][0], loads[2][0]
    batching = [w.delta("node.0.commits") / w.delta("node.0.sent") for w in (fast, slow)]
    split = abs(batching[0] - batching[1]) >= DISTINCT_BATCHING
    per_send, per_commit, per_envelope, per_delivery, per_recipient = fit(
        [work_done(w, n, size) for w, size in loads for n in nodes], [node_work(w, n) for w, _ in loads for n in nodes],
        [0, 1, 2, 3, 4] if split else [0, 2, 3, 4])
    sends = sum(w.delta(f"node.{n}.sent") for w, _ in loads for n in nodes)
    self_copies = [w.delta("node.0.deliveries") / w.delta("node.0.sent") - (size / run["nodes"] - 1) for w, size in loads]

    redis_base = empty.rate("redis.0.cpu")
    redis_idle = not_below_zero((idle.rate("redis.0.cpu") - redis_base) / connections)

    def redis_per_publish(w):
        held = sum(float(w.end[f"node.{n}.connections"]) for n in nodes)
        work = w.delta("redis.0.cpu") - (redis_base + redis_idle * held) * w.seconds
        return work / w.delta("redis.0.publish")

    # Every chat has members on both nodes: a publish has one subscriber per node, and one more in the last window.
    per_subscriber = not_below_zero(redis_per_publish(second) - redis_per_publish(large))
    per_publish = redis_per_publish(large) - run["nodes"] * per_subscriber
    masters = range(run["shards"])
    shard_base = sum(cluster.rate(f"redis.{s}.cpu") for s in masters) / run["shards"]
    # Nodes at rest on the cluster: each follows its topology (a connection to every master every 2 s per client).
    shard_per_node = not_below_zero((sum(attached_late.rate(f"redis.{s}.cpu") for s in masters) / run["shards"]
                                     - shard_base) / run["nodes"])
    def client_per_shard_at(on_cluster, standalone):
        """Nodes at rest on the cluster minus on a standalone Redis, as long after their start: per node and master."""
        return sum(on_cluster.rate(f"node.{n}.cpu") - standalone.rate(f"node.{n}.cpu") for n in nodes) / run["nodes"] / run["shards"]

    # Start-up work fades for minutes: compared at the same age, a minute after start (right after it, a bracket).
    client_per_shard = not_below_zero(client_per_shard_at(attached_late, empty_late))
    client_at_start = client_per_shard_at(attached, empty)

    pg_base = idle_late.pg_cpu() / idle_late.seconds / run["nodes"]
    pg_row, pg_commit, pg_recipient = fit([[row[0], row[1], row[4]] for row in (work_done(w, 0, size) for w, size in loads)],
                                          [w.pg_cpu() - pg_base * run["nodes"] * w.seconds for w, _ in loads],
                                          [0, 1, 2] if split else [0, 2])
    commits = sum(w.delta("node.0.commits") for w, _ in loads)
    commit_seconds = sum(w.delta("node.0.commit_seconds") for w, _ in loads)
    here = f"bin/measure-capacity calibration, {run['date']}, {run['nodes']} nodes"
    shapes = ", ".join(f"{run[rate]} sends/s in groups of {run[size]}" for _, size, rate in LOAD_WINDOWS)
    windows = (f"{shapes}, senders on node 1 only, {run['window']} s windows: least squares over both nodes'"
               " windows (a cost below zero is noise: 0, fit again)")
    late = "at rest after the load windows, minutes after start-up"
    commit_note = (f"commits per send {batching[0]:.2f} at {run['rate']} sends/s, {batching[1]:.2f} at {run['slow_rate']}"
                   + ("" if split else f": no difference of {DISTINCT_BATCHING} to tell apart, so 0 and the row carries it"))
    return {
        "calibrated": run["date"],
        "machine": f"{run['cpu']}, {run['cores']} cores, shared with other work (load {idle.load():.0f} to {rest.load():.0f})",
        "calibration": run,
        "node": {
            "baseline_rss_kb": figure(rss_base, here + f", the line through their RSS at {sum(c for c, _ in rss_at[0]):.0f}"
                                      f" and {sum(c for c, _ in rss_at[1]):.0f} idle connections after a full GC, at none"
                                      f" (JVM defaults: G1, heap 1/4 of RAM; before any connection: {rss_before:.0f})", "kB"),
            "rss_per_connection_kb": figure(rss_per_connection, here + ", that line's slope", "kB"),
            "baseline_cpu_us_per_s": figure(sum(node_base) / len(node_base) * US, here + f", no connections, {late}"
                                            f" (right after start-up: {start_up * US:.0f})", "CPU-us/s"),
            "idle_cpu_us_per_connection_s": figure(node_idle * US, here + f", {late_connections:.0f} idle connections, {late},"
                                                  " minus none (0 when below zero: noise)", "CPU-us/s"),
            "cluster_client_cpu_us_per_shard_s": figure(client_per_shard * US, here + f" at rest on a {run['shards']}-master"
                                                        f" Redis Cluster minus on a standalone Redis, both {run['jit_warmup']} s"
                                                        " after start-up, per master (following the topology; 0 if below"
                                                        f" zero; both right after start-up: {client_at_start * US:.0f})",
                                                        "CPU-us/s"),
            "cpu_us_per_send": figure(per_send * US, here + ", " + windows, "CPU-us"),
            "cpu_us_per_commit": figure(per_commit * US, "same windows; " + commit_note, "CPU-us"),
            "cpu_us_per_envelope_received": figure(per_envelope * US, "same windows: an envelope of another node's send"
                                                   " (broker receive, decode, local fan-out)", "CPU-us"),
            "cpu_us_per_delivery": figure(per_delivery * US, "same windows", "CPU-us"),
            "cpu_us_per_recipient": figure(per_recipient * US, "same windows: on the sending node, per other member of"
                                           " the chat at each send", "CPU-us"),
            "deliveries_to_sender": figure(sum(self_copies) / len(self_copies), "node 1's deliveries per send minus its"
                                           " other members, the load windows", "frames"),
            "envelopes_per_send": figure(sum(w.delta(f"node.{n}.published") for w, _ in loads for n in nodes) / sends,
                                         "broker envelopes published per send, the load windows", "envelopes"),
            "canary_publishes_per_s": figure(empty.rate("redis.0.publish") / run["nodes"], here + ", no connections,"
                                             " per node", "1/s"),
            "append_lanes": figure(4, "PostgresStorage.APPEND_LANES (group commit lanes per node)", "lanes"),
        },
        "redis": {
            "baseline_cpu_us_per_s": figure(redis_base * US, here + ", a standalone Redis, no connections", "CPU-us/s"),
            "cluster_shard_baseline_cpu_us_per_s": figure(shard_base * US, f"bin/measure-capacity calibration,"
                                                          f" {run['date']}, a {run['shards']}-master Redis Cluster at rest"
                                                          " (cluster bus, cron), mean per master", "CPU-us/s"),
            "cluster_shard_cpu_us_per_node_s": figure(shard_per_node * US, f"the same cluster with {run['nodes']} nodes at"
                                                      " rest on it, minus alone, per master and node (their topology"
                                                      " refreshes; 0 if below zero)", "CPU-us/s"),
            "idle_cpu_us_per_connection_s": figure(redis_idle * US, here + f", {connections:.0f} idle connections", "CPU-us/s"),
            "cpu_us_per_publish": figure(per_publish * US, f"per PUBLISH with {run['nodes']} subscribers, minus theirs;"
                                         " includes whatever else Redis does per send (the chat cache's writes)", "CPU-us"),
            "cpu_us_per_subscriber": figure(per_subscriber * US, "per PUBLISH with one more subscriber (a redis-cli)"
                                            " minus without (0 when below zero: noise)", "CPU-us"),
        },
        "postgresql": {
            "baseline_backend_cpu_us_per_node_s": figure(pg_base * US, here + f", {late_connections:.0f} idle connections,"
                                                         f" {late}, the database's client backends per node", "CPU-us/s"),
            "backend_cpu_us_per_send": figure(pg_row * US, here + ", client backends (not the WAL writer or"
                                              f" checkpointer), {windows}", "CPU-us"),
            "backend_cpu_us_per_commit": figure(pg_commit * US, "same windows; " + commit_note, "CPU-us"),
            "backend_cpu_us_per_recipient": figure(pg_recipient * US, "same windows: per other member of the chat at"
                                                   " each send", "CPU-us"),
            "commits_per_send": figure(commits / sends, here + ", the load windows", "commits"),
            "commit_seconds": figure(commit_seconds / commits, "mean group commit time, the load windows", "s"),
        },
    }


def validate():
    run = json.loads((OUT / "validation.json").read_text())
    w = Window("val")
    empty = snapshot("val-empty")
    nodes = [{
        "connections": float(w.end[f"node.{n}.connections"]),
        "rss_kb": float(w.start[f"node.{n}.rss_kb"]),
        "rss_kb_before": float(empty[f"node.{n}.rss_kb"]),
        "cpu_per_s": w.rate(f"node.{n}.cpu"),
        "sends_per_s": w.rate(f"node.{n}.sent"),
        "deliveries_per_s": w.rate(f"node.{n}.deliveries"),
        "envelopes_received_per_s": w.rate(f"node.{n}.received"),
        "commits_per_s": w.rate(f"node.{n}.commits"),
    } for n in range(run["nodes"])]
    shards = [{
        "slots": w.end.get(f"redis.{n}.slots", ""),
        "publishes_per_s": w.rate(f"redis.{n}.publish"),
        "cpu_per_s": w.rate(f"redis.{n}.cpu"),
    } for n in range(run["shards"])]
    return {
        "window_seconds": round(w.seconds, 1),
        "load": w.load(),
        "established": established("val"),
        "sends_per_s": sum(node["sends_per_s"] for node in nodes),
        "nodes": nodes,
        "shards": shards,
        "postgresql": {"commits_per_s": sum(node["commits_per_s"] for node in nodes),
                       "backend_cpu_per_s": w.pg_cpu() / w.seconds},
    }


if __name__ == "__main__":
    OUT = Path(sys.argv[2])
    print(json.dumps({"calibrate": calibrate, "validate": validate}[sys.argv[1]](), indent=2))
