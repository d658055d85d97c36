#include "Validator.h"

#include "AnalogHits.h"
#include "PairSampler.h"
#include "Randomness.h"
#include "ReplicateHitRatio.h"
#include "ViewEmbedding.h"

#include <algorithm>
#include <limits>
#include <map>
#include <numeric>

namespace SpecEmbedding
{
  Validator::Validator(const CompoundSet& validation, const CompoundSet& training, size_t distractors,
                       const TrainingObjective& objective, const MorganFingerprints* fingerprints,
                       const MorganFingerprints* training_fingerprints, size_t compounds_per_batch, uint64_t seed)
    : compounds_(validation), objective_(objective), fingerprints_(fingerprints), training_fingerprints_(training_fingerprints),
      compounds_per_batch_(compounds_per_batch), seed_(seed)
  {
    // Ion modes numbered alike in both sets.
    std::map<std::string, int> mode_numbers;
    const auto modeNumber = [&](const std::string& mode) { return mode_numbers.emplace(mode, static_cast<int>(mode_numbers.size())).first->second; };
    for (size_t c = 0; c < validation.size(); ++c)
    {
      first_row_.push_back(static_cast<int64_t>(spectra_.size()));
      for (const auto& tokens : validation.compounds[c].spectra)
      {
        spectra_.push_back(tokens);
        compound_of_row_.push_back(c);
        mode_of_row_.push_back(modeNumber(validation.compounds[c].ion_mode));
      }
    }
    if (validation.size() == 0 || distractors == 0) return;
    std::vector<std::pair<size_t, size_t>> training_spectra; // (compound, spectrum)
    for (size_t c = 0; c < training.size(); ++c)
    {
      for (size_t s = 0; s < training.compounds[c].spectra.size(); ++s) training_spectra.emplace_back(c, s);
    }
    if (distractors < training_spectra.size())
    {
      auto random = derivedGenerator(seed, RandomPurpose::ValidationDistractors);
      std::shuffle(training_spectra.begin(), training_spectra.end(), random);
      training_spectra.resize(distractors);
    }
    for (const auto& [c, s] : training_spectra)
    {
      distractors_.push_back(training.compounds[c].spectra[s]);
      distractor_compound_.push_back(c);
      mode_of_distractor_.push_back(modeNumber(training.compounds[c].ion_mode));
    }
  }

  ValidationScores Validator::operator()(SpectrumEncoderImpl& encoder) const
  {
    torch::InferenceMode inference;
    const auto embeddings = encoder.embed(spectra_, kViewsPerForward);
    auto random = derivedGenerator(seed_, RandomPurpose::ValidationViews);
    std::vector<size_t> order(compounds_.size());
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), random);
    // Batches within one ion mode, as in training; with one mode this keeps the shuffled order.
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return mode_of_row_[first_row_[a]] < mode_of_row_[first_row_[b]]; });
    double loss_sum = 0.0;
    for (size_t start = 0; start < order.size();)
    {
      const int mode = mode_of_row_[first_row_[order[start]]];
      size_t end = start;
      while (end < order.size() && end - start < compounds_per_batch_ && mode_of_row_[first_row_[order[end]]] == mode) ++end;
      const std::vector<size_t> compounds(order.begin() + start, order.begin() + end);
      start = end;
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
    const auto hit_ratio = replicateTopOneHitRatio(embeddings, compound_of_row_, seed_, distractors, mode_of_row_, mode_of_distractor_);
    return {loss_sum / static_cast<double>(order.size()), hit_ratio.ratio, analogTanimoto(embeddings, distractors)};
  }

  double Validator::analogTanimoto(const torch::Tensor& embeddings, const torch::Tensor& distractors) const
  {
    if (!distractors.defined() || !fingerprints_ || !training_fingerprints_) return std::numeric_limits<double>::quiet_NaN();
    std::vector<int> query_modes;
    for (const auto row : first_row_) query_modes.push_back(mode_of_row_[row]);
    const auto best = bestAnalogHits(embeddings.index_select(0, torch::tensor(first_row_, torch::kLong)), query_modes, distractors,
                                     mode_of_distractor_, 1);
    const auto best_rows = best.index.accessor<int64_t, 2>();
    double sum = 0.0;
    size_t counted = 0;
    for (size_t c = 0; c < compounds_.size(); ++c)
    {
      if (!fingerprints_->has(c)) continue;
      sum += fingerprints_->tanimoto(c, *training_fingerprints_, distractor_compound_[best_rows[c][0]]);
      ++counted;
    }
    return counted ? sum / static_cast<double>(counted) : std::numeric_limits<double>::quiet_NaN();
  }
}
