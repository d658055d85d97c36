#!/usr/bin/env python3
"""Builds the shipped demo from the shared MassBank dev split: a small library (MSP) and queries
(MGF) of CC0 / CC BY records only, with an attribution file. Usage: make_demo.py SHARED_DIR OUT_DIR"""
import random
import sys
from pathlib import Path

OPEN_LICENCES = {'"license=CC0"', '"license=CC BY"'}


def records(path):
    block = []
    for line in Path(path).read_text().splitlines():
        if line.strip():
            block.append(line)
        elif block:
            yield block
            block = []
    if block:
        yield block


def field(block, key):
    for line in block:
        if line.startswith(key + ": "):
            return line[len(key) + 2:]
    return ""


def peaks(block):
    return [line.split("\t") for line in block if line[:1].isdigit() and "\t" in line]


def main(shared, out):
    data = Path(shared) / "data" / "massbank"
    queries = [b for b in records(data / "dev_query.msp") if field(b, "Comments") in OPEN_LICENCES]
    library = [b for b in records(data / "dev_ref.msp") if field(b, "Comments") in OPEN_LICENCES]
    by_compound = {}
    for block in library:
        by_compound.setdefault(field(block, "InChIKey")[:14], []).append(block)
    random.seed(7)
    chosen = [q for q in queries if field(q, "InChIKey")[:14] in by_compound]
    chosen = sorted(random.sample(chosen, 12), key=lambda b: field(b, "Name"))
    keys = {field(q, "InChIKey")[:14] for q in chosen}
    # The library: every open-licence spectrum of the chosen compounds plus distractors.
    distractors = [k for k in sorted(by_compound) if k not in keys]
    library_keys = sorted(keys) + random.sample(distractors, 40)
    library_blocks = [b for k in library_keys for b in by_compound[k]]

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "library.msp").write_text("\n\n".join("\n".join(b) for b in library_blocks) + "\n")
    with open(out / "queries.mgf", "w") as mgf:
        for block in chosen:
            mgf.write("BEGIN IONS\n")
            mgf.write(f"TITLE={field(block, 'DB#')}\n")
            mgf.write(f"PEPMASS={field(block, 'PrecursorMZ')}\nCHARGE=1+\nIONMODE=positive\n")
            for mz, intensity in peaks(block):
                mgf.write(f"{mz}\t{intensity}\n")
            mgf.write("END IONS\n\n")
    with open(out / "ATTRIBUTION.md", "w") as note:
        note.write("# Demo data\n\nDerived from MassBank (MassBank-data release 2025.05.1, https://massbank.eu), "
                   "records of many contributing labs; only records licensed CC0 or CC BY are used. "
                   "`queries.mgf` holds 12 query spectra without their annotations; `library.msp` holds "
                   f"{len(library_blocks)} annotated reference spectra of 52 compounds.\n\n"
                   "| file | record | licence | compound |\n|---|---|---|---|\n")
        for name, blocks in (("queries.mgf", chosen), ("library.msp", library_blocks)):
            for b in blocks:
                note.write(f"| {name} | {field(b, 'DB#')} | {field(b, 'Comments').strip(chr(34)).split('=')[1]} | {field(b, 'Name')} |\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
