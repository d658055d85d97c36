"""Unit tests of bench/analog_metrics.py on hand-made cases whose values are worked out by hand."""
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'bench'))
import analog_metrics as metrics  # noqa: E402


def bits(*on, width=8):
    row = np.zeros(width, dtype=np.uint8)
    row[list(on)] = 1
    return row


class TanimotoMatrix(unittest.TestCase):
    def test_hand_computed_values(self):
        a = np.stack([bits(0, 1, 2), bits(4, 5)])
        b = np.stack([bits(1, 2, 3), bits(0, 1, 2), bits(6, 7), bits()])
        expected = np.array([[2 / 4, 1.0, 0.0, 0.0],   # {0,1,2} vs {1,2,3}: 2 shared of 4
                             [0.0, 0.0, 0.0, 0.0]])
        np.testing.assert_allclose(metrics.tanimoto_matrix(a, b), expected)

    def test_rdkit_bits_agree_with_rdkit_tanimoto(self):
        from rdkit import DataStructs
        from rdkit.Chem import AllChem, MolFromSmiles
        smiles = ['c1ccccc1O', 'Cc1ccccc1O', 'CCCCCC(=O)O']
        fps = [AllChem.GetMorganFingerprintAsBitVect(MolFromSmiles(s), 2, nBits=2048) for s in smiles]
        ours = metrics.tanimoto_matrix(metrics.fingerprints(smiles, 'morgan'), metrics.fingerprints(smiles, 'morgan'))
        for i in range(3):
            for j in range(3):
                self.assertAlmostEqual(ours[i, j], DataStructs.TanimotoSimilarity(fps[i], fps[j]), places=6)

    def test_unparsable_smiles_has_no_bits(self):
        self.assertEqual(metrics.fingerprints(['not a molecule', ''], 'rdkit').sum(), 0)


class Quality(unittest.TestCase):
    def test_mean_and_shares(self):
        mean, at6, at7, at8 = metrics.quality([0.2, 0.6, 0.75, 0.9])
        self.assertAlmostEqual(mean, 2.45 / 4)
        self.assertEqual((at6, at7, at8), (0.75, 0.5, 0.25))

    def test_quality_against_recall_drops_the_lowest_score_first(self):
        share, threshold, mean = metrics.quality_against_recall([0.1, 0.9, 0.5], [0.0, 0.8, 0.4])
        np.testing.assert_allclose(share, [1 / 3, 2 / 3, 1.0])
        np.testing.assert_allclose(threshold, [0.9, 0.5, 0.1])
        np.testing.assert_allclose(mean, [0.8, 0.6, 0.4])


class BinBalancedPearson(unittest.TestCase):
    def test_equals_the_plain_correlation_of_equally_filled_bins(self):
        similarity = np.array([0.05, 0.15, 0.55, 0.95])  # one pair in each of four bins
        scores = np.array([0.1, 0.3, 0.2, 0.9])
        self.assertAlmostEqual(metrics.bin_balanced_pearson(scores, similarity), np.corrcoef(scores, similarity)[0, 1])

    def test_a_crowded_bin_counts_as_much_as_a_single_pair(self):
        # Bin 0 holds three pairs, bin 9 one: weights 1/6, 1/6, 1/6 and 1/2. By hand: mean x 0.5,
        # var x = (2.25 + 0.25 + 0.25) / 6 + 0.25 / 2 = 0.58333; mean y 0.5, var y 0.2025;
        # cov = (-1.5 - 0.5 + 0.5)(-0.45) / 6 + 0.5 * 0.45 / 2 = 0.225.
        scores = np.array([-1.0, 0.0, 1.0, 1.0])
        similarity = np.array([0.05, 0.05, 0.05, 0.95])
        expected = 0.225 / np.sqrt(0.58333333 * 0.2025)
        self.assertAlmostEqual(metrics.bin_balanced_pearson(scores, similarity), expected, places=5)
        self.assertNotAlmostEqual(np.corrcoef(scores, similarity)[0, 1], expected, places=2)

    def test_similarity_one_falls_in_the_top_bin(self):
        self.assertAlmostEqual(metrics.bin_balanced_pearson([0.0, 1.0], [0.0, 1.0]), 1.0)


if __name__ == '__main__':
    unittest.main()
