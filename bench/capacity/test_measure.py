"""python3 -m unittest discover -s bench/capacity: the calibration's fit of unit costs to windows."""
import unittest

from measure import fit

# Three windows' work (sends, commits, deliveries) on one node.
WORK = [[100, 100, 0], [100, 50, 900], [30, 20, 0]]


def cpu(per_send, per_commit, per_delivery):
    return [per_send * s + per_commit * c + per_delivery * d for s, c, d in WORK]


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


if __name__ == "__main__":
    unittest.main()
