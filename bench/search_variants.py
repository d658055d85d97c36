"""Top-1 of search variants on embeddings SpecEmbeddingAnnotator -out_embeddings wrote (bench/search_variants.sh).

Each variant is scored on the validation twins (held-out training compounds) and on the dev tasks:
plain cosine, an ensemble (mean cosine of several models), compound-level scores instead of
spectrum-level ones, and a hubness correction of library spectra in dense regions.
Usage: search_variants.py EMBEDDING_DIR SETS_DIR MODEL [MODEL...]
  EMBEDDING_DIR/MODEL/SET.tsv: embeddings; SETS_DIR/SET.msp: the spectra, for their InChIKeys.
"""
import functools
import sys
import numpy as np

embedding_dir, sets_dir, models = sys.argv[1], sys.argv[2], sys.argv[3:]
# task: (queries, library sets); the validation replicate library is the head of large_ref.
TASKS = {
    'validation replicate': ('replicate_query', ['replicate_ref']),
    'validation cross-lab': ('xlab_query', ['xlab_ref']),
    'validation large': ('replicate_query', ['large_ref']),
    'dev replicate': ('dev_query', ['dev_ref']),
    'dev cross-lab': ('dev_xlab_query', ['dev_xlab_ref']),
    'dev large': ('dev_query', ['dev_ref', 'train']),
}


@functools.lru_cache(maxsize=None)
def compounds(name):
    """Accession -> first InChIKey block, for the records of SETS_DIR/name.msp."""
    keys, accession = {}, None
    with open(f'{sets_dir}/{name}.msp') as msp:
        for line in msp:
            if line.startswith('DB#:'):
                accession = line.split(':', 1)[1].strip()
            elif line.startswith('InChIKey:'):
                keys[accession] = line.split(':', 1)[1].strip()[:14]
    return keys


@functools.lru_cache(maxsize=None)
def embeddings(model, name):
    """(accessions, unit-length embeddings) of one set."""
    rows = [line.rstrip('\n').split('\t') for line in open(f'{embedding_dir}/{model}/{name}.tsv') if not line.startswith('#')]
    vectors = np.array([row[1:] for row in rows], dtype=np.float32)
    return [row[0] for row in rows], vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def embedded_set(members, names):
    """Accessions, compounds and ensemble embeddings (cosine = mean of the members' cosines)."""
    # Every model embeds the same spectra in the same order; the first names them.
    accessions = [a for name in names for a in embeddings(members[0], name)[0]]
    parts = [np.concatenate([embeddings(model, name)[1] for name in names]) for model in members]
    keys = {}
    for name in names:
        keys.update(compounds(name))
    return np.array([keys[a] for a in accessions]), np.concatenate(parts, axis=1) / np.sqrt(len(members))


def replicate_library_size():
    return sum(1 for line in open(f'{sets_dir}/replicate_ref.msp') if line.startswith('DB#:'))


def library_density(library, k=10):
    """Mean cosine of each library spectrum to its k nearest other library spectra."""
    density = np.empty(len(library), dtype=np.float32)
    for start in range(0, len(library), 4096):
        sims = library[start:start + 4096] @ library.T
        sims[np.arange(len(sims)), np.arange(start, start + len(sims))] = -1
        density[start:start + len(sims)] = -np.partition(-sims, k, axis=1)[:, :k].mean(1)
    return density


def compound_top1(sims, query_compounds, library_compounds, aggregate):
    """Top-1 when each candidate compound (among the 50 best spectra) is scored by aggregate(its cosines)."""
    hits = 0
    for row, truth in zip(sims, query_compounds):
        best = np.argsort(-row)[:50]
        scores = {}
        for j in best:
            scores.setdefault(library_compounds[j], []).append(row[j])
        hits += max(scores, key=lambda c: aggregate(np.sort(scores[c])[::-1])) == truth
    return hits / len(sims)


def variants(members):
    results = {}
    for task, (query_set, library_sets) in TASKS.items():
        query_compounds, queries = embedded_set(members, [query_set])
        if library_sets == ['replicate_ref']:
            library_compounds, library = embedded_set(members, ['large_ref'])
            size = replicate_library_size()
            library_compounds, library = library_compounds[:size], library[:size]
        else:
            library_compounds, library = embedded_set(members, library_sets)
        sims = queries @ library.T
        top1 = lambda scores: float((library_compounds[np.argmax(scores, axis=1)] == query_compounds).mean())
        row = {'cosine': top1(sims)}
        if len(members) == 1:
            for tau in (0.01, 0.02):
                row[f'compound soft maximum {tau}'] = compound_top1(
                    sims, query_compounds, library_compounds, lambda v: tau * np.log(np.exp((v - v[0]) / tau).sum()) + v[0])
            row['compound mean of best 2'] = compound_top1(sims, query_compounds, library_compounds, lambda v: v[:2].mean())
            density = library_density(library)
            for beta in (0.1, 0.25, 0.5):
                row[f'hubness correction {beta}'] = top1(sims - beta * density[None, :])
        results[task] = row
    return results


for members in [[m] for m in models] + ([models] if len(models) > 1 else []):
    results = variants(members)
    label = ' + '.join(members)
    print(f'{label}: top-1 of ' + ' | '.join(TASKS))
    for variant in next(iter(results.values())):
        print(f'  {variant:28s}' + '  '.join(f'{results[t][variant]:.3f}' for t in TASKS))
