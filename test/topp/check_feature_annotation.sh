#!/bin/sh
# Checks the Annotator's feature-level outputs by their counts, reading the annotated map back with OpenMS's tools.
#   check_feature_annotation.sh MZTAB FEATURES TSV ROWS ANNOTATED LINKED WORK
# MZTAB must hold ROWS small-molecule rows; FEATURES (featureXML or consensusXML) must load in FileInfo and
# TextExporter, which must list as many hits of ours, on ANNOTATED features;
# TSV (or "-" to skip) must name LINKED distinct spectra that lie in a feature (a feature_id).
set -eu
mztab=$1 features=$2 tsv=$3 rows=$4 annotated=$5 linked=$6 work=$7
status=0
found=$(grep -c '^SML' "$mztab" || true)
echo "$mztab: $found SML rows (expected $rows)"
[ "$found" -eq "$rows" ] || status=1
FileInfo -test -in "$features" > "$work/fileinfo.txt" || { echo "FileInfo cannot read $features"; exit 1; }
TextExporter -test -in "$features" -out "$work/exported.tsv" > /dev/null || { echo "TextExporter cannot read $features"; exit 1; }
# TextExporter writes each hit as a PEPTIDE line with its identification's RT and m/z (those of the spectrum of
# the feature's best hit, which lies in that feature only) and score type: one line per mzTab row.
grep '^PEPTIDE' "$work/exported.tsv" | grep 'SpecEmbedding score' > "$work/hits.tsv" || true
found=$(wc -l < "$work/hits.tsv")
echo "$features: $found hits (expected $rows)"
[ "$found" -eq "$rows" ] || status=1
found=$(cut -f 2,3 "$work/hits.tsv" | sort -u | wc -l)
echo "$features: $found annotated features (expected $annotated)"
[ "$found" -eq "$annotated" ] || status=1
if [ "$tsv" != "-" ]; then
  found=$(awk -F '\t' 'NR == 1 { for (i = 1; i <= NF; ++i) column[$i] = i; next }
                       $column["feature_id"] != "" { spectra[$column["map_index"] " " $column["query_index"]] = 1 }
                       END { print length(spectra) }' "$tsv")
  echo "$tsv: $found spectra linked to a feature (expected $linked)"
  [ "$found" -eq "$linked" ] || status=1
fi
exit $status
