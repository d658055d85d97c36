"""Tables of bench/analog_search.sh: how close in structure the best hit of a query whose compound is not in
the library is, for the embedding and the classical anchors, and how embedding cosine tracks Tanimoto.

Usage: analog_search.py WORK OUT_DIR TASK [TASK...]
  WORK/TASK_query.msp, WORK/TASK_library.msp: the task's spectra (no query compound in the library);
  WORK/TASK.SEARCH.hits: "query_index<TAB>library_index<TAB>score" of each query's best hit (0-based, file
  order; -1: none) for each search in SEARCHES;
  WORK/pairs_query.msp, WORK/pairs_library.msp: one spectrum per dev compound; the same followed by one per
  training compound; WORK/pairs_{query,library}.embeddings.tsv: their embeddings (SpecEmbeddingAnnotator
  -out_embeddings); WORK/pairs.entropy.tsv: their entropy similarities (spectral_search --matrix).
Writes OUT_DIR/TASK.quality_recall.tsv and .png (mean Tanimoto against the share of queries kept).
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import analog_metrics as metrics  # noqa: E402

SEARCHES = [('default', "the tools' default suggestion"), ('embedding', 'embedding'), ('embedding_window', 'embedding, +-100 Da'),
            ('embedding_analog_hit', 'analog hit by embedding'), ('modified_cosine_analog_hit', 'analog hit by mod. cosine'),
            ('entropy', 'entropy'), ('entropy_window', 'entropy, +-100 Da'),
            ('cosine', 'cosine'), ('cosine_window', 'cosine, +-100 Da')]
CURVES = ['default', 'embedding', 'entropy', 'cosine', 'modified_cosine_analog_hit']


def read_msp(path):
    """[(SMILES, first InChIKey block)] per record, in file order."""
    records, smiles, key = [], '', ''
    with open(path) as msp:
        for line in list(msp) + ['']:
            line = line.strip()
            if not line:
                if smiles or key:
                    records.append((smiles, key))
                smiles, key = '', ''
            elif line.lower().startswith('smiles:'):
                smiles = line.split(':', 1)[1].strip()
            elif line.lower().startswith('inchikey:'):
                key = line.split(':', 1)[1].strip()[:14]
    return records


def read_hits(path, queries):
    library_index = np.full(queries, -1)
    score = np.full(queries, -np.inf)
    with open(path) as hits:
        for line in hits:
            q, j, s = line.split('\t')[:3]
            library_index[int(q)], score[int(q)] = int(j), float(s)
    return library_index, score


def row(label, values):
    return f'{label:<26}' + ''.join(f' {v:6.3f}' for v in values)


def analog_task(work, out_dir, task):
    queries = read_msp(f'{work}/{task}_query.msp')
    library = read_msp(f'{work}/{task}_library.msp')
    structures = sorted({smiles for smiles, _ in library})
    position = {smiles: i for i, smiles in enumerate(structures)}
    structure_of = np.array([position[smiles] for smiles, _ in library])
    query_keys = {key for _, key in queries}
    overlap = sum(key in query_keys for _, key in library)
    print(f'\n== {task}: {len(queries)} queries, library of {len(library)} spectra of {len(structures)} structures'
          f' ({overlap} library spectra share a query compound)')
    header = f'{"top-1 hit vs query":<26}' + ''.join(f' {h:>6}' for h in ('mean', '>=0.6', '>=0.7', '>=0.8')) * 2
    print(f'{"":<26} {"Morgan r2 2048 bits":<27} {"RDKit fingerprint 2048 bits":<27}')
    print(header)
    similarity = {}
    for kind in metrics.FINGERPRINTS:
        similarity[kind] = metrics.tanimoto_matrix(metrics.fingerprints([s for s, _ in queries], kind),
                                                   metrics.fingerprints(structures, kind))
    per_spectrum = {kind: similarity[kind][:, structure_of] for kind in metrics.FINGERPRINTS}
    ceiling = [metrics.quality(similarity[k].max(1)) for k in metrics.FINGERPRINTS]
    print(row('best compound (ceiling)', ceiling[0] + ceiling[1]))
    random = []
    for kind in metrics.FINGERPRINTS:
        values = per_spectrum[kind]
        random += [values.mean()] + [(values >= t).mean() for t in (0.6, 0.7, 0.8)]
    print(row('random library spectrum', random))
    curves = {}
    for search, label in SEARCHES:
        path = f'{work}/{task}.{search}.hits'
        if not os.path.exists(path):
            continue
        hit, score = read_hits(path, len(queries))
        found = hit >= 0
        values = []
        for kind in metrics.FINGERPRINTS:
            hit_similarity = np.where(found, per_spectrum[kind][np.arange(len(queries)), np.maximum(hit, 0)], 0.0)
            values += metrics.quality(hit_similarity)
            if kind == 'morgan' and search in CURVES:
                curves[label] = metrics.quality_against_recall(np.where(found, score, -np.inf), hit_similarity)
        print(row(label + ('' if found.all() else f' ({(~found).sum()} none)'), values))
    write_curves(out_dir, task, curves)


def write_curves(out_dir, task, curves):
    os.makedirs(out_dir, exist_ok=True)
    with open(f'{out_dir}/{task}.quality_recall.tsv', 'w') as tsv:
        tsv.write('search\tshare_kept\tscore_threshold\tmean_morgan_tanimoto\n')
        for label, (share, threshold, mean) in curves.items():
            for values in zip(share, threshold, mean):
                tsv.write(f'{label}\t{values[0]:.4f}\t{values[1]:.6f}\t{values[2]:.4f}\n')
    print(f'{"mean Morgan Tanimoto of the kept hits":<40}' + ''.join(f' {f"{p:.0%} kept":>9}' for p in (1, .75, .5, .25, .1)))
    for label, (share, _, mean) in curves.items():
        points = [mean[max(0, int(np.ceil(p * len(share))) - 1)] for p in (1, .75, .5, .25, .1)]
        print(f'{label:<40}' + ''.join(f' {v:9.3f}' for v in points))
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    figure, axes = plt.subplots(figsize=(6, 4.2))
    for label, (share, _, mean) in curves.items():
        axes.plot(share, mean, label=label)
    axes.set_xlabel('share of queries kept (highest-scoring hits first)')
    axes.set_ylabel('mean Tanimoto of top-1 hit (Morgan r2)')
    axes.set_title(f'Analog search quality against recall: {task}')
    axes.set_xlim(0, 1)
    axes.set_ylim(0, 1)
    axes.grid(alpha=0.3)
    axes.legend()
    figure.tight_layout()
    figure.savefig(f'{out_dir}/{task}.quality_recall.png', dpi=110)
    plt.close(figure)


def structure_correlation(work):
    """Pearson r of embedding cosine and of entropy with Tanimoto over the pairs of pairs_query.msp (one
    spectrum per dev compound) with pairs_library.msp (the same, then one per training compound): dev
    with dev and dev with training compounds, so that the rare high-Tanimoto bins hold enough pairs."""
    queries = read_msp(f'{work}/pairs_query.msp')
    library = read_msp(f'{work}/pairs_library.msp')
    vectors = {}
    for name in ('query', 'library'):
        table = np.loadtxt(f'{work}/pairs_{name}.embeddings.tsv', comments='#', dtype=str, delimiter='\t')
        values = table[:, 1:].astype(np.float64)
        vectors[name] = values / np.linalg.norm(values, axis=1, keepdims=True)
    scores = {'embedding cosine': vectors['query'] @ vectors['library'].T,
              'spectral entropy': np.loadtxt(f'{work}/pairs.entropy.tsv', delimiter='\t')}
    i, j = np.nonzero(np.arange(len(library))[None, :] > np.arange(len(queries))[:, None])
    tanimoto = {kind: metrics.tanimoto_matrix(metrics.fingerprints([s for s, _ in queries], kind),
                                              metrics.fingerprints([s for s, _ in library], kind))[i, j]
                for kind in metrics.FINGERPRINTS}
    print(f'\n== correlation with structure: {len(i)} pairs of {len(queries)} dev compounds with each other and'
          f' with {len(library) - len(queries)} training compounds, one spectrum each, balanced over 10 Tanimoto bins')
    print(f'{"Pearson r with Tanimoto":<26} {"Morgan":>8} {"RDKit":>8}')
    for label, score in scores.items():
        values = [metrics.bin_balanced_pearson(score[i, j], tanimoto[kind]) for kind in metrics.FINGERPRINTS]
        print(f'{label:<26} {values[0]:8.3f} {values[1]:8.3f}')


def main():
    work, out_dir, tasks = sys.argv[1], sys.argv[2], sys.argv[3:]
    for task in tasks:
        analog_task(work, out_dir, task)
    structure_correlation(work)


if __name__ == '__main__':
    main()
