#include "Augmenter.h"

#include "../Errors.h"

#include <algorithm>
#include <cmath>

namespace SpecEmbedding
{
  void AugmentationSettings::validate() const
  {
    const auto check = [](double value, const char* name) {
      if (!(value >= 0.0 && value <= 1.0)) throw ParameterError(std::string(name) + " must lie in [0, 1], got " + std::to_string(value));
    };
    check(removal_intensity, "removal_intensity");
    check(removal_max, "removal_max");
    check(rate_intensity, "rate_intensity");
  }

  Augmenter::Augmenter(const AugmentationSettings& settings) : settings_(settings)
  {
    settings_.validate();
  }

  TokenSequence Augmenter::operator()(const TokenSequence& tokens, std::mt19937_64& random) const
  {
    if (tokens.size() < 2) return tokens; // a precursor token alone has nothing to perturb

    // Positions (in tokens) of the low-intensity peaks; the first `removed` of a partial shuffle go.
    std::vector<size_t> candidates;
    for (size_t i = 1; i < tokens.size(); ++i)
    {
      if (static_cast<double>(tokens.intensity[i]) < settings_.removal_intensity) candidates.push_back(i);
    }
    const auto removed = static_cast<size_t>(std::floor(settings_.removal_max * static_cast<double>(candidates.size())));
    std::vector<bool> keep(tokens.size(), true);
    for (size_t i = 0; i < removed; ++i)
    {
      std::uniform_int_distribution<size_t> pick(i, candidates.size() - 1);
      std::swap(candidates[i], candidates[pick(random)]);
      keep[candidates[i]] = false;
    }

    // Scaled in double, as numpy promotes float32 x float64, then stored as float32.
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    std::vector<float> mz;
    std::vector<double> intensity;
    for (size_t i = 1; i < tokens.size(); ++i)
    {
      if (!keep[i]) continue;
      mz.push_back(tokens.mz[i]);
      intensity.push_back((1.0 - settings_.rate_intensity * 2.0 * (uniform(random) - 0.5)) * tokens.intensity[i]);
    }
    const double max_intensity = *std::max_element(intensity.begin(), intensity.end());

    TokenSequence augmented;
    augmented.mz.reserve(mz.size() + 1);
    augmented.intensity.reserve(mz.size() + 1);
    augmented.mz.push_back(tokens.mz[0]);
    augmented.intensity.push_back(tokens.intensity[0]);
    for (size_t i = 0; i < mz.size(); ++i)
    {
      augmented.mz.push_back(mz[i]);
      augmented.intensity.push_back(static_cast<float>(intensity[i] / max_intensity));
    }
    return augmented;
  }
}
