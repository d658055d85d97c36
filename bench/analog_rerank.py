"""Table of bench/analog_rerank.sh: the analog twin's top-1 Tanimoto (mean and share >= 0.6, Morgan r2 and
RDKit fingerprints, 2048 bits) of ways to pick the analog hit from the model's scores and spectral entropy.

Usage: analog_rerank.py MODEL WORK
  WORK/validation_{query,library}.msp, their .embeddings.tsv (SpecEmbeddingAnnotator -out_embeddings) and
  WORK/entropy.tsv (spectral_search entropy --matrix). FINGERPRINT_PROBE=1 adds the fingerprint probe.
"""
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import analog_metrics as metrics  # noqa: E402
from structure_weight import heads  # noqa: E402

CONSENSUS_HITS = 20         # top hits (compounds) the consensus weighs
CONSENSUS_TEMPERATURE = 0.05  # softmax temperature of their scores
MASS_PENALTY = 0.002        # score per Da of precursor difference
ORACLE_HITS = 50            # best compounds among which the oracle takes the closest
PROBE_BINS = 1000           # 1-Da bins, 0-1000 m/z, of the probe's input


def read_records(path):
    """Per record: SMILES, first InChIKey block, precursor m/z, peaks [(m/z, intensity)]."""
    records, fields, peaks = [], {}, []
    with open(path) as msp:
        for line in list(msp) + ['']:
            line = line.strip()
            if not line:
                if fields:
                    records.append((fields.get('smiles', ''), fields.get('inchikey', '')[:14],
                                    float(fields.get('precursormz', 'nan')), peaks))
                fields, peaks = {}, []
            elif ':' in line:
                name, _, value = line.partition(':')
                fields[name.strip().lower()] = value.strip()
            else:
                parts = line.split()
                if len(parts) >= 2:
                    peaks.append((float(parts[0]), float(parts[1])))
    return records


def model_scores(model, work):
    """Query x library score matrix as the tools score: cosine, or the heads' mix at the model's weight."""
    architecture = json.loads(torch.load(model)['header'])['architecture']
    parts = [heads(f'{work}/validation_{name}.embeddings.tsv', architecture['dim_target']) for name in ('query', 'library')]
    (query_spectrum, query_structure), (library_spectrum, library_structure) = parts
    if architecture.get('structure_dim', 0) == 0:
        return query_spectrum @ library_spectrum.T
    weight = architecture['structure_weight']
    return (1 - weight) * query_spectrum @ library_spectrum.T + weight * query_structure @ library_structure.T


def binned(records):
    """Square-root intensities, scaled to the base peak, maxed into 1-Da bins; precursor m/z / 1000 last."""
    features = np.zeros((len(records), PROBE_BINS + 1), np.float32)
    for i, (_, _, precursor, peaks) in enumerate(records):
        if peaks:
            mz, intensity = np.array(peaks).T
            np.maximum.at(features[i], np.clip(mz.astype(int), 0, PROBE_BINS - 1), np.sqrt(intensity / intensity.max()))
        features[i, PROBE_BINS] = 0.0 if np.isnan(precursor) else precursor / 1000
    return features


