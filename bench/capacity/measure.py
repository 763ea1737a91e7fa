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

OUT = Path(sys.argv[2])
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


def calibrate():
    run = json.loads((OUT / "calibration.json").read_text())
    empty, idle = Window("cal-empty"), Window("cal-idle")
    small, large = Window(f"cal-groups{run['small_group']}"), Window(f"cal-groups{run['large_group']}")
    second = Window("cal-second-subscriber")
    connections = float(idle.end["node.0.connections"])

    node_base = empty.rate("node.0.cpu")
    node_idle = not_below_zero((idle.rate("node.0.cpu") - node_base) / connections)
    rss_base = float(empty.start["node.0.rss_kb"])
    rss_per_connection = (float(idle.start["node.0.rss_kb"]) - rss_base) / connections

    def node_work(w):
        """The node's CPU-seconds in the window beyond what its idle connections cost."""
        held = float(w.end["node.0.connections"])
        return w.delta("node.0.cpu") - (node_base + node_idle * held) * w.seconds

    # Two windows, two unknowns: CPU per send (store, publish, receive the envelope, ack) and per delivery.
    s1, d1, s2, d2 = (small.delta("node.0.sent"), small.delta("node.0.deliveries"),
                      large.delta("node.0.sent"), large.delta("node.0.deliveries"))
    det = s1 * d2 - s2 * d1
    per_delivery = (s1 * node_work(large) - s2 * node_work(small)) / det
    per_send = (node_work(small) * d2 - node_work(large) * d1) / det
    sends = s1 + s2
    self_copies = [w.delta("node.0.deliveries") / w.delta("node.0.sent") - (m - 1)
                   for w, m in ((small, run["small_group"]), (large, run["large_group"]))]

    redis_base = empty.rate("redis.0.cpu")
    redis_idle = not_below_zero((idle.rate("redis.0.cpu") - redis_base) / connections)

    def redis_per_publish(w):
        held = float(w.end["node.0.connections"])
        work = w.delta("redis.0.cpu") - (redis_base + redis_idle * held) * w.seconds
        return work / w.delta("redis.0.publish")

    one_subscriber, two_subscribers = redis_per_publish(large), redis_per_publish(second)
    per_subscriber = two_subscribers - one_subscriber
    pg_idle = idle.pg_cpu() / idle.seconds
    pg_per_send = sum(w.pg_cpu() - pg_idle * w.seconds for w in (small, large)) / sends
    commits = small.delta("node.0.commits") + large.delta("node.0.commits")
    commit_seconds = small.delta("node.0.commit_seconds") + large.delta("node.0.commit_seconds")
    here = f"bin/measure-capacity calibration, {run['date']}, one node"
    return {
        "calibrated": run["date"],
        "machine": f"{run['cpu']}, {run['cores']} cores, shared with other work (load {idle.load():.0f} to {large.load():.0f})",
        "calibration": run,
        "node": {
            "baseline_rss_kb": figure(rss_base, here + ", no connections, after a full GC (JVM defaults: G1, heap 1/4 of RAM)",
                                      "kB"),
            "rss_per_connection_kb": figure(rss_per_connection, here + f", {connections:.0f} idle connections, after a full GC",
                                           "kB"),
            "baseline_cpu_us_per_s": figure(node_base * US, here + ", no connections, 20 s", "CPU-us/s"),
            "idle_cpu_us_per_connection_s": figure(node_idle * US, here + f", {connections:.0f} idle connections, 20 s"
                                                  " (0 when the difference from no connections is below zero: noise)", "CPU-us/s"),
            "cpu_us_per_send": figure(per_send * US, here + f", {run['rate']} sends/s in groups of {run['small_group']}"
                                      f" and of {run['large_group']} (two windows, two unknowns)", "CPU-us"),
            "cpu_us_per_delivery": figure(per_delivery * US, "same two windows", "CPU-us"),
            "deliveries_to_sender": figure(sum(self_copies) / 2, "deliveries per send minus (members - 1), both windows",
                                           "frames"),
            "envelopes_per_send": figure((small.delta("node.0.published") + large.delta("node.0.published")) / sends,
                                         "broker envelopes published per send, both windows", "envelopes"),
            "canary_publishes_per_s": figure(empty.rate("redis.0.publish"), here + ", no connections", "1/s"),
            "append_lanes": figure(4, "PostgresStorage.APPEND_LANES (group commit lanes per node)", "lanes"),
        },
        "redis": {
            "baseline_cpu_us_per_s": figure(redis_base * US, here + ", no connections", "CPU-us/s"),
            "idle_cpu_us_per_connection_s": figure(redis_idle * US, here + f", {connections:.0f} idle connections", "CPU-us/s"),
            "cpu_us_per_publish": figure((one_subscriber - per_subscriber) * US,
                                         "per PUBLISH with one subscriber, minus the per-subscriber cost; includes whatever"
                                         " else Redis does per send (the chat cache's writes)", "CPU-us"),
            "cpu_us_per_subscriber": figure(per_subscriber * US, "per PUBLISH with two subscribers (a redis-cli added)"
                                            " minus with one", "CPU-us"),
        },
        "postgresql": {
            "backend_cpu_us_per_send": figure(pg_per_send * US, here + ", the database's client backends"
                                              " (not the WAL writer or checkpointer)", "CPU-us"),
            "commits_per_send": figure(commits / sends, here + f", {run['rate']} sends/s on one node", "commits"),
            "commit_seconds": figure(commit_seconds / commits, "mean group commit time, both windows", "s"),
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
    print(json.dumps({"calibrate": calibrate, "validate": validate}[sys.argv[1]](), indent=2))
