#!/usr/bin/env python3
"""Vestnik's capacity model: measured unit costs x a workload = nodes, shards, database and cost.

    python3 bench/capacity/model.py plan costs.json assumptions.json
    python3 bench/capacity/model.py predict costs.json validation.json [--measured measured.json]

costs.json is what bin/measure-capacity measured on two nodes (CPU-seconds per send, per commit, per
recipient of a send on the sender's node, per envelope of another node's send and per delivery, RSS
per connection, Redis CPU per publish and per subscriber and a cluster master's at rest, PostgreSQL
CPU per node at rest, per row, per commit and per recipient, the group commit's time). assumptions.json is what is assumed: head-room, workload, instance prices.

plan: for each scale of assumptions.json, the gateway nodes (the larger of memory and CPU need),
workers, Redis shards (Redis runs commands on one core), the PostgreSQL primary, partitions,
standby and pgbouncer, and the monthly cost; Markdown on stdout.

predict: the scaled-down run of bin/measure-capacity (validation.json: nodes, shards, load
generators, groups, rate, the chats' ids): per node and per shard what the costs predict. With
--measured, the run's own figures beside them and the error of each. The workload is the send rate
the run achieved (the offered one when the machine kept up); the unit costs are the calibration's
only, never fitted to this run.
"""
import json
import math
import sys

US = 1e-6
SLOTS = 16384


# The figures of costs.json the model uses: section -> {attribute: (figure, scale to seconds or 1)}.
UNIT_COSTS = {
    "node": {"rss_base_kb": ("baseline_rss_kb", 1), "rss_per_connection_kb": ("rss_per_connection_kb", 1),
             "node_base": ("baseline_cpu_us_per_s", US), "node_idle": ("idle_cpu_us_per_connection_s", US),
             "client_per_shard": ("cluster_client_cpu_us_per_shard_s", US),
             "per_send": ("cpu_us_per_send", US), "per_commit": ("cpu_us_per_commit", US),
             "per_recipient": ("cpu_us_per_recipient", US),
             "per_envelope": ("cpu_us_per_envelope_received", US), "per_delivery": ("cpu_us_per_delivery", US),
             "sender_copies": ("deliveries_to_sender", 1), "envelopes_per_send": ("envelopes_per_send", 1),
             "canary_rate": ("canary_publishes_per_s", 1), "lanes": ("append_lanes", 1)},
    "redis": {"redis_base": ("baseline_cpu_us_per_s", US), "shard_base": ("cluster_shard_baseline_cpu_us_per_s", US),
              "shard_per_node": ("cluster_shard_cpu_us_per_node_s", US),
              "redis_idle": ("idle_cpu_us_per_connection_s", US), "per_publish": ("cpu_us_per_publish", US),
              "per_subscriber": ("cpu_us_per_subscriber", US)},
    "postgresql": {"pg_base": ("baseline_backend_cpu_us_per_node_s", US), "pg_per_send": ("backend_cpu_us_per_send", US),
                   "pg_per_commit": ("backend_cpu_us_per_commit", US),
                   "pg_per_recipient": ("backend_cpu_us_per_recipient", US), "commit_seconds": ("commit_seconds", 1)},
}


class Costs:
    """The measured unit costs, in seconds and kB."""

    def __init__(self, costs):
        for section, figures in UNIT_COSTS.items():
            for attribute, (key, scale) in figures.items():
                setattr(self, attribute, costs[section][key]["value"] * scale)
        self.sender_copies = round(self.sender_copies)

    def node_base_cpu(self, shards):
        """A node at rest, on a standalone Redis or following a cluster's masters."""
        return self.node_base + (shards * self.client_per_shard if shards > 1 else 0)

    def node_cpu(self, shards, connections, sends, commits, recipients, foreign, deliveries):
        """CPU-seconds per second of one node: at rest, its connections, the sends it stores and commits, their
        recipients (the chats' other members, wherever they are), the envelopes of other nodes' sends it
        receives, the frames it writes."""
        return (self.node_base_cpu(shards) + connections * self.node_idle + sends * self.per_send
                + commits * self.per_commit + recipients * self.per_recipient + foreign * self.per_envelope
                + deliveries * self.per_delivery)

    def node_rss_kb(self, connections):
        return self.rss_base_kb + connections * self.rss_per_connection_kb

    def deliveries_per_send(self, members):
        return members - 1 + self.sender_copies

    def publish_cpu(self, subscribers):
        return self.per_publish + subscribers * self.per_subscriber

    def shard_base_cpu(self, shards, nodes):
        """A Redis at rest: standalone, or one master of a cluster (its bus and cron, the nodes' topology refreshes)."""
        return self.redis_base if shards == 1 else self.shard_base + nodes * self.shard_per_node

    def commits(self, sends):
        """Group commit on one node: a lane's commit takes everything that arrived while the last one ran."""
        return sends / (1 + sends / self.lanes * self.commit_seconds)

    def pg_cpu(self, nodes, sends, commits, recipients):
        """PostgreSQL backends' CPU-seconds per second: each node's pool at rest, the rows, the commits and the
        sends' recipients."""
        return nodes * self.pg_base + sends * self.pg_per_send + commits * self.pg_per_commit + recipients * self.pg_per_recipient


