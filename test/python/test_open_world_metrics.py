"""Unit tests of bench/open_world_metrics.py on hand-made cases whose values are worked out by hand."""
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'bench'))
import open_world_metrics as metrics  # noqa: E402


class PrecisionRecall(unittest.TestCase):
    def test_queries_kept_best_first(self):
        # Scores 0.9 (right), 0.8 (wrong), 0.7 (right), no hit; 3 queries could be right.
        precision, recall = metrics.precision_recall([0.7, 0.9, np.nan, 0.8], [True, True, False, False], 3)
        np.testing.assert_allclose(precision, [1.0, 0.5, 2 / 3])
        np.testing.assert_allclose(recall, [1 / 3, 1 / 3, 2 / 3])


class Calibration(unittest.TestCase):
    def test_reliability_bins_and_their_error(self):
        # Bin [0.2, 0.3): 0.25 and 0.25, one right (share 0.5, |0.25 - 0.5| = 0.25); bin [0.9, 1]: 0.95 and
        # 1.0, both right (|0.975 - 1| = 0.025). ECE = 2/4 x 0.25 + 2/4 x 0.025.
        bins = metrics.reliability([0.25, 0.25, 0.95, 1.0], [True, False, True, True])
        self.assertEqual([count for _, _, count in bins], [0, 0, 2, 0, 0, 0, 0, 0, 0, 2])
        self.assertAlmostEqual(bins[2][0], 0.25)
        self.assertAlmostEqual(bins[2][1], 0.5)
        self.assertAlmostEqual(bins[9][0], 0.975)
        self.assertAlmostEqual(metrics.expected_calibration_error(bins), 0.5 * 0.25 + 0.5 * 0.025)


class FalseDiscovery(unittest.TestCase):
    def test_true_fdr_at_each_estimate(self):
        # q 0.0 (right), 0.0 (right), 0.1 (wrong), 0.1 (right), 0.5 (wrong), none.
        points = metrics.estimated_against_true_fdr([0.0, 0.0, 0.1, 0.1, 0.5, np.nan], [True, True, False, True, False, False])
        self.assertEqual([p[0] for p in points], [0.0, 0.1, 0.5])
        self.assertEqual([p[2] for p in points], [2, 4, 5])
        np.testing.assert_allclose([p[1] for p in points], [0.0, 0.25, 0.4])


if __name__ == '__main__':
    unittest.main()
