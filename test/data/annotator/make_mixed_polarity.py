"""Writes mixed_polarity.mzML and mixed_library.msp (see README.md): two positive-mode queries of queries.msp
and two negative-mode MassBank records (CC0), each spectrum's polarity as the scan polarity cvParam an
instrument's mzML carries, and the library of library.msp plus the two negative records.
Usage: make_mixed_polarity.py SHARED_DIR   (run in this folder)"""
import base64
import struct
import sys

NEGATIVE = ['MSBNK-HBM4EU-HB003147', 'MSBNK-HBM4EU-HB003441']
POSITIVE = ['MSBNK-Eawag-EA282603', 'MSBNK-Eawag-EQ313203']


def records(path):
    with open(path) as msp:
        return [block.strip() for block in msp.read().split('\n\n') if block.strip()]


def field(record, key):
    for line in record.splitlines():
        if line.lower().startswith(key.lower() + ':'):
            return line.split(':', 1)[1].strip()
    return ''


def peaks(record):
    lines = record.splitlines()
    start = next(i for i, line in enumerate(lines) if line.lower().startswith('num peaks')) + 1
    return [tuple(float(v) for v in line.split()[:2]) for line in lines[start:]]


def encoded(values, code):
    return base64.b64encode(struct.pack('<%d%s' % (len(values), code), *values)).decode()


negative = [r for r in records(sys.argv[1] + '/data/massbank-negative/dev_ref.msp') if field(r, 'DB#') in NEGATIVE]
positive = {field(r, 'DB#'): r for r in records('queries.msp')}
queries = [positive[POSITIVE[0]], negative[0], positive[POSITIVE[1]], negative[1]]
with open('mixed_library.msp', 'w') as library:
    library.write('\n\n'.join(records('library.msp') + negative) + '\n')

spectra = []
for index, record in enumerate(queries):
    mz, intensity = zip(*peaks(record))
    polarity = ('MS:1000129', 'negative scan') if field(record, 'Ion_mode') == 'N' else ('MS:1000130', 'positive scan')
    spectra.append(f'''      <spectrum id="scan={index + 1}" index="{index}" defaultArrayLength="{len(mz)}">
        <cvParam cvRef="MS" accession="MS:1000580" name="MSn spectrum" />
        <cvParam cvRef="MS" accession="MS:1000511" name="ms level" value="2" />
        <cvParam cvRef="MS" accession="MS:1000127" name="centroid spectrum" />
        <cvParam cvRef="MS" accession="{polarity[0]}" name="{polarity[1]}" />
        <scanList count="1">
          <cvParam cvRef="MS" accession="MS:1000795" name="no combination" />
          <scan>
            <cvParam cvRef="MS" accession="MS:1000016" name="scan start time" value="{60.0 * (index + 1)}" unitAccession="UO:0000010" unitName="second" unitCvRef="UO" />
          </scan>
        </scanList>
        <precursorList count="1">
          <precursor>
            <selectedIonList count="1">
              <selectedIon>
                <cvParam cvRef="MS" accession="MS:1000744" name="selected ion m/z" value="{field(record, 'PrecursorMZ')}" unitAccession="MS:1000040" unitName="m/z" unitCvRef="MS" />
              </selectedIon>
            </selectedIonList>
            <activation>
              <cvParam cvRef="MS" accession="MS:1000133" name="collision-induced dissociation" />
            </activation>
          </precursor>
        </precursorList>
        <binaryDataArrayList count="2">
          <binaryDataArray encodedLength="{len(encoded(mz, 'd'))}">
            <cvParam cvRef="MS" accession="MS:1000514" name="m/z array" unitAccession="MS:1000040" unitName="m/z" unitCvRef="MS" />
            <cvParam cvRef="MS" accession="MS:1000523" name="64-bit float" />
            <cvParam cvRef="MS" accession="MS:1000576" name="no compression" />
            <binary>{encoded(mz, 'd')}</binary>
          </binaryDataArray>
          <binaryDataArray encodedLength="{len(encoded(intensity, 'f'))}">
            <cvParam cvRef="MS" accession="MS:1000515" name="intensity array" unitAccession="MS:1000131" unitName="number of detector counts" unitCvRef="MS" />
            <cvParam cvRef="MS" accession="MS:1000521" name="32-bit float" />
            <cvParam cvRef="MS" accession="MS:1000576" name="no compression" />
            <binary>{encoded(intensity, 'f')}</binary>
          </binaryDataArray>
        </binaryDataArrayList>
      </spectrum>''')

with open('mixed_polarity.mzML', 'w') as out:
    out.write(f'''<?xml version="1.0" encoding="UTF-8"?>
<mzML xmlns="http://psi.hupo.org/ms/mzml" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://psi.hupo.org/ms/mzml http://psidev.info/files/ms/mzML/xsd/mzML1.1.0.xsd" version="1.1.0" id="mixed_polarity">
  <cvList count="2">
    <cv id="MS" fullName="Proteomics Standards Initiative Mass Spectrometry Ontology" URI="http://psidev.cvs.sourceforge.net/*checkout*/psidev/psi/psi-ms/mzML/controlledVocabulary/psi-ms.obo" />
    <cv id="UO" fullName="Unit Ontology" URI="http://obo.cvs.sourceforge.net/obo/obo/ontology/phenotype/unit.obo" />
  </cvList>
  <fileDescription>
    <fileContent>
      <cvParam cvRef="MS" accession="MS:1000580" name="MSn spectrum" />
    </fileContent>
  </fileDescription>
  <softwareList count="1">
    <software id="make_mixed_polarity" version="1">
      <cvParam cvRef="MS" accession="MS:1000799" name="custom unreleased software tool" value="make_mixed_polarity.py" />
    </software>
  </softwareList>
  <instrumentConfigurationList count="1">
    <instrumentConfiguration id="ic">
      <cvParam cvRef="MS" accession="MS:1000031" name="instrument model" />
    </instrumentConfiguration>
  </instrumentConfigurationList>
  <dataProcessingList count="1">
    <dataProcessing id="dp">
      <processingMethod order="1" softwareRef="make_mixed_polarity">
        <cvParam cvRef="MS" accession="MS:1000544" name="Conversion to mzML" />
      </processingMethod>
    </dataProcessing>
  </dataProcessingList>
  <run id="mixed_polarity" defaultInstrumentConfigurationRef="ic">
    <spectrumList count="{len(spectra)}" defaultDataProcessingRef="dp">
{chr(10).join(spectra)}
    </spectrumList>
  </run>
</mzML>
''')
