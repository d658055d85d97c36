#include "Tokenizer.h"

#include "Errors.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace SpecEmbedding
{
  Tokenizer::Tokenizer(int max_len, bool ion_mode_token) : max_len_(max_len), ion_mode_token_(ion_mode_token)
  {
    if (max_len < 2) throw ParameterError("max_len must be at least 2, got " + std::to_string(max_len));
  }

  float Tokenizer::precursorIntensity(const std::string& ion_mode) const
  {
    return ion_mode_token_ && ion_mode == "negative" ? kNegativePrecursorIntensity : kPrecursorIntensity;
  }

  std::optional<std::string> Tokenizer::problem(const Spectrum& spectrum) const
  {
    if (!std::isfinite(spectrum.precursor_mz) || spectrum.precursor_mz <= 0.0) return "no precursor m/z";
    if (spectrum.mz.size() != spectrum.intensity.size()) return "m/z and intensity counts differ";
    bool has_signal = false;
    for (size_t i = 0; i < spectrum.mz.size(); ++i)
    {
      if (!std::isfinite(spectrum.mz[i]) || !std::isfinite(spectrum.intensity[i])) return "non-finite m/z or intensity";
      if (spectrum.intensity[i] < 0.0) return "negative intensity";
      has_signal = has_signal || spectrum.intensity[i] > 0.0;
    }
    if (!has_signal) return "no peaks";
    return std::nullopt;
  }

  TokenSequence Tokenizer::tokenize(const Spectrum& spectrum) const
  {
    if (auto why = problem(spectrum))
    {
      throw InputError("spectrum '" + spectrum.id + "': " + *why);
    }
    // The reference reads peaks as float32 before ranking them.
    const size_t n = spectrum.mz.size();
    std::vector<float> mz(n), intensity(n);
    for (size_t i = 0; i < n; ++i)
    {
      mz[i] = static_cast<float>(spectrum.mz[i]);
      intensity[i] = static_cast<float>(spectrum.intensity[i]);
    }
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    const size_t keep = std::min(n, static_cast<size_t>(max_len_ - 1));
    // Most intense first; equal intensities: the later (higher m/z) peak first.
    std::partial_sort(order.begin(), order.begin() + keep, order.end(), [&](size_t a, size_t b) {
      return intensity[a] != intensity[b] ? intensity[a] > intensity[b] : a > b;
    });
    order.resize(keep);
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return mz[a] != mz[b] ? mz[a] < mz[b] : a < b;
    });
    float max_intensity = 0.0f;
    for (size_t i : order) max_intensity = std::max(max_intensity, intensity[i]);

    TokenSequence tokens;
    tokens.mz.reserve(keep + 1);
    tokens.intensity.reserve(keep + 1);
    tokens.mz.push_back(static_cast<float>(spectrum.precursor_mz));
    tokens.intensity.push_back(precursorIntensity(spectrum.ion_mode));
    for (size_t i : order)
    {
      tokens.mz.push_back(mz[i]);
      tokens.intensity.push_back(intensity[i] / max_intensity);
    }
    return tokens;
  }
}