def fingerprint_probe(queries, library, compound_of, compound_bits):
    """Query x compound continuous Tanimoto of predicted bit probabilities with the compounds' true bits; the
    network (2 hidden layers of 1500, dropout 0.3) trains 24 epochs on the library spectra."""
    torch.manual_seed(0)
    network = torch.nn.Sequential(torch.nn.Linear(PROBE_BINS + 1, 1500), torch.nn.ReLU(), torch.nn.Dropout(0.3),
                                  torch.nn.Linear(1500, 1500), torch.nn.ReLU(), torch.nn.Dropout(0.3),
                                  torch.nn.Linear(1500, compound_bits.shape[1]))
    optimizer = torch.optim.AdamW(network.parameters(), 1e-3, weight_decay=1e-4)
    inputs, targets = torch.tensor(binned(library)), torch.tensor(compound_bits[compound_of], dtype=torch.float32)
    for _ in range(24):
        network.train()
        for batch in torch.randperm(len(inputs)).split(256):
            loss = torch.nn.functional.binary_cross_entropy_with_logits(network(inputs[batch]), targets[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    network.eval()
    with torch.no_grad():
        predicted = torch.sigmoid(network(torch.tensor(binned(queries)))).numpy()
    bits = compound_bits.astype(np.float32)
    shared = predicted @ bits.T
    return shared / (predicted.sum(1)[:, None] + bits.sum(1)[None, :] - shared)


def main():
    model, work = sys.argv[1], sys.argv[2]
    queries = read_records(f'{work}/validation_query.msp')
    library = read_records(f'{work}/validation_library.msp')
    keys, compound_of = np.unique([key for _, key, _, _ in library], return_inverse=True)
    compound_smiles = [''] * len(keys)
    for (smiles, _, _, _), compound in zip(library, compound_of):
        compound_smiles[compound] = compound_smiles[compound] or smiles
    bits = {kind: metrics.fingerprints(compound_smiles, kind) for kind in metrics.FINGERPRINTS}
    tanimoto = {kind: metrics.tanimoto_matrix(metrics.fingerprints([s for s, _, _, _ in queries], kind), bits[kind])
                for kind in metrics.FINGERPRINTS}
    compound_tanimoto = metrics.tanimoto_matrix(bits['morgan'], bits['morgan'])
    members = np.zeros((len(library), len(keys)), np.float32)
    members[np.arange(len(library)), compound_of] = 1
    difference = np.abs(np.array([p for _, _, p, _ in queries])[:, None] - np.array([p for _, _, p, _ in library])[None, :])
    embedding = model_scores(model, work)
    entropy = np.loadtxt(f'{work}/entropy.tsv', delimiter='\t', ndmin=2)
    print(f'{len(queries)} queries (held-out compounds) against {len(library)} spectra of {len(keys)} training compounds')

    def best_compound(scores):
        """The compound of the best spectrum (spectrum-level scores) per query."""
        return compound_of[scores.argmax(1)]

    def compound_best(scores):
        """Query x compound: the best score among the compound's spectra."""
        best = np.full((len(queries), len(keys)), -np.inf)
        for q in range(len(queries)):
            np.maximum.at(best[q], compound_of, scores[q])
        return best

    def consensus(scores):
        """Among the top compounds by their best spectrum, the one closest in structure to all of them."""
        best = compound_best(scores)
        choice = []
        for q in range(len(queries)):
            top = np.argsort(-best[q])[:CONSENSUS_HITS]
            weight = np.exp((best[q, top] - best[q, top[0]]) / CONSENSUS_TEMPERATURE)
            choice.append(top[np.argmax(compound_tanimoto[np.ix_(top, top)] @ weight)])
        return np.array(choice)

    rows = [('best compound (ceiling)', None),
            ('embedding', best_compound(embedding)),
            ('embedding, compound mean', ((embedding @ members) / members.sum(0)).argmax(1)),
            ('embedding, consensus', consensus(embedding)),
            (f'embedding - {MASS_PENALTY}/Da', best_compound(embedding - MASS_PENALTY * difference)),
            ('entropy', best_compound(entropy)),
            (f'entropy - {MASS_PENALTY}/Da', best_compound(entropy - MASS_PENALTY * difference)),
            ('(entropy + embedding) / 2', best_compound((entropy + embedding) / 2)),
            ('entropy, consensus', consensus(entropy))]
    if os.environ.get('FINGERPRINT_PROBE') == '1':
        rows.append(('fingerprint probe', fingerprint_probe(queries, library, compound_of, bits['morgan']).argmax(1)))
    print(f'{"top-1 hit vs query":<36} {"Morgan mean":>11} {">=0.6":>6} {"RDKit mean":>11} {">=0.6":>6}')
    for label, choice in rows:
        values = []
        for kind in metrics.FINGERPRINTS:
            hit = tanimoto[kind].max(1) if choice is None else tanimoto[kind][np.arange(len(queries)), choice]
            values += [hit.mean(), (hit >= 0.6).mean()]
        print(f'{label:<36} {values[0]:11.3f} {values[1]:6.3f} {values[2]:11.3f} {values[3]:6.3f}')
    # How good the candidates are: the structurally closest of the best compounds, as if an oracle chose.
    for name, scores in (('embedding', embedding), ('entropy', entropy)):
        best = compound_best(scores)
        top = np.argsort(-best, 1)[:, :ORACLE_HITS]
        values = []
        for kind in metrics.FINGERPRINTS:
            hit = np.take_along_axis(tanimoto[kind], top, 1).max(1)
            values += [hit.mean(), (hit >= 0.6).mean()]
        print(f'{f"oracle: closest of {name} top {ORACLE_HITS}":<36} {values[0]:11.3f} {values[1]:6.3f} {values[2]:11.3f} {values[3]:6.3f}')


if __name__ == '__main__':
    main()
