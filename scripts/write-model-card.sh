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
views=$(awk -F'\t' 'NR > 1 && $1 > 1 { sum += $5; n++ } END { printf "%.0f", sum / n }' "$work/training_log.tsv")
first_epoch_views=$(awk -F'\t' '$1 == 1 { printf "%.0f", $5 }' "$work/training_log.tsv")
recipe=$(tr '\n' ' ' < "$here/scripts/default-model.args" | sed 's/ *$//')
arg() { grep -o -- "-$1 [^ ]*" <<< "$recipe" | cut -d' ' -f2; }
threads=$(grep "^Threads: " "$work/training.txt" | tail -n 1 | cut -d' ' -f2) ||
  { echo "$work/training.txt has no 'Threads:' line (scripts/train-default-model.sh writes it)" >&2; exit 1; }
hours=$(awk -F'\t' 'END { printf "%.0f min", $6 / 60 }' "$work/training_log.tsv")
{
  cat <<CARD
# SpecEmbedding default model

\`default.model\`, shipped with the tools and used when no \`-model\` is given.

weights_sha256: $checksum

## Data

Trained on \`train.msp\` of the MassBank benchmark split only (MassBank-data release 2025.05.1,
https://massbank.eu, positive-mode ESI MS/MS, cleaned as in the SpecEmbedding / MSBERT papers,
split by compound): 41,289 spectra of 4,010 compounds. A fraction $(arg validation_fraction)
of the training compounds (seed $(arg seed)) was held out for validation; no dev spectrum or dev compound was used.
$train_line

The model derives from MassBank records under these licences (record counts of \`train.msp\`):
CC BY 14,998; dl-de/by-2-0 10,037; CC BY-NC-SA 5,809; CC BY-SA 5,079; CC0 3,775; CC BY-NC 1,545;
CC BY-NC-ND 46. Attribution: MassBank consortium and its contributing laboratories. Records
licensed NC restrict commercial use of derived works in some readings of those licences; check
before commercial use.

## Configuration

- Encoder: embedding_dim $(arg model:embedding_dim), n_head $(arg model:n_head), n_layer $(arg model:n_layer),
  dim_feedforward $(arg model:dim_feedforward), dim_target $(arg model:dim_target), activation selu (gelu inside the
  transformer layers), dropout 0.1; tokenizer: 99 most intense peaks plus the precursor token, max_len 100.
- Training (SpecEmbeddingTrainer): SupCon + $(arg alpha) x Tanimoto loss (temperature 0.05, Morgan radius 2,
  2048 bits), augmentation probability 0.5, AdamW lr $(arg learning_rate), weight decay 0.1, warm-up 10 % then cosine,
  gradient clipping 0.5, batch $(arg batch_size) compounds x 2 views, $(arg epochs) epochs of 10 x the training compounds,
  seed $(arg seed), $threads threads.
- Trainer arguments (\`scripts/default-model.args\`): \`$recipe\`
- Weights kept: the epoch with the best validation top-1 hit ratio, ties by validation loss. The
  validation search is a large-library search
  (\`-validation_distractors $(arg validation_distractors)\`): each held-out compound's query searches the other validation spectra plus all training spectra, as the dev
  "large library" task does; the plain replicate search saturates near 0.99 after two epochs.
- Training time: $hours on 2 CPU cores (Debian 12, LibTorch 1.13 with OpenBLAS), about $views
  training views/s after the first epoch ($first_epoch_views views/s in the first epoch).
- Seed: the recipe was run with seeds 42 and 43. Each run keeps its own best validation epoch; the
  seed also draws the validation split, so the two validation scores do not compare. Seed 42 (kept
  epoch 4 of 4, validation top-1 0.934, 31 min) scored 0.978 / 0.833 / 0.918 on dev (replicate /
  cross-lab / large library, embedding top-1) with hybrid cross-lab 0.852; seed 43 (kept epoch 2)
  scored 0.978 / 0.846 / 0.921 with hybrid cross-lab 0.864; its first epoch shared the 2 cores with
  other jobs, hence its longer time. The shipped model is seed 43, chosen on dev. The two differ by
  one to two queries per task, which is seed noise: expect the same accuracy from either on new
  compounds.
- Hybrid search default (\`-rescoring_weight\` 0.3 of 50 candidates): chosen on the held-out training
  compounds with the previous, 128-wide default model (0.3 beat 0.5 and 0.7 by 2-4 queries); on this
  model 0.1 and 0.3 are within one held-out query of each other (table below), so it stayed.
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

## Dev learning curve (\`bench/learning_curve.sh\`: embedding search, no filter, every epoch model)

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

- Width helped once; neither more width nor more time moves the large library past about 0.92.
  The 256-wide encoder (seed 42) passes the 128-wide one (128/8/4/256/128, same loss, batch and
  learning rate, 14 epochs in 75 min on one core: dev 0.973 / 0.833 / 0.898 on replicate / cross-lab
  / large library, validation top-1 0.926) after its first epoch (0.973 / 0.815 / 0.903). The same recipe run
  for 8 epochs (62 min) levels off: dev large library 0.916, 0.916, 0.918, 0.921, 0.918, 0.918 over
  epochs 3-8 and validation top-1 0.926-0.934, while validation loss keeps falling (0.611 to 0.537);
  its cross-lab ends at 0.858. A 384-wide encoder (384/12/4/768/128, 4 epochs, 54 min; validation
  top-1 0.934, validation loss 0.514) gains cross-lab (0.870) but not replicate (0.973) or large
  library (0.908). What is left is a different objective or data, not a longer or wider run.
- Other recipes at this width land within two queries of it on the large library and trade the
  other tasks (dev top-1 replicate / cross-lab / large library; validation: the trainer's top-1):
  batch 512 with lr 1.5e-4 (validation 0.934, kept epoch 3) scored 0.975 / 0.827 / 0.923
  with hybrid cross-lab 0.840; alpha 20 (validation 0.931) 0.973 / 0.827 / 0.911. Averaging the
  weights of epochs 3-8 of the 8-epoch run (\`-average_from_epoch 3\`) scored 0.983 / 0.852 / 0.921
  on dev, but 0.920 against 0.934 on the validation twin of the large-library task
  (\`bench/validation_accuracy.sh\`), so validation does not back it.
- The misses are mostly isomers (\`bench/large_library_misses.sh\`): of the seed-42 model's 33
  large-library misses, 21 are hits on a compound with the query's formula (5,7- vs
  6,7-dimethoxy-4-methylcoumarin, asymmetric vs symmetric dimethylarginine, ...), 31 sit within 0.01
  of the query's precursor m/z (so a precursor filter cannot remove them) and 30 are training spectra.
  Spectral entropy re-scoring does not help there (0.913): the peaks of these isomers hardly differ.
- Sharper isomer separation through the training objective costs cross-lab robustness at 128
  wide: hard-negative batches (\`-mass_window_rounds 8\`, 10 epochs) scored 0.975 / 0.753 / 0.906 and
  a weaker Tanimoto term (alpha 10) 0.973 / 0.796 / 0.913, against 0.973 / 0.833 / 0.898. The wider
  encoder gains on both at once.
- Neither an ensemble nor a different search closes the gap (\`VALIDATION_SEED=42
  bench/search_variants.sh\`; top-1 on the validation twin of the large-library task / dev large
  library): averaging the seed-42 model's cosines with the batch-512 model's scores 0.926 / 0.913 (the
  seed-42 model alone 0.923 / 0.918); scoring compounds instead of spectra (a soft maximum or the mean
  of each compound's best two spectra) at most 0.914 / 0.908; subtracting a share of each library
  spectrum's mean cosine to its ten nearest library neighbours (hubness correction) at most 0.926 /
  0.913. The isomers' spectra embed closer to the query than the true compound's.
- Data: the same recipe refit on all 4,010 training compounds (\`-validation_fraction 0\`, 4 epochs,
  29 min) scored 0.978 / 0.858 / 0.906 on dev (hybrid cross-lab 0.852): the 10 % more compounds
  buy cross-lab accuracy again, not large-library accuracy. The 128-wide recipe on half of the
  training compounds (every other compound of train.msp, stopped after epoch 8 of 14) scored
  0.975 / 0.778 / 0.911, against 0.975 / 0.833 / 0.903 for the full run at epoch 8: twice the
  compounds buy cross-lab robustness (+0.055), not large-library accuracy.
- Positive ion mode only, like its training data; spectra with precursor m/z up to 1000.
CARD
} > "$card"
echo "wrote $card"
