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
    check(noise_intensity, "noise_intensity");
    if (!(precursor_ppm >= 0.0 && precursor_ppm <= 1000.0)) throw ParameterError("precursor_ppm must lie in [0, 1000], got " + std::to_string(precursor_ppm));
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
    for (auto& value : intensity) value /= max_intensity;

    // Noise peaks, drawn only when asked for, so that the reference's random sequence stays the same.
    if (settings_.noise_peaks > 0)
    {
      const auto count = std::uniform_int_distribution<size_t>(0, settings_.noise_peaks)(random);
      const double highest_mz = tokens.mz[0] > 0.0f ? tokens.mz[0] : *std::max_element(mz.begin(), mz.end());
      for (size_t i = 0; i < count; ++i)
      {
        mz.push_back(static_cast<float>(uniform(random) * highest_mz));
        intensity.push_back(uniform(random) * settings_.noise_intensity);
      }
    }
    std::vector<size_t> order(mz.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    // No more peaks than the tokenizer takes: the most intense stay, as it keeps them (of equal ones, the higher m/z).
    const size_t kept = std::min(order.size(), std::max(settings_.max_peaks, tokens.size() - 1));
    std::partial_sort(order.begin(), order.begin() + kept, order.end(),
                      [&](size_t a, size_t b) { return intensity[a] != intensity[b] ? intensity[a] > intensity[b] : mz[a] > mz[b]; });
    order.resize(kept);
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return mz[a] < mz[b]; });
    float precursor_mz = tokens.mz[0];
    if (settings_.precursor_ppm > 0.0) precursor_mz *= static_cast<float>(1.0 + (2.0 * uniform(random) - 1.0) * settings_.precursor_ppm * 1e-6);

    TokenSequence augmented;
    augmented.mz.reserve(mz.size() + 1);
    augmented.intensity.reserve(mz.size() + 1);
    augmented.mz.push_back(precursor_mz);
    augmented.intensity.push_back(tokens.intensity[0]);
    for (const size_t i : order)
    {
      augmented.mz.push_back(mz[i]);
      augmented.intensity.push_back(static_cast<float>(intensity[i]));
    }
    return augmented;
  }
}