# --- plan ------------------------------------------------------------------------------------------

def nodes_reached(members, nodes):
    """Nodes holding at least one of a chat's members, members placed at random."""
    return nodes * (1 - (1 - 1 / nodes) ** members)


PHASES = ((10_000, 1), (100_000, 2), (1_000_000, 3))  # document 004: users up to ... -> phase


def phase(users):
    return next((number for limit, number in PHASES if users <= limit), 4)


def plan_scale(c, a, connections):
    head = a["headroom"]["value"]
    work, inst, topo = a["workload"], a["instances"], a["topology"]
    gw = inst["gateway"]
    sends = connections * work["sends_per_connection_per_s"]
    sizes = work["chat_sizes"]
    deliveries = sends * sum(s["share_of_sends"] * c.deliveries_per_send(s["members"]) for s in sizes)
    recipients = sends * sum(s["share_of_sends"] * (s["members"] - 1) for s in sizes)

    memory_kb = head * gw["memory_gb"] * 1024 * 1024 - c.rss_base_kb
    by_memory = math.ceil(connections * c.rss_per_connection_kb / memory_kb)
    by_cap = math.ceil(connections / topo["connections_per_gateway_cap"])
    publishes = sends * c.envelopes_per_send
    gateways = max(2, by_memory, by_cap)
    while True:  # more nodes, more of them receive each send and follow the shards: until the CPU need fits the count
        reach = sum(s["share_of_sends"] * nodes_reached(s["members"], gateways) for s in sizes)
        commits = gateways * c.commits(sends / gateways)
        redis_work = connections * c.redis_idle + publishes * c.publish_cpu(reach)
        nodes = gateways + topo["workers"]
        shards = math.ceil(redis_work / (head - c.shard_base_cpu(3, nodes)))
        shards = 1 if shards <= 1 else max(3, shards)
        foreign = sends * c.envelopes_per_send * (reach - 1)
        base = c.node_base_cpu(shards)
        busy = c.node_cpu(shards, connections, sends, commits, recipients, foreign, deliveries) - base
        by_cpu = math.ceil(busy / (head * gw["cores"] - base))
        if by_cpu <= gateways:
            break
        gateways = by_cpu

    pg_cores = c.pg_cpu(nodes, sends, commits, recipients) / head
    fitting = [p for p in inst["postgresql"] if p["cores"] >= pg_cores]
    primary = fitting[0] if fitting else inst["postgresql"][-1]
    store = a["storage"]
    month_gb = sends * 86400 * 30 * store["bytes_per_message"] / 1e9
    disk_gb = month_gb * (store["retention_months"] + 1)
    server_connections = nodes * topo["database_pool_per_node"]
    bouncers = topo["pgbouncer_instances"] if server_connections > topo["pgbouncer_above_server_connections"] else 0
    databases = 1 + topo["postgresql_standbys"]
    redis_instances = shards * (1 + topo["redis_replicas_per_shard"])

    hourly = (gateways * gw["usd_per_hour"] + topo["workers"] * inst["worker"]["usd_per_hour"]
              + redis_instances * inst["redis"]["usd_per_hour"] + databases * primary["usd_per_hour"]
              + bouncers * inst["pgbouncer"]["usd_per_hour"])
    storage = databases * disk_gb * store["usd_per_gb_month"]
    monthly = hourly * a["hours_per_month"] + storage
    return {
        "connections": connections, "users": connections / work["share_online"], "sends": sends, "deliveries": deliveries,
        "gateways": gateways, "by_memory": by_memory, "by_cpu": by_cpu, "by_cap": by_cap, "reach": reach,
        "redis_cores": redis_work + shards * c.shard_base_cpu(shards, nodes), "shards": shards, "redis_instances": redis_instances,
        "pg_cores": pg_cores, "primary": primary, "fits": bool(fitting), "commits": commits,
        "month_gb": month_gb, "disk_gb": disk_gb, "server_connections": server_connections,
        "bouncers": bouncers, "monthly": monthly, "storage": storage,
    }


