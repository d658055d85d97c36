"""Structure-similarity metrics of library hits: the metric code of bench/analog_search.py.

Fingerprints are dense 0/1 matrices (one row per molecule), so Tanimoto matrices are two matrix
products; RDKit only makes the bits. Unit-tested by test/python/test_analog_metrics.py.
"""
import numpy as np

FINGERPRINTS = ('morgan', 'rdkit')  # Morgan radius 2 (the Tanimoto term's own), RDKFingerprint (MS2Query's)
BITS = 2048


def fingerprints(smiles, kind):
    """[len(smiles), BITS] uint8 bits; a SMILES RDKit cannot parse gives a row of zeros (Tanimoto 0)."""
    from rdkit import Chem, DataStructs, RDLogger
    from rdkit.Chem import AllChem
    RDLogger.DisableLog('rdApp.*')
    bits = np.zeros((len(smiles), BITS), dtype=np.uint8)
    for i, text in enumerate(smiles):
        molecule = Chem.MolFromSmiles(text) if text else None
        if molecule is None:
            continue
        if kind == 'morgan':
            fingerprint = AllChem.GetMorganFingerprintAsBitVect(molecule, 2, nBits=BITS)
        elif kind == 'rdkit':
            fingerprint = Chem.RDKFingerprint(molecule, fpSize=BITS)
        else:
            raise ValueError(f'unknown fingerprint {kind}')
        DataStructs.ConvertToNumpyArray(fingerprint, bits[i])
    return bits


def tanimoto_matrix(a, b):
    """Tanimoto similarity of every row of a with every row of b; 0 where both are empty."""
    a = a.astype(np.float32)
    b = b.astype(np.float32)
    shared = a @ b.T
    union = a.sum(1)[:, None] + b.sum(1)[None, :] - shared
    return np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)


def quality(similarities, thresholds=(0.6, 0.7, 0.8)):
    """Mean of the hits' structural similarities and the shares at or above each threshold."""
    similarities = np.asarray(similarities, dtype=float)
    return [similarities.mean()] + [(similarities >= t).mean() for t in thresholds]


def quality_against_recall(scores, similarities):
    """Queries sorted by their hit's score, best first: (share of queries kept, score threshold, mean
    similarity of the kept hits) as the lowest-scoring query is dropped one at a time."""
    order = np.argsort(-np.asarray(scores, dtype=float), kind='stable')
    kept = np.arange(1, len(order) + 1)
    means = np.cumsum(np.asarray(similarities, dtype=float)[order]) / kept
    return kept / len(order), np.asarray(scores, dtype=float)[order], means


def bin_balanced_pearson(scores, similarities, bins=10):
    """Pearson correlation of scores with similarities over pairs balanced over `bins` equal-width bins of
    similarity on [0, 1] (the top bin includes 1): each non-empty bin carries the same total weight,
    spread evenly over its pairs. This is the expectation of drawing equally many pairs from every bin
    (DreaMS's protocol) without the sampling noise, which matters where a bin holds few pairs."""
    x = np.asarray(scores, dtype=float)
    y = np.asarray(similarities, dtype=float)
    bin_of = np.minimum((y * bins).astype(int), bins - 1)
    counts = np.bincount(bin_of, minlength=bins)
    weights = 1.0 / counts[bin_of]
    weights /= weights.sum()
    dx = x - np.sum(weights * x)
    dy = y - np.sum(weights * y)
    return float(np.sum(weights * dx * dy) / np.sqrt(np.sum(weights * dx * dx) * np.sum(weights * dy * dy)))
