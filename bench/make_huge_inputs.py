"""Writes the inputs of bench/huge_input.sh: an MGF of N spectra (the records of an MSP repeated, each with
its own TITLE) and an mzML made by repeating a real run's spectra K times (new native IDs, RTs shifted
run by run; without the index, which readers do not need).

Usage: make_huge_inputs.py mgf SOURCE.msp N OUT.mgf | make_huge_inputs.py mzml SOURCE.mzML K OUT.mzML"""
import re
import sys


def msp_records(path):
    record = {'peaks': []}
    with open(path) as msp:
        for line in list(msp) + ['']:
            line = line.strip()
            if not line:
                if record['peaks']:
                    yield record
                record = {'peaks': []}
            elif ':' in line and not line[0].isdigit():
                key, value = line.split(':', 1)
                record[key.strip().lower()] = value.strip()
            elif line[0].isdigit():
                record['peaks'].append(line.replace('\t', ' '))


def write_mgf(source, count, out):
    records = list(msp_records(source))
    with open(out, 'w') as mgf:
        for i in range(count):
            record = records[i % len(records)]
            mode = '-' if record.get('ion_mode', 'P').upper().startswith('N') else '+'
            mgf.write(f'BEGIN IONS\nTITLE=spectrum_{i}\nPEPMASS={record["precursormz"]}\nCHARGE=1{mode}\n'
                      f'RTINSECONDS={i % 3600}\nMSLEVEL=2\n' + '\n'.join(record['peaks']) + '\nEND IONS\n\n')


def write_mzml(source, copies, out):
    text = open(source).read()
    begin = text.index('<spectrumList')
    body_start = text.index('>', begin) + 1
    body_end = text.index('</spectrumList>')
    spectra = text[body_start:body_end]
    last_rt = max(float(rt) for rt in re.findall(r'name="scan start time" value="([0-9.eE+-]+)"', spectra))
    count = len(re.findall(r'<spectrum ', spectra))
    head = text[:begin].replace('<indexedmzML', '<!--').replace('xsd/mzML1.1.2_idx.xsd">', '-->', 1)
    head = re.sub(r'^<\?xml[^>]*>\s*<!--.*?-->', '<?xml version="1.0" encoding="utf-8"?>', head, count=1, flags=re.S)
    with open(out, 'w') as mzml:
        mzml.write(head + f'<spectrumList count="{count * copies}" defaultDataProcessingRef="pwiz_Reader_conversion">')
        for copy in range(copies):
            block = re.sub(r'index="(\d+)"', lambda m: f'index="{copy * count + int(m.group(1))}"', spectra)
            block = re.sub(r'id="([^"]*scan=\d+)"', lambda m: f'id="{m.group(1)}{copy:05d}"', block)
            block = re.sub(r'(name="scan start time" value=")([0-9.eE+-]+)"',
                           lambda m: f'{m.group(1)}{float(m.group(2)) + copy * (last_rt + 1):.4f}"', block)
            mzml.write(block)
        mzml.write('</spectrumList>\n    </run>\n  </mzML>\n')


if __name__ == '__main__':
    kind, source, n, out = sys.argv[1:5]
    (write_mgf if kind == 'mgf' else write_mzml)(source, int(n), out)
