#include "Validator.h"

#include "PairSampler.h"
#include "Randomness.h"
#include "ReplicateHitRatio.h"
#include "ViewEmbedding.h"

#include <algorithm>
#include <numeric>

namespace SpecEmbedding
{
  Validator::Validator(const CompoundSet& validation, const CompoundSet& training, size_t distractors,
                       const TrainingObjective& objective, const MorganFingerprints* fingerprints, size_t compounds_per_batch, uint64_t seed)
    : compounds_(validation), objective_(objective), fingerprints_(fingerprints), compounds_per_batch_(compounds_per_batch), seed_(seed)
  {
    for (size_t c = 0; c < validation.size(); ++c)
    {
      first_row_.push_back(static_cast<int64_t>(spectra_.size()));
      for (const auto& tokens : validation.compounds[c].spectra)
      {
        spectra_.push_back(tokens);
        compound_of_row_.push_back(c);
      }
    }
    if (validation.size() == 0 || distractors == 0) return;
    for (const auto& compound : training.compounds) distractors_.insert(distractors_.end(), compound.spectra.begin(), compound.spectra.end());
    if (distractors >= distractors_.size()) return;
    auto random = derivedGenerator(seed, RandomPurpose::ValidationDistractors);
    std::shuffle(distractors_.begin(), distractors_.end(), random);
    distractors_.resize(distractors);
  }

  ValidationScores Validator::operator()(SpectrumEncoderImpl& encoder) const
  {
    torch::InferenceMode inference;
    const auto embeddings = encoder.embed(spectra_, kViewsPerForward);
    auto random = derivedGenerator(seed_, RandomPurpose::ValidationViews);
    std::vector<size_t> order(compounds_.size());
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), random);
    double loss_sum = 0.0;
    for (size_t start = 0; start < order.size(); start += compounds_per_batch_)
    {
      const std::vector<size_t> compounds(order.begin() + start, order.begin() + std::min(order.size(), start + compounds_per_batch_));
      std::vector<int64_t> rows;
      for (size_t c : compounds)
      {
        std::uniform_int_distribution<int64_t> pick(0, static_cast<int64_t>(compounds_.compounds[c].spectra.size()) - 1);
        for (size_t v = 0; v < PairSampler::kViews; ++v) rows.push_back(first_row_[c] + pick(random));
      }
      const auto features = embeddings.index_select(0, torch::tensor(rows, torch::kLong))
                              .view({static_cast<int64_t>(compounds.size()), static_cast<int64_t>(PairSampler::kViews), -1});
      loss_sum += objective_(features, compounds, fingerprints_).item<double>() * static_cast<double>(compounds.size());
    }
    const auto distractors = distractors_.empty() ? torch::Tensor() : encoder.embed(distractors_, kViewsPerForward);
    const auto hit_ratio = replicateTopOneHitRatio(embeddings, compound_of_row_, seed_, distractors);
    return {loss_sum / static_cast<double>(order.size()), hit_ratio.ratio};
  }
}
