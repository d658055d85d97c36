#!/usr/bin/env bash
# Writes the default model's card (share/SpecEmbedding/models/default.model.md) from the outputs of
# scripts/train-default-model.sh: its console log, epoch log, dev accuracy table, dev learning curve and
# hybrid tuning table.
# Usage: scripts/write-model-card.sh WORK_DIR [SHARED_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
work=$1
shared=$(cd "${2:-$here/../shared}" && pwd)
card=$here/share/SpecEmbedding/models/default.model.md
checksum=$(grep -o "weights sha256 [0-9a-f]*" "$work/training.txt" | tail -n 1 | cut -d' ' -f3)
train_line=$(grep "^Trained on" "$work/training.txt" | tail -n 1 | sed "s/ (resumed from '[^']*')//")
views=$(awk -F'\t' 'NR > 2 && $5 != "NA" { sum += $5; n++ } END { printf "%.0f", sum / n }' "$work/training_log.tsv")
hours=$(awk -F'\t' 'END { printf "%.0f min", $6 / 60 }' "$work/training_log.tsv")
{
  cat <<CARD
# SpecEmbedding default model

\`default.model\`, shipped with the tools and used when no \`-model\` is given.

weights_sha256: $checksum

## Data

Trained on \`train.msp\` of the MassBank benchmark split only (MassBank-data release 2025.05.1,
https://massbank.eu, positive-mode ESI MS/MS, cleaned as in the SpecEmbedding / MSBERT papers,
split by compound): 41,289 spectra of 4,010 compounds. A tenth of the training compounds
(seed 42) was held out for validation; no dev spectrum or dev compound was used.
$train_line

The model derives from MassBank records under these licences (record counts of \`train.msp\`):
CC BY 14,998; dl-de/by-2-0 10,037; CC BY-NC-SA 5,809; CC BY-SA 5,079; CC0 3,775; CC BY-NC 1,545;
CC BY-NC-ND 46. Attribution: MassBank consortium and its contributing laboratories. Records
licensed NC restrict commercial use of derived works in some readings of those licences; check
before commercial use.

## Configuration

- Encoder: embedding_dim 128, n_head 8, n_layer 4, dim_feedforward 256, dim_target 128,
  activation selu (gelu inside the transformer layers), dropout 0.1; tokenizer: 99 most intense
  peaks plus the precursor token, max_len 100.
- Training (SpecEmbeddingTrainer): SupCon + 30 x Tanimoto loss (temperature 0.05, Morgan radius 2,
  2048 bits), augmentation probability 0.5, AdamW lr 1e-4, weight decay 0.1, warm-up 10 % then cosine,
  gradient clipping 0.5, batch 256 compounds x 2 views, 14 epochs of 10 x the training compounds,
  seed 42, 1 thread (the run was stopped after epoch 2 and continued with -resume, which at the same
  thread count ends with the weights of an uninterrupted run).
- Weights kept: the epoch with the best validation top-1 hit ratio, ties by validation loss. The
  validation search is a large-library search (\`-validation_distractors 100000\`): each held-out
  compound's query searches the other validation spectra plus all training spectra, as the dev
  "large library" task does; the plain replicate search saturates near 0.99 after two epochs.
- Training time: $hours on 1 CPU core (Debian 12, LibTorch 1.13 with OpenBLAS; the second core ran
  another training run), about $views training views/s.
- Hybrid search default (\`-rescoring_weight\` 0.3 of 50 candidates): chosen on the held-out training
  compounds, see below.
- Reproduce: \`scripts/train-default-model.sh\` (then \`scripts/write-model-card.sh\`).

## Learning curve (validation split of train.msp; epoch 0 is the untrained model)

| epoch | train loss | validation loss | validation top-1 | views/s |
|---|---|---|---|---|
CARD
  awk -F'\t' 'NR > 1 { printf "| %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5 }' "$work/training_log.tsv"
  cat <<CARD

## Dev figures (\`bench/dev_accuracy.sh\`, SpecEmbeddingEvaluator)

Top-1 / top-5 / top-10 hit ratios on the dev tasks of the MassBank split. "embedding": cosine of
embeddings only; "-rescoring entropy": hybrid search re-scoring the 50 best embedding candidates
with spectral entropy; "-precursor_mass_tolerance 20": 20 ppm precursor filter.

\`\`\`
CARD
  cat "$work/dev_accuracy.txt"
  echo '```'
  cat <<CARD

## Dev learning curve (\`bench/learning_curve.sh\`: embedding search, no filter, the epoch models 1, 2, 4, ..., 14)

\`\`\`
CARD
  cat "$work/learning_curve.txt"
  echo '```'
  cat <<CARD

## Hybrid settings on held-out training compounds (\`bench/tune_hybrid.sh\`, not dev)

\`\`\`
CARD
  cat "$work/tune_hybrid.txt"
  echo '```'
  cat <<CARD

Anchors on the same tasks (top-1, no precursor filter; \`../shared/data/massbank/README.md\`): spectral
entropy 0.871 / 0.611 / 0.722 and the reference PyTorch trainer at 128/8/4/256/128 after 45 min on one
thread 0.965 / 0.765 / 0.891 (replicate / cross-lab / large library); with a 20 ppm filter entropy
reaches 0.970 / 0.741 / 0.906.

## What limits the model

- Not training time. The dev learning curve is flat after epoch 2 to 6 (large library 0.88-0.91,
  replicate 0.97-0.98, cross-lab 0.79-0.83 from epoch 2 on) while the training loss still falls
  (2.37 at epoch 2, 0.67 at epoch 14); the large-library validation top-1 moves from 0.917 (epoch 2)
  to 0.926 (epoch 14). Later epochs trade a few large-library queries for cross-lab ones.
- The misses are mostly isomers (\`bench/large_library_misses.sh\`): of this model's 41 large-library
  misses, 26 are hits on a compound with the query's formula (3- vs 4-methoxycinnamic acid, 5,7- vs
  6,7-dimethoxy-4-methylcoumarin, asymmetric vs symmetric dimethylarginine, ...), 39 sit within 0.01
  of the query's precursor m/z (so a precursor filter cannot remove them: with 20 ppm the
  large-library figure is unchanged), and 36 are training spectra. Spectral entropy re-scoring lifts
  large library by only 0.01: the peaks of these isomers hardly differ.
- Data: the same recipe on half of the training compounds (every other compound of train.msp, same
  schedule, stopped after epoch 8 of 14) scores 0.975 / 0.778 / 0.911 on replicate / cross-lab /
  large library, against 0.975 / 0.833 / 0.903 for this run at epoch 8: twice the compounds buy
  cross-lab robustness (+0.055, the only task where data shows), not large-library accuracy.
- Size was not varied within the CPU budget; the small gap between training and validation loss
  (0.67 / 0.75) says the 128-wide encoder is not over-fitting the 3,609 training compounds.
- Positive ion mode only, like its training data; spectra with precursor m/z up to 1000.
CARD
} > "$card"
echo "wrote $card"
