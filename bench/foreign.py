"""The foreign dev set (GNPS, MoNA and in-house spectra from outside MassBank): queries per ion mode, their
ground truth against a library, and the figures of a search's hits.

  foreign.py prepare FOREIGN_DIR MODE LIBRARY_MSP OUT_DIR
      OUT_DIR/queries.mgf: the records of FOREIGN_DIR/*.mgf of ion mode MODE with a structure, a precursor and
      peaks, unchanged; OUT_DIR/truth.tsv: per query (0-based, file order) its InChIKey first block, canonical
      SMILES without stereochemistry, and whether that compound is in LIBRARY_MSP ("known").
  foreign.py score OUT_DIR LIBRARY_MSP RESULT [--spectral]
      RESULT: the Annotator's -out_tsv, or with --spectral spectral_search's output. Prints known top-1, unknown
      mean Morgan Tanimoto and share >= 0.6 of the suggested structure, and the ECE of the top-1 confidence.

The suggested structure of a query: its hit of highest predicted_similarity where the hits have one, else its
best identity (or unfiltered) hit, else its best analog hit. A compound matches by InChIKey first block where
both have one, else by canonical SMILES without stereochemistry (Debian's RDKit has no InChI)."""
import csv
import glob
import math
import os
import sys

from rdkit import Chem, DataStructs, RDLogger
from rdkit.Chem import AllChem

RDLogger.DisableLog('rdApp.*')


def canonical(smiles):
    mol = Chem.MolFromSmiles(smiles) if smiles else None
    return Chem.MolToSmiles(mol, isomericSmiles=False) if mol else ''


_fingerprints = {}


def fingerprint(smiles):
    if smiles not in _fingerprints:
        mol = Chem.MolFromSmiles(smiles) if smiles else None
        _fingerprints[smiles] = AllChem.GetMorganFingerprintAsBitVect(mol, 2, nBits=2048) if mol else None
    return _fingerprints[smiles]


def tanimoto(a, b):
    fa, fb = fingerprint(a), fingerprint(b)
    return DataStructs.TanimotoSimilarity(fa, fb) if fa is not None and fb is not None else 0.0


def mgf_records(path):
    record = []
    with open(path, encoding='utf-8', errors='replace') as text:
        for line in text:
            if line.strip().upper() == 'BEGIN IONS':
                record = [line]
            elif line.strip().upper() == 'END IONS':
                record.append(line)
                yield record
                record = []
            elif record:
                record.append(line)


def fields(record):
    values, peaks = {}, 0
    for line in record[1:-1]:
        if '=' in line and not line[0].isdigit():
            key, value = line.split('=', 1)
            values[key.strip().upper()] = value.strip()
        elif line.strip() and line.strip()[0].isdigit():
            peaks += 1
    return values, peaks


def mode_of(value):
    value = value.strip().lower()
    return 'positive' if value in ('p', 'pos', 'positive', '+') else 'negative' if value in ('n', 'neg', 'negative', '-') else ''


def msp_library(path):
    """(InChIKey first block, SMILES) per record of an MSP file, in file order."""
    entries, key, smiles = [], '', ''
    with open(path, encoding='utf-8', errors='replace') as text:
        for line in text:
            lower = line.lower()
            if lower.startswith('name:'):
                key, smiles = '', ''
            elif lower.startswith('inchikey:'):
                key = line.split(':', 1)[1].strip()[:14]
            elif lower.startswith('smiles:'):
                smiles = line.split(':', 1)[1].strip()
            elif lower.startswith('num peaks:'):
                entries.append((key, smiles))
    return entries


