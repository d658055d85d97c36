"""Chooses the learned scorer's recipe by measurement: fits XGBoost variants on the rows of the held-out twin
(scorer_rows twin) and scores their rankings on the rows of other searches (scorer_rows search): the foreign dev
set's known top-1 (identity probability) and unknown mean Tanimoto (expected similarity), and the dev unknowns'.
Only the held-out twin is fitted on; the other sets are measured.

Usage: scorer_recipe.py TWIN_ROWS [NAME=ROWS:TRUTH ...]
  TRUTH: foreign.py's truth.tsv, or an MSP file whose records are the queries in order (all unknown)."""
import csv
import sys

import numpy as np
import xgboost

sys.path.insert(0, __import__('os').path.dirname(__import__('os').path.abspath(__file__)))
import foreign  # noqa: E402


def read_rows(path):
    with open(path) as text:
        header = text.readline().rstrip('\n').split('\t')
        rows = [line.rstrip('\n').split('\t') for line in text]
    first_feature = header.index('kind') + 1
    names = header[first_feature:]
    features = np.array([[float(v) if v not in ('nan', '-nan') else np.nan for v in row[first_feature:]] for row in rows], dtype=np.float32)
    columns = {name: [row[i] for row in rows] for i, name in enumerate(header[:first_feature])}
    return names, features, columns


def truth_of(path):
    if path.endswith('.tsv'):
        return [{'inchikey': r['inchikey'], 'smiles': r['smiles'], 'known': r['known'] == '1'} for r in csv.DictReader(open(path), delimiter='\t')]
    return [{'inchikey': key, 'smiles': foreign.canonical(smiles), 'known': False} for key, smiles in foreign.msp_library(path)]


def evaluate(name, rows_path, truth_path, models):
    names, x, columns = read_rows(rows_path)
    truth = truth_of(truth_path)
    search = np.array([int(s) for s in columns['search']])
    analog = np.array([k == 'analog' for k in columns['kind']])
    right = np.array([bool((truth[s]['inchikey'] and key[:14] == truth[s]['inchikey'][:14]) or foreign.canonical(smiles) == truth[s]['smiles'])
                      for s, key, smiles in zip(search, columns['inchikey'], columns['smiles'])])
    tanimoto = np.array([foreign.tanimoto(truth[s]['smiles'], smiles) for s, smiles in zip(search, columns['smiles'])])
    col = {n: i for i, n in enumerate(names)}
    rankings = {'embedding': (x[:, col['embedding_cosine']], x[:, col['embedding_cosine']]),
                'hybrid 0.3': (0.7 * x[:, col['embedding_cosine']] + 0.3 * x[:, col['entropy']],) * 2,
                'entropy': (x[:, col['entropy']],) * 2,
                'modified cosine': (x[:, col['modified_cosine']],) * 2}
    for label, model in models.items():
        rankings[label] = (model[0].predict(xgboost.DMatrix(x)), model[1].predict(xgboost.DMatrix(x)))
    queries = sorted(set(search))
    known = [q for q in queries if truth[q]['known']]
    unknown = [q for q in queries if not truth[q]['known']]
    print(f'== {name}: {len(known)} known, {len(unknown)} unknown queries')
    for label, (identity, similarity) in rankings.items():
        top1 = []
        for q in known:
            members = np.where((search == q) & ~analog)[0]
            top1.append(bool(len(members)) and right[members[np.argmax(identity[members])]])
        chosen = []
        for q in unknown:
            members = np.where(search == q)[0]
            chosen.append(tanimoto[members[np.argmax(similarity[members])]] if len(members) else 0.0)
        print(f'  {label:<28} known top-1 {np.mean(top1) if top1 else float("nan"):.3f}   unknown Tanimoto {np.mean(chosen) if chosen else float("nan"):.3f}'
              f' (>= 0.6: {np.mean(np.array(chosen) >= 0.6) if chosen else float("nan"):.3f})')


def fit(x, y, objective, groups=None, monotone=None, rounds=300, depth=6, eta=0.05):
    data = xgboost.DMatrix(x, label=y)
    params = {'objective': objective, 'max_depth': depth, 'eta': eta, 'subsample': 0.8, 'colsample_bytree': 0.8, 'seed': 42,
              'tree_method': 'hist', 'verbosity': 0}
    if monotone:
        params['monotone_constraints'] = '(' + ','.join(str(m) for m in monotone) + ')'
    if groups is not None:
        data.set_group(groups)
    return xgboost.train(params, data, rounds)


def main():
    names, x, columns = read_rows(sys.argv[1])
    identity = np.array([float(v) for v in columns['identity']])
    similarity = np.array([float(v) if v not in ('nan', '-nan') else np.nan for v in columns['similarity']])
    search = np.array([int(s) for s in columns['search']])
    has = ~np.isnan(similarity)
    col = {n: i for i, n in enumerate(names)}
    increasing = ['embedding_cosine', 'embedding_margin', 'entropy', 'entropy_margin', 'modified_cosine', 'cosine', 'compound_best_cosine',
                  'compound_mean_cosine', 'compound_best_entropy', 'compound_agreement']
    monotone = [1 if n in increasing else -1 if n in ('embedding_rank', 'absolute_ppm') else 0 for n in names]
    # groups for ranking: consecutive rows of one search
    _, group_sizes = np.unique(search, return_counts=True)
    models = {
        'xgb logistic': (fit(x, identity, 'binary:logistic'), fit(x[has], similarity[has], 'reg:logistic')),
        'xgb logistic monotone': (fit(x, identity, 'binary:logistic', monotone=monotone), fit(x[has], similarity[has], 'reg:logistic', monotone=monotone)),
        'xgb shallow monotone': (fit(x, identity, 'binary:logistic', monotone=monotone, depth=3), fit(x[has], similarity[has], 'reg:logistic', monotone=monotone, depth=3)),
    }
    for spec in sys.argv[2:]:
        label, paths = spec.split('=', 1)
        rows_path, truth_path = paths.split(':')
        evaluate(label, rows_path, truth_path, models)


if __name__ == '__main__':
    main()
