"""Table of bench/structure_weight.sh: for each share w of the structure head in the search score, the
large-library twin's top-1 hit ratio, the analog twin's top-1 Tanimoto (Morgan r2 2048 bits: mean, share
>= 0.6) and the bin-balanced Pearson correlation of the score with Tanimoto (held-out compounds against one
spectrum per training compound) on a model's validation compounds.

Usage: structure_weight.py MODEL WORK
  WORK/{validation_query,replicate_ref,validation_library}.msp and their .embeddings.tsv (SpecEmbeddingAnnotator -out_embeddings):
  the first spectrum of each held-out compound, the held-out compounds' other spectra, the training spectra.
"""
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import analog_metrics as metrics  # noqa: E402
from analog_search import read_msp  # noqa: E402

WEIGHTS = (0.01, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.99)


def heads(path, spectrum_dim):
    """The unit spectrum and structure embeddings of an -out_embeddings table."""
    values = np.loadtxt(path, comments='#', dtype=str, delimiter='\t', ndmin=2)[:, 1:].astype(np.float64)
    parts = values[:, :spectrum_dim], values[:, spectrum_dim:]
    return [part / np.linalg.norm(part, axis=1, keepdims=True) for part in parts]


def main():
    model, work = sys.argv[1], sys.argv[2]
    architecture = json.loads(torch.load(model)['header'])['architecture']
    if architecture.get('structure_dim', 0) == 0:
        sys.exit(f'{model} has no structure head')
    sets = {}
    for name in ('validation_query', 'replicate_ref', 'validation_library'):
        records = read_msp(f'{work}/{name}.msp')
        spectrum, structure = heads(f'{work}/{name}.embeddings.tsv', architecture['dim_target'])
        if len(records) != len(spectrum):
            sys.exit(f'{name}: {len(records)} records but {len(spectrum)} embeddings')
        sets[name] = (records, spectrum, structure)
    first, reference, training = sets['validation_query'], sets['replicate_ref'], sets['validation_library']
    first_keys = np.array([key for _, key in first[0]])
    library_keys = np.array([key for _, key in reference[0] + training[0]])
    identity_queries = np.isin(first_keys, [key for _, key in reference[0]])
    tanimoto = metrics.tanimoto_matrix(metrics.fingerprints([s for s, _ in first[0]], 'morgan'),
                                       metrics.fingerprints([s for s, _ in training[0]], 'morgan'))
    print(f'{identity_queries.sum()} large-library twin queries against {len(library_keys)} spectra; '
          f'{len(first_keys)} analog twin queries against {len(training[0])} training spectra')
    # Pairs for the correlation: each held-out compound's first spectrum with the first spectrum of every
    # training compound.
    first_of_compound = {}
    for i, (_, key) in enumerate(training[0]):
        first_of_compound.setdefault(key, i)
    pair_columns = np.array(sorted(first_of_compound.values()))
    pair_tanimoto = tanimoto[:, pair_columns].ravel()
    print(f'{"w":>5} {"large-library top-1":>20} {"analog mean Tanimoto":>21} {"analog >= 0.6":>14} {"Pearson":>8}')
    for w in WEIGHTS:
        def score(a, b):
            return (1 - w) * a[1] @ b[1].T + w * a[2] @ b[2].T
        library_score = np.concatenate([score(first, reference), score(first, training)], axis=1)
        identity = (library_keys[library_score.argmax(1)] == first_keys)[identity_queries].mean()
        analog = tanimoto[np.arange(len(first_keys)), score(first, training).argmax(1)]
        pearson = metrics.bin_balanced_pearson(score(first, training)[:, pair_columns].ravel(), pair_tanimoto)
        print(f'{w:5.2f} {identity:20.3f} {analog.mean():21.3f} {(analog >= 0.6).mean():14.3f} {pearson:8.3f}')


if __name__ == '__main__':
    main()
