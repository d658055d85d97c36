"""Merges the Snakemake workflow's per-run results into two tables, each run named in the first column (the file's
name without its extension):
  --features: one row per feature hit, from the runs' feature-level mzTab files (SpecEmbeddingAnnotator -in_features -out)
  --hits:     one row per spectrum hit, from the runs' TSV files (-out_tsv), their columns as they are
Usage: merge_results.py --features OUT.tsv --hits OUT.tsv --mztab RUN.mzTab... --tsv RUN.tsv..."""
import argparse
import csv
import os

# Feature table columns: (name in the merged table, mzTab SML column).
FEATURE_COLUMNS = [
    ('feature_id', 'opt_global_feature_id'), ('mz', 'exp_mass_to_charge'), ('rt', 'retention_time'),
    ('abundance', 'smallmolecule_abundance_study_variable[1]'), ('rank', 'opt_rank'), ('score', 'opt_match_score'),
    ('linked_spectra', 'opt_global_linked_spectra'), ('agreeing_spectra', 'opt_global_agreeing_spectra'),
    ('name', 'description'), ('inchikey', 'inchi_key'), ('smiles', 'smiles'), ('formula', 'chemical_formula'),
    ('adduct', 'opt_adduct_ion'), ('library_id', 'identifier'), ('library_precursor_mz', 'calc_mass_to_charge'),
    ('kind', 'opt_global_hit_kind'), ('confidence', 'opt_global_confidence'), ('q_value', 'opt_global_q_value'),
    ('spectrum', 'spectra_ref'),
]


def run_name(path):
    return os.path.splitext(os.path.basename(path))[0]


def mztab_rows(path):
    header = None
    with open(path, encoding='utf-8') as lines:
        for line in lines:
            cells = line.rstrip('\n').split('\t')
            if cells[0] == 'SMH':
                header = cells
            elif cells[0] == 'SML':
                row = dict(zip(header, cells))
                yield {name: ('' if row.get(column, 'null') == 'null' else row[column]) for name, column in FEATURE_COLUMNS}


def main():
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument('--features', required=True)
    arguments.add_argument('--hits', required=True)
    arguments.add_argument('--mztab', nargs='+', required=True)
    arguments.add_argument('--tsv', nargs='+', required=True)
    options = arguments.parse_args()

    with open(options.features, 'w', newline='', encoding='utf-8') as out:
        table = csv.writer(out, delimiter='\t', lineterminator='\n')
        table.writerow(['run'] + [name for name, _ in FEATURE_COLUMNS])
        for path in options.mztab:
            for row in mztab_rows(path):
                table.writerow([run_name(path)] + [row[name] for name, _ in FEATURE_COLUMNS])

    header = None
    with open(options.hits, 'w', newline='', encoding='utf-8') as out:
        table = csv.writer(out, delimiter='\t', lineterminator='\n')
        for path in options.tsv:
            with open(path, newline='', encoding='utf-8') as run:
                rows = csv.reader(run, delimiter='\t')
                columns = next(rows)
                if header is None:
                    header = columns
                    table.writerow(['run'] + header)
                elif columns != header:
                    raise SystemExit(f"{path}: columns differ from the first run's")
                for row in rows:
                    table.writerow([run_name(path)] + row)


if __name__ == '__main__':
    main()
