"""python3 -m unittest discover -s bench/capacity: the calibration's fit of unit costs to windows."""
import unittest

import measure
from measure import fit

# Three windows' work (sends, commits, deliveries) on one node.
WORK = [[100, 100, 0], [100, 50, 900], [30, 20, 0]]


def cpu(per_send, per_commit, per_delivery):
    return [per_send * s + per_commit * c + per_delivery * d for s, c, d in WORK]


class Window:
    """A window's counter differences, as measure.Window gives them."""

    def __init__(self, **deltas):
        self.deltas = deltas

    def delta(self, key):
        return self.deltas.get(key, 0)


def calibration_windows(sends):
    """Both nodes' work in the calibration's load shapes (group size, sends), members alternating over two nodes and
    every sender on node 0: node 0 publishes each send and delivers to its other members there, node 1 receives each
    envelope and delivers to its members."""
    rows = []
    for size, count in sends:
        sender = Window(**{"node.0.sent": count, "node.0.commits": count, "node.0.published": count,
                           "node.0.received": count, "node.0.deliveries": count * (size // 2 - 1)})
        receiver = Window(**{"node.1.received": count, "node.1.deliveries": count * size // 2})
        rows += [measure.work_done(sender, 0, size), measure.work_done(receiver, 1, size)]
    return rows


class FitTest(unittest.TestCase):

    def test_recovers_the_costs_that_made_the_windows(self):
        for got, want in zip(fit(WORK, cpu(3, 7, 0.5), [0, 1, 2]), [3, 7, 0.5]):
            self.assertAlmostEqual(got, want)

    def test_a_column_left_out_costs_nothing_and_the_others_carry_it(self):
        per_send, per_commit, per_delivery = fit(WORK, cpu(3, 0, 0.5), [0, 2])
        self.assertEqual(per_commit, 0)
        self.assertAlmostEqual(per_send, 3)
        self.assertAlmostEqual(per_delivery, 0.5)

    def test_a_cost_below_zero_is_noise_and_the_rest_is_fitted_again(self):
        per_send, per_commit, per_delivery = fit(WORK, cpu(3, -1, 0.5), [0, 1, 2])
        self.assertEqual(per_commit, 0)
        self.assertGreater(per_send, 0)
        self.assertGreater(per_delivery, 0)

    def test_an_at_rest_window_whose_connections_changed_is_refused(self):
        steady = Window()
        steady.start, steady.end = {"node.0.connections": "1000"}, {"node.0.connections": "1000"}
        self.assertEqual(measure.held_throughout(steady, [0]), 1000)
        closing = Window()
        closing.start, closing.end = {"node.0.connections": "1000"}, {"node.0.connections": "0"}
        with self.assertRaises(SystemExit):
            measure.held_throughout(closing, [0])

    def test_a_sends_recipients_are_its_chats_other_members_on_the_sending_node_only(self):
        sender, receiver = calibration_windows([(10, 30)])
        self.assertEqual(sender, [30, 30, 0, 120, 270])  # sends, commits, envelopes from the other node, deliveries, recipients
        self.assertEqual(receiver, [0, 0, 30, 150, 0])

    def test_the_calibrations_shapes_tell_a_recipients_cost_from_a_sends_an_envelopes_and_a_deliverys(self):
        rows = calibration_windows([(2, 3000), (20, 3000), (2, 600), (10, 600)])
        costs = [700, 0, 40, 12, 30]  # per send, commit (not told apart: one per send), envelope, delivery, recipient
        cpu_seconds = [sum(c * x for c, x in zip(costs, row)) for row in rows]
        for got, want in zip(fit(rows, cpu_seconds, [0, 2, 3, 4]), costs):
            self.assertAlmostEqual(got, want)

    def test_memory_per_connection_is_the_slope_between_two_idle_counts_not_from_zero(self):
        # Two nodes that grew their heaps by 60 MB for the first connections, then 10 KB per connection.
        fewer = [(1000, 250_000 + 60_000 + 10_000), (1000, 240_000 + 60_000 + 10_000)]
        more = [(5000, 250_000 + 60_000 + 50_000), (5000, 240_000 + 60_000 + 50_000)]
        at_none, per_connection = measure.rss_line(fewer, more)
        self.assertAlmostEqual(per_connection, 10)
        self.assertAlmostEqual(at_none, 305_000)


if __name__ == "__main__":
    unittest.main()