def plan(costs, assumptions):
    c, a = Costs(costs), assumptions
    gw = a["instances"]["gateway"]
    rows = [plan_scale(c, a, n) for n in a["workload"]["scales"]]
    out = [f"Head-room {a['headroom']['value']:.0%}; gateway {gw['type']} ({gw['cores']} vCPU, {gw['memory_gb']} GB);"
           f" {a['provider']}", "",
           "| phase (users) | connections | sends/s | deliveries/s | gateway nodes (memory / CPU / cap) | workers | nodes a send reaches"
           " | Redis cores | Redis shards (instances) | PostgreSQL primary (cores needed) | commits/s | storage/month"
           " | standby, pgbouncer | cost / month (storage) |",
           "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        primary = r["primary"]["type"] if r["fits"] else f"exceeds {r['primary']['type']}: partition by chat or shard"
        redis = "1 (standalone + replica)" if r["shards"] == 1 else f"{r['shards']} masters ({r['redis_instances']})"
        pooling = f"1 standby, {'pgbouncer x' + str(r['bouncers']) if r['bouncers'] else 'no pgbouncer'}" \
                  f" ({r['server_connections']} server connections)"
        out.append(f"| {phase(r['users'])} ({r['users']:,.0f}) | {r['connections']:,} | {r['sends']:,.0f} | {r['deliveries']:,.0f} | {r['gateways']}"
                   f" ({r['by_memory']} / {r['by_cpu']} / {r['by_cap']}) | {a['topology']['workers']} | {r['reach']:.1f}"
                   f" | {r['redis_cores']:.2f} | {redis} | {primary} ({r['pg_cores']:.1f}) | {r['commits']:,.0f}"
                   f" | {r['month_gb']:,.0f} GB ({r['disk_gb']:,.0f} GB kept) | {pooling} | ${r['monthly']:,.0f} (${r['storage']:,.0f}) |")
    return "\n".join(out)


# --- predict ---------------------------------------------------------------------------------------

def crc16(data):
    """Redis Cluster's key hash (CRC16-CCITT, XMODEM)."""
    crc = 0
    for byte in data.encode():
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021 if crc & 0x8000 else crc << 1) & 0xFFFF
    return crc


def shard_of(channel, ranges):
    slot = crc16(channel) % SLOTS
    return next(i for i, (low, high) in enumerate(ranges) if low <= slot <= high)


def slot_ranges(shards, measured):
    """The masters' slot ranges: the run's (CLUSTER NODES), else redis-cli's even split in start order."""
    if measured and all(s["slots"] for s in measured["shards"]):
        return [tuple(int(x) for x in s["slots"].split("-")) for s in measured["shards"]]
    step = SLOTS / shards
    return [(math.ceil(i * step) if i else 0, math.ceil((i + 1) * step) - 1) for i in range(shards)]


def placement(run):
    """The load generators' shape, connection by connection: connection i of a generator goes to node i mod n,
    the first groups x size connections form the groups, each group's first member sends."""
    n, size = run["nodes"], run["group_size"]
    connections = [0] * n
    groups = []
    for _ in range(run["loadgens"]):
        for i in range(run["connections_per_loadgen"]):
            connections[i % n] += 1
        for g in range(run["groups_per_loadgen"]):
            members = [0] * n
            for i in range(g * size, (g + 1) * size):
                members[i % n] += 1
            groups.append({"members": members, "sender": (g * size) % n})
    return connections, groups


