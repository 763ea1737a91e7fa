"""python3 -m unittest discover -s bench/capacity: the capacity model's arithmetic on made-up unit costs."""
import json
import unittest
from pathlib import Path

import model

HERE = Path(__file__).parent


def costs(**given):
    """Every unit cost model.py reads at 0 (one lane, no sender copies, one envelope per send), but those GIVEN:
    section=dict(figure=value)."""
    sections = {section: {key: {"value": 0.0} for key, _ in keys.values()} for section, keys in model.UNIT_COSTS.items()}
    given.setdefault("node", {})
    given["node"] = {"append_lanes": 1, "envelopes_per_send": 1, **given["node"]}
    for section, figures in given.items():
        for key, value in figures.items():
            sections[section][key]["value"] = value
    return sections


def run(nodes, shards, group_size):
    """One load generator, 4 groups of GROUP_SIZE sending 10 sends/s in all, round-robin over NODES."""
    return {"nodes": nodes, "shards": shards, "loadgens": 1, "connections_per_loadgen": 4 * group_size,
            "groups_per_loadgen": 4, "group_size": group_size, "rate_per_loadgen": 10, "chat_ids": [1, 2, 3, 4]}


class ModelTest(unittest.TestCase):

    def test_a_node_pays_for_envelopes_of_other_nodes_sends_not_for_its_own(self):
        p = model.predict(costs(node=dict(cpu_us_per_envelope_received=1000)), run(nodes=2, shards=1, group_size=2), None)
        sender, receiver = p["nodes"]
        self.assertEqual(sender["cpu_per_s"], 0)
        self.assertAlmostEqual(receiver["cpu_per_s"], 10 * 1000e-6)

    def test_the_senders_node_pays_per_recipient_wherever_the_recipients_are(self):
        c = costs(node=dict(cpu_us_per_recipient=100), postgresql=dict(backend_cpu_us_per_recipient=10))
        p = model.predict(c, run(nodes=2, shards=1, group_size=4), None)
        sender, receiver = p["nodes"]
        self.assertAlmostEqual(sender["cpu_per_s"], 10 * 3 * 100e-6)  # 10 sends/s, 3 other members each
        self.assertEqual(receiver["cpu_per_s"], 0)
        self.assertAlmostEqual(p["postgresql"]["backend_cpu_per_s"], 10 * 3 * 10e-6)

    def test_postgresql_pays_per_node_per_row_and_per_commit(self):
        c = costs(postgresql=dict(baseline_backend_cpu_us_per_node_s=100, backend_cpu_us_per_send=10,
                                  backend_cpu_us_per_commit=1000, commit_seconds=0.1))
        p = model.predict(c, run(nodes=2, shards=1, group_size=2), None)["postgresql"]
        commits = 10 / (1 + 10 * 0.1)  # one lane batching a tenth of a second's sends
        self.assertAlmostEqual(p["commits_per_s"], commits)
        self.assertAlmostEqual(p["backend_cpu_per_s"], (2 * 100 + 10 * 10 + commits * 1000) * 1e-6)

    def test_a_cluster_master_at_rest_counts_only_in_a_cluster_with_each_node_following_it(self):
        c = costs(redis=dict(baseline_cpu_us_per_s=1000, cluster_shard_baseline_cpu_us_per_s=5000,
                             cluster_shard_cpu_us_per_node_s=300))
        standalone = model.predict(c, run(nodes=2, shards=1, group_size=2), None)["shards"]
        cluster = model.predict(c, run(nodes=2, shards=3, group_size=2), None)["shards"]
        self.assertEqual([s["cpu_per_s"] for s in standalone], [1000e-6])
        self.assertEqual([s["cpu_per_s"] for s in cluster], [(5000 + 2 * 300) * 1e-6] * 3)

    def test_a_node_following_a_cluster_pays_per_master(self):
        c = costs(node=dict(baseline_cpu_us_per_s=1000, cluster_client_cpu_us_per_shard_s=100))
        standalone = model.predict(c, run(nodes=2, shards=1, group_size=2), None)["nodes"]
        cluster = model.predict(c, run(nodes=2, shards=3, group_size=2), None)["nodes"]
        self.assertEqual([n["cpu_per_s"] for n in standalone], [1000e-6] * 2)
        self.assertEqual([n["cpu_per_s"] for n in cluster], [(1000 + 3 * 100) * 1e-6] * 2)

    def test_the_plan_adds_gateways_until_their_cpu_fits(self):
        with open(HERE / "assumptions.json") as f:
            assumptions = json.load(f)
        cheap = model.plan_scale(model.Costs(costs(node=dict(rss_per_connection_kb=1))), assumptions, 1_000_000)
        busy = model.plan_scale(model.Costs(costs(node=dict(rss_per_connection_kb=1, cpu_us_per_envelope_received=100_000))),
                                assumptions, 1_000_000)
        self.assertEqual(cheap["gateways"], cheap["by_cap"])
        self.assertGreater(busy["gateways"], cheap["gateways"])
        self.assertLessEqual(busy["by_cpu"], busy["gateways"])


if __name__ == "__main__":
    unittest.main()
