"""Tables and plots of bench/open_world.sh for one task.

Usage: open_world.py TASK_DIR OUT_DIR TASK
  TASK_DIR/query.msp, TASK_DIR/library.msp: the task's spectra;
  TASK_DIR/{default,embedding,hybrid}.tsv: SpecEmbeddingAnnotator -top_k 1 -out_tsv (score, confidence, q_value by
    target-decoy competition); TASK_DIR/{default,embedding,hybrid}_confidence_q.tsv: the same with -q_values confidence;
  TASK_DIR/{entropy,entropy_20ppm}.hits: spectral_search's best hits ("query<TAB>library index<TAB>score").
Writes OUT_DIR/TASK.precision_recall.png, TASK.reliability.png, TASK.fdr.png and TASK.open_world.tsv.
"""
import csv
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from analog_search import read_msp  # noqa: E402
import open_world_metrics as metrics  # noqa: E402

SCORE_THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95)


def read_annotator(path, queries):
    """Per query: (top-1 compound key or '', score, confidence, q-value), NaN where absent."""
    key = np.full(queries, '', dtype=object)
    values = np.full((queries, 3), np.nan)
    with open(path) as table:
        for row in csv.DictReader(table, delimiter='\t'):
            q = int(row['query_index'])
            if row['rank'] != '1' or row['kind'] == 'analog':
                continue
            key[q] = row['inchikey'][:14]
            values[q] = [float(row[name]) if row[name] else np.nan for name in ('score', 'confidence', 'q_value')]
    return key, values[:, 0], values[:, 1], values[:, 2]


def read_spectral(path, queries, library_keys):
    key = np.full(queries, '', dtype=object)
    score = np.full(queries, np.nan)
    with open(path) as hits:
        for line in hits:
            q, j, s = line.split('\t')
            if int(j) >= 0:
                key[int(q)], score[int(q)] = library_keys[int(j)], float(s)
    return key, score


def main():
    task_dir, out_dir, task = sys.argv[1:4]
    os.makedirs(out_dir, exist_ok=True)
    query_keys = np.array([key for _, key in read_msp(f'{task_dir}/query.msp')], dtype=object)
    library_keys = [key for _, key in read_msp(f'{task_dir}/library.msp')]
    known = np.isin(query_keys, list(set(library_keys)))
    n = len(query_keys)
    print(f'\n== {task}: {n} queries, {known.sum()} with their compound in the library ("known"), {(~known).sum()} without;'
          f' library of {len(library_keys)} spectra')
    searches = {}
    for name in ('default', 'embedding', 'hybrid'):
        key, score, confidence, q = read_annotator(f'{task_dir}/{name}.tsv', n)
        searches[name] = dict(key=key, score=score, confidence=confidence, q=q)
    for name, label in (('entropy', 'entropy'), ('entropy_20ppm', 'entropy, 20 ppm')):
        key, score = read_spectral(f'{task_dir}/{name}.hits', n, library_keys)
        searches[label] = dict(key=key, score=score)
    print(f'{"search":<18} {"known top-1":>11}  unknown queries with a top-1 score >= ' + ' '.join(f'{t:>5}' for t in SCORE_THRESHOLDS))
    curves, rows = {}, []
    for label, s in searches.items():
        correct = s['key'] == query_keys
        top1 = correct[known].mean()
        unknown = [int(np.sum(~known & (s['score'] >= t))) for t in SCORE_THRESHOLDS]
        print(f'{label:<18} {top1:11.3f}  {"":>38}' + ' '.join(f'{u:5d}' for u in unknown))
        curves[label] = metrics.precision_recall(s['score'], correct, known.sum())
        rows.append((label, top1, unknown))
    print(f'\nprecision / recall of "the top-1 hit is the compound" when keeping top-1 scores >= t (recall: of the known queries)')
    print(f'{"search":<18}' + ''.join(f' {f"t={t}":>13}' for t in SCORE_THRESHOLDS))
    for label, s in searches.items():
        correct = s['key'] == query_keys
        cells = []
        for t in SCORE_THRESHOLDS:
            kept = s['score'] >= t
            precision = correct[kept].mean() if kept.any() else np.nan
            cells.append(f'{precision:.2f}/{correct[kept].sum() / known.sum():.2f}')
        print(f'{label:<18}' + ''.join(f' {c:>13}' for c in cells))
    metrics.plot_precision_recall(curves, f'{out_dir}/{task}.precision_recall.png', f'Open-world search: {task}')

    print('\nconfidence of the top-1 hits (probability that it is the compound)')
    print(f'{"search":<18} {"ECE":>6} {"hits":>5}   reliability: mean confidence / share correct per bin (hits)')
    reliability = {}
    for label in ('default', 'embedding', 'hybrid'):
        s = searches[label]
        correct = s['key'] == query_keys
        found = ~np.isnan(s['confidence'])
        if not found.any():
            print(f'{label:<18} (the model has no confidence calibration)')
            continue
        bins = metrics.reliability(s['confidence'][found], correct[found])
        reliability[label] = bins
        ece = metrics.expected_calibration_error(bins)
        print(f'{label:<18} {ece:6.3f} {found.sum():5d}   ' +
              ' '.join(f'{m:.2f}/{a:.2f}({c})' for m, a, c in bins if c))
    if reliability:
        metrics.plot_reliability(reliability, f'{out_dir}/{task}.reliability.png', f'Confidence calibration: {task}')

    print('\nFDR: estimated (q-value, by target-decoy competition or from the confidence) against true (top-1 hits that are not the compound)')
    print(f'{"search":<30} ' + ' '.join(f'{f"q<={q:.2f}: kept, true FDR":>26}' for q in (0.01, 0.05, 0.1)))
    fdr_curves = {}
    for label, name in (('default, target-decoy', 'default'), ('default, confidence', 'default_confidence_q'),
                        ('embedding, target-decoy', 'embedding'), ('embedding, confidence', 'embedding_confidence_q'),
                        ('hybrid, target-decoy', 'hybrid'), ('hybrid, confidence', 'hybrid_confidence_q')):
        key, _, _, q = read_annotator(f'{task_dir}/{name}.tsv', n)
        correct = key == query_keys
        if np.isnan(q).all():
            continue
        cells = []
        for level in (0.01, 0.05, 0.1):
            kept = q <= level
            true = (~correct[kept]).mean() if kept.any() else np.nan
            cells.append(f'{kept.sum():5d}, {true:.3f}')
        print(f'{label:<30} ' + ' '.join(f'{c:>26}' for c in cells))
        fdr_curves[label] = metrics.estimated_against_true_fdr(q, correct)
    if fdr_curves:
        metrics.plot_fdr(fdr_curves, f'{out_dir}/{task}.fdr.png', f'Estimated against true FDR: {task}')
    with open(f'{out_dir}/{task}.open_world.tsv', 'w') as table:
        table.write('search\tknown_top1\t' + '\t'.join(f'unknown_score_ge_{t}' for t in SCORE_THRESHOLDS) + '\n')
        for label, top1, unknown in rows:
            table.write(f'{label}\t{top1:.4f}\t' + '\t'.join(str(u) for u in unknown) + '\n')
    print(f'plots: {out_dir}/{task}.{{precision_recall,reliability,fdr}}.png')


if __name__ == '__main__':
    main()