def predict(costs, run, measured):
    c = Costs(costs)
    n = run["nodes"]
    connections, groups = placement(run)
    if measured:  # the connections that were open (on a busy machine a few handshakes may fail)
        connections = [node["connections"] for node in measured["nodes"]]
    offered = run["rate_per_loadgen"] * run["loadgens"]
    sends_total = measured["sends_per_s"] if measured else offered
    per_group = sends_total / len(groups)
    sends, recipients, deliveries, received = [0.0] * n, [0.0] * n, [0.0] * n, [0.0] * n
    for g in groups:
        sends[g["sender"]] += per_group
        recipients[g["sender"]] += per_group * (sum(g["members"]) - 1)
        for k, members in enumerate(g["members"]):
            if members:
                own = g["sender"] == k
                deliveries[k] += per_group * (members - (0 if c.sender_copies or not own else 1))
                received[k] += per_group * c.envelopes_per_send
    nodes = []
    for k in range(n):
        commits = c.commits(sends[k])
        foreign = received[k] - sends[k] * c.envelopes_per_send  # a sender's node receives its own envelopes too
        nodes.append({"rss_kb": c.node_rss_kb(connections[k]),
                      "cpu_per_s": c.node_cpu(run["shards"], connections[k], sends[k], commits, recipients[k], foreign,
                                              deliveries[k]),
                      "sends_per_s": sends[k], "deliveries_per_s": deliveries[k], "envelopes_received_per_s": received[k],
                      "commits_per_s": commits})

    ranges = slot_ranges(run["shards"], measured)
    publishes, work = [0.0] * run["shards"], [0.0] * run["shards"]
    channels = [(f"vestnik:chat:{chat}", per_group * c.envelopes_per_send, sum(1 for m in g["members"] if m))
                for chat, g in zip(run["chat_ids"], groups)]
    channels += [(f"vestnik-canary:node{k + 1}", c.canary_rate, 1) for k in range(n)]
    for channel, rate, subscribers in channels:
        s = shard_of(channel, ranges)
        publishes[s] += rate
        work[s] += rate * c.publish_cpu(subscribers)
    at_rest = c.shard_base_cpu(run["shards"], n) + sum(connections) * c.redis_idle / run["shards"]
    shards = [{"publishes_per_s": publishes[s], "cpu_per_s": at_rest + work[s]} for s in range(run["shards"])]
    commits = sum(node["commits_per_s"] for node in nodes)
    return {"offered": offered, "sends_per_s": sends_total, "nodes": nodes, "shards": shards,
            "postgresql": {"commits_per_s": commits, "backend_cpu_per_s": c.pg_cpu(n, sends_total, commits, sum(recipients))}}


FIGURES = [  # (where, key, label, format)
    ("nodes", "rss_kb", "RSS MB", lambda v: f"{v / 1024:,.0f}"),
    ("nodes", "cpu_per_s", "CPU-s/s", lambda v: f"{v:.3f}"),
    ("nodes", "deliveries_per_s", "deliveries/s", lambda v: f"{v:,.0f}"),
    ("nodes", "envelopes_received_per_s", "envelopes received/s", lambda v: f"{v:,.1f}"),
    ("nodes", "commits_per_s", "commits/s", lambda v: f"{v:,.1f}"),
    ("shards", "publishes_per_s", "SPUBLISH/s", lambda v: f"{v:,.1f}"),
    ("shards", "cpu_per_s", "CPU-s/s", lambda v: f"{v:.4f}"),
]


def error(p, m):
    return f"{(p - m) / m:+.0%}" if m else "n/a"


def comparison(costs, run, measured):
    p = predict(costs, run, measured)
    out = [f"Costs calibrated {costs['calibrated']}. Offered {p['offered']} sends/s; the model's workload:"
           f" {p['sends_per_s']:.1f} sends/s{' (achieved)' if measured else ''}.", ""]
    if not measured:
        out.append("```\n" + json.dumps(p, indent=2) + "\n```")
        return "\n".join(out)
    out += [f"Window {measured['window_seconds']} s, {measured['established']:,} connections established,"
            f" load average {measured['load']:.0f} on {costs['calibration']['cores']} cores.", "",
            "| figure | predicted | measured | error |", "|---|---|---|---|"]
    for where, key, label, fmt in FIGURES:
        for i, (pred, meas) in enumerate(zip(p[where], measured[where])):
            name = f"node {i + 1}" if where == "nodes" else f"Redis shard {i + 1}"
            out.append(f"| {name} {label} | {fmt(pred[key])} | {fmt(meas[key])} | {error(pred[key], meas[key])} |")
    for key, label, fmt in (("commits_per_s", "commits/s", "{:,.1f}"), ("backend_cpu_per_s", "backend CPU-s/s", "{:.3f}")):
        pred, meas = p["postgresql"][key], measured["postgresql"][key]
        out.append(f"| PostgreSQL {label} | {fmt.format(pred)} | {fmt.format(meas)} | {error(pred, meas)} |")
    return "\n".join(out)


def load(path):
    with open(path) as f:
        return json.load(f)


def main(args):
    if len(args) >= 3 and args[0] == "plan":
        print(plan(load(args[1]), load(args[2])))
    elif len(args) in (3, 5) and args[0] == "predict":
        measured = load(args[4]) if len(args) == 5 and args[3] == "--measured" else None
        print(comparison(load(args[1]), load(args[2]), measured))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