def prepare(foreign_dir, mode, library_msp, out_dir):
    library = msp_library(library_msp)
    keys = {key for key, _ in library if key}
    structures = {canonical(smiles) for _, smiles in library}
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, 'queries.mgf'), 'w') as queries, open(os.path.join(out_dir, 'truth.tsv'), 'w') as truth:
        truth.write('query_index\tinchikey\tsmiles\tknown\n')
        index = 0
        for path in sorted(glob.glob(os.path.join(foreign_dir, '*.mgf'))):
            for record in mgf_records(path):
                values, peaks = fields(record)
                smiles = canonical(values.get('SMILES', ''))
                key = values.get('INCHIKEY', '')[:14] if len(values.get('INCHIKEY', '')) >= 14 else ''
                try:
                    precursor = float((values.get('PEPMASS') or values.get('PRECURSOR_MZ') or values.get('PRECURSORMZ') or '0').split()[0])
                except ValueError:
                    precursor = 0.0
                if mode_of(values.get('IONMODE', '')) != mode or not smiles or peaks == 0 or precursor <= 0:
                    continue
                known = (key and key in keys) or smiles in structures
                queries.writelines(record)
                queries.write('\n')
                truth.write(f'{index}\t{key}\t{smiles}\t{int(bool(known))}\n')
                index += 1


def number(text):
    try:
        value = float(text)
        return value if math.isfinite(value) else None
    except (TypeError, ValueError):
        return None


def score(out_dir, library_msp, result, spectral):
    truth = list(csv.DictReader(open(os.path.join(out_dir, 'truth.tsv')), delimiter='\t'))
    library = msp_library(library_msp) if spectral else None
    hits = {}  # query -> list of (kind, rank, inchikey block, smiles, predicted similarity, confidence)
    if spectral:
        for line in open(result):
            if line.count('\t') != 2:
                continue  # the reader's warnings
            query, entry, value = line.split('\t')
            if int(entry) >= 0:
                key, smiles = library[int(entry)]
                hits[int(query)] = [('identity', 1, key, smiles, None, None)]
    else:
        for row in csv.DictReader(open(result), delimiter='\t'):
            hits.setdefault(int(row['query_index']), []).append(
                (row['kind'], int(row['rank']), row['inchikey'][:14], row['smiles'], number(row['predicted_similarity']), number(row['confidence'])))

    def same(query, key, smiles):
        return (query['inchikey'] and key and query['inchikey'] == key) or canonical(smiles) == query['smiles']

    known_right, known_count, unknown = 0, 0, []
    reliability = []  # (confidence of the best identity hit, right)
    for i, query in enumerate(truth):
        query_hits = hits.get(i, [])
        identity = sorted((h for h in query_hits if h[0] != 'analog'), key=lambda h: h[1])
        analog = sorted((h for h in query_hits if h[0] == 'analog'), key=lambda h: h[1])
        if query['known'] == '1':
            known_count += 1
            known_right += bool(identity) and same(query, identity[0][2], identity[0][3])
        else:
            with_prediction = [h for h in query_hits if h[4] is not None]
            suggestion = max(with_prediction, key=lambda h: h[4]) if with_prediction else identity[0] if identity else analog[0] if analog else None
            unknown.append(tanimoto(query['smiles'], suggestion[3]) if suggestion else 0.0)
        if identity and identity[0][5] is not None:
            reliability.append((identity[0][5], bool(same(query, identity[0][2], identity[0][3]))))
    ece = ''
    if reliability:
        bins = [[] for _ in range(10)]
        for confidence, right in reliability:
            bins[min(9, int(confidence * 10))].append((confidence, right))
        ece = f'{sum(abs(sum(c for c, _ in b) - sum(r for _, r in b)) for b in bins if b) / len(reliability):.3f}'
    top1 = known_right / known_count if known_count else float('nan')
    mean = sum(unknown) / len(unknown) if unknown else float('nan')
    share = sum(t >= 0.6 for t in unknown) / len(unknown) if unknown else float('nan')
    print(f'{known_count:5d} {top1:.3f}  {len(unknown):5d} {mean:.3f} {share:.3f}  {ece:>5}')


if __name__ == '__main__':
    if sys.argv[1] == 'prepare':
        prepare(*sys.argv[2:6])
    else:
        score(sys.argv[2], sys.argv[3], sys.argv[4], '--spectral' in sys.argv[5:])
