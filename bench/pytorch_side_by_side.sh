#!/usr/bin/env bash
# Our encoder against the reference's in PyTorch (bench/reference_pytorch.py, python3-torch), back to back,
# with the same weights (the reference-size checkpoint of the parity fixtures, 512/16/4/512/512, which our
# model file imports), each on its best matrix kernel, at 1 and 2 threads:
#  - inference: spectra/s embedding all of dev_ref.msp, whole runs (reading and tokenisation included):
#    ours is the Annotator writing -out_embeddings, PyTorch pads every spectrum to 100 tokens, batch 64;
#  - training: views/s at batch 64 compounds x 2 views: ours is the Trainer's epoch on a subset of
#    train.msp, PyTorch's the reference's step on the same subset; both SupCon alone (no fingerprints).
# Ours runs in float32 and with -precision bf16 (bfloat16 matrix products where the CPU has AVX512_BF16);
# PyTorch runs the reference as published, in float32. The PyTorch side checks its parity with the
# fixture's embeddings first.
# Usage: bench/pytorch_side_by_side.sh [SHARED_DIR] [BUILD_DIR]; STEPS (PyTorch training steps, default 20)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
shared=$(cd "${1:-$here/../shared}" && pwd)
build=${2:-$here/build}
steps=${STEPS:-20}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OPENMS_DISABLE_UPDATE_CHECK=ON
fixture=$shared/fixtures/reference-parity/reference-size
reference=(/usr/bin/python3 "$here/bench/reference_pytorch.py")
library=$shared/data/massbank/dev_ref.msp
spectra=$(grep -c '^Num Peaks' "$library" || grep -ci '^num peaks' "$library")

# The kernel our tools choose by themselves; PyTorch gets the same OpenBLAS core through the environment.
kernel=$("$build/bin/matmul_rate" 1 | head -1)
core=$(echo "$kernel" | sed -n 's/.*OpenBLAS core \([A-Za-z0-9]*\).*/\1/p')
echo "$kernel"
echo "PyTorch side: OPENBLAS_CORETYPE=$core"
"${reference[@]}" check "$fixture/reference_state_dict.ckpt" "$fixture/architecture.json" "$fixture/spectra.msp" "$fixture/expected_embeddings.tsv"
"$build/bin/SpecEmbeddingTrainer" -test -import_checkpoint "$fixture/reference_state_dict.ckpt" -out "$work/reference-size.model" > /dev/null
"$here/test/topp/make_train_subset.sh" "$shared/data/massbank/train.msp" "$work/subset.msp" 10 1000

echo
printf "%-10s %8s %-9s %14s %14s %7s\n" task threads precision ours PyTorch ratio
for threads in 1 2; do
  theirs=$(OPENBLAS_CORETYPE=$core "${reference[@]}" infer "$fixture/reference_state_dict.ckpt" "$fixture/architecture.json" "$library" $threads \
             | sed -n 's/.* \([0-9]*\) spectra\/s.*/\1/p')
  for precision in fp32 bf16; do
    start=$(date +%s.%N)
    "$build/bin/SpecEmbeddingAnnotator" -test -no_progress -threads $threads -precision $precision -in "$library" \
      -model "$work/reference-size.model" -out_embeddings "$work/embeddings.tsv" > "$work/annotator.log" 2>&1
    ours=$(echo "$spectra / ($(date +%s.%N) - $start)" | bc -l)
    printf "%-10s %8d %-9s %10.0f sp/s %10.0f sp/s %6.2fx\n" inference $threads $precision "$ours" "$theirs" "$(echo "$ours / $theirs" | bc -l)"
  done
done
for threads in 1 2; do
  theirs=$(OPENBLAS_CORETYPE=$core "${reference[@]}" train "$fixture/reference_state_dict.ckpt" "$fixture/architecture.json" "$work/subset.msp" \
             $threads "$steps" | sed -n 's/.* \([0-9]*\) views\/s.*/\1/p')
  for precision in fp32 bf16; do
    "$build/bin/SpecEmbeddingTrainer" -no_progress -threads $threads -in "$work/subset.msp" -out "$work/m.model" -out_log "$work/log.tsv" \
      -checkpoint "$work/m.checkpoint" -epochs 1 -epoch_factor 1 -compounds_per_batch 64 -validation_fraction 0 -loss supcon \
      -precision $precision -architecture:embedding_dim 512 -architecture:n_head 16 -architecture:n_layer 4 \
      -architecture:dim_feedforward 512 -architecture:dim_target 512 > /dev/null 2>&1
    ours=$(awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; ++i) if ($i == "views_per_second") c = i } NR > 1 && $c != "NA" { v = $c } END { print v }' "$work/log.tsv")
    printf "%-10s %8d %-9s %10.0f v/s  %10.0f v/s  %6.2fx\n" training $threads $precision "$ours" "$theirs" "$(echo "$ours / $theirs" | bc -l)"
  done
done
