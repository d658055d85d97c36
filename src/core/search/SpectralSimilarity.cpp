#include "SpectralSimilarity.h"

#include "../Errors.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <tuple>

namespace SpecEmbedding
{
  namespace
  {
    struct Peak
    {
      double mz;
      double intensity;
    };

    std::vector<Peak> positivePeaksByMz(const PeakList& peaks)
    {
      if (peaks.mz.size() != peaks.intensity.size()) throw InputError("peak list has different m/z and intensity counts");
      std::vector<Peak> kept;
      kept.reserve(peaks.size());
      for (size_t i = 0; i < peaks.size(); ++i)
      {
        const Peak peak{peaks.mz[i], peaks.intensity[i]};
        if (std::isfinite(peak.mz) && std::isfinite(peak.intensity) && peak.mz > 0.0 && peak.intensity > 0.0) kept.push_back(peak);
      }
      std::sort(kept.begin(), kept.end(), [](const Peak& a, const Peak& b) { return a.mz < b.mz; });
      return kept;
    }

    bool isCentroided(const std::vector<Peak>& peaks, double min_distance)
    {
      for (size_t i = 1; i < peaks.size(); ++i)
      {
        if (peaks[i].mz - peaks[i - 1].mz < min_distance) return false;
      }
      return true;
    }

    /// One pass of ms_entropy's centroid_spectrum_: from the most intense peak down, each peak not yet
    /// absorbed takes in its neighbours closer than min_distance (intensity-weighted mean m/z, summed intensity).
    std::vector<Peak> mergeClosePeaks(std::vector<Peak> peaks, double min_distance)
    {
      std::vector<size_t> by_intensity(peaks.size());
      std::iota(by_intensity.begin(), by_intensity.end(), 0);
      // numpy's argsort(...)[::-1]: descending intensity, the later peak first among equals.
      std::stable_sort(by_intensity.begin(), by_intensity.end(), [&](size_t a, size_t b) { return peaks[a].intensity < peaks[b].intensity; });
      std::reverse(by_intensity.begin(), by_intensity.end());

      std::vector<Peak> merged;
      merged.reserve(peaks.size());
      for (const size_t center : by_intensity)
      {
        if (peaks[center].intensity <= 0.0) continue;
        size_t first = center;
        while (first > 0 && peaks[center].mz - peaks[first - 1].mz < min_distance) --first;
        size_t end = center + 1;
        while (end < peaks.size() && peaks[end].mz - peaks[center].mz < min_distance) ++end;
        double intensity_sum = 0.0, weighted_mz_sum = 0.0;
        for (size_t i = first; i < end; ++i)
        {
          intensity_sum += peaks[i].intensity;
          weighted_mz_sum += peaks[i].mz * peaks[i].intensity;
          peaks[i].intensity = 0.0;
        }
        merged.push_back({weighted_mz_sum / intensity_sum, intensity_sum});
      }
      std::sort(merged.begin(), merged.end(), [](const Peak& a, const Peak& b) { return a.mz < b.mz; });
      return merged;
    }

    /// ms_entropy's apply_weight_to_intensity: low-entropy spectra get their intensities flattened.
    void applyEntropyWeight(std::vector<Peak>& peaks)
    {
      double entropy = 0.0;
      for (const auto& peak : peaks) entropy -= peak.intensity * std::log(peak.intensity);
      if (entropy >= 3.0) return;
      const double weight = 0.25 + 0.25 * entropy;
      double sum = 0.0;
      for (auto& peak : peaks)
      {
        peak.intensity = std::pow(peak.intensity, weight);
        sum += peak.intensity;
      }
      for (auto& peak : peaks) peak.intensity /= sum;
    }

    std::vector<Peak> cleanForEntropy(const PeakList& raw, double fragment_tolerance, bool weighted)
    {
      auto peaks = positivePeaksByMz(raw);
      const double min_distance = 2.0 * fragment_tolerance;
      while (!isCentroided(peaks, min_distance)) peaks = mergeClosePeaks(std::move(peaks), min_distance);

      constexpr double kNoiseThreshold = 0.01; // of the highest peak, ms_entropy's default
      double highest = 0.0;
      for (const auto& peak : peaks) highest = std::max(highest, peak.intensity);
      peaks.erase(std::remove_if(peaks.begin(), peaks.end(), [&](const Peak& peak) { return peak.intensity < kNoiseThreshold * highest; }),
                  peaks.end());

      double sum = 0.0;
      for (const auto& peak : peaks) sum += peak.intensity;
      for (auto& peak : peaks) peak.intensity /= sum;
      if (weighted) applyEntropyWeight(peaks);
      return peaks;
    }

    PeakList toPeakList(const std::vector<Peak>& peaks)
    {
      PeakList list;
      list.mz.reserve(peaks.size());
      list.intensity.reserve(peaks.size());
      for (const auto& peak : peaks)
      {
        list.mz.push_back(peak.mz);
        list.intensity.push_back(peak.intensity);
      }
      return list;
    }

    double xLog2X(double x) { return x * std::log2(x); }

    /// ms_entropy's calculate_unweighted_entropy_similarity on cleaned peaks (each summing to 1).
    SpectralMatch entropyOfPrepared(const PeakList& a, const PeakList& b, double tolerance)
    {
      SpectralMatch match;
      double similarity = 0.0;
      size_t i = 0, j = 0;
      while (i < a.size() && j < b.size())
      {
        const double difference = a.mz[i] - b.mz[j];
        if (difference < -tolerance) ++i;
        else if (difference > tolerance) ++j;
        else
        {
          const double pa = a.intensity[i], pb = b.intensity[j];
          similarity += xLog2X(pa + pb) - xLog2X(pa) - xLog2X(pb);
          ++match.matched_peaks;
          match.explained_intensity += pa;
          ++i;
          ++j;
        }
      }
      match.score = std::clamp(similarity / 2.0, 0.0, 1.0);
      return match;
    }

    /// Greedy cosine on peaks of unit norm: the sum of the products of the matched pairs. With a shift, a
    /// peak of b also matches a peak of a at its m/z plus the shift (the modified cosine).
    SpectralMatch cosineOfPrepared(const PeakList& a, const PeakList& b, double tolerance, double shift = 0.0)
    {
      struct Pair
      {
        double product;
        size_t i, j;
      };
      std::vector<Pair> pairs;
      const auto addPairs = [&](double offset) {
        size_t first_j = 0;
        for (size_t i = 0; i < a.size(); ++i)
        {
          while (first_j < b.size() && b.mz[first_j] + offset < a.mz[i] - tolerance) ++first_j;
          for (size_t j = first_j; j < b.size() && b.mz[j] + offset <= a.mz[i] + tolerance; ++j)
          {
            pairs.push_back({a.intensity[i] * b.intensity[j], i, j});
          }
        }
      };
      addPairs(0.0);
      if (std::abs(shift) > tolerance) addPairs(shift);
      std::sort(pairs.begin(), pairs.end(), [](const Pair& x, const Pair& y) {
        return std::tie(y.product, x.i, x.j) < std::tie(x.product, y.i, y.j);
      });
      std::vector<bool> used_a(a.size()), used_b(b.size());
      SpectralMatch match;
      for (const auto& pair : pairs)
      {
        if (used_a[pair.i] || used_b[pair.j]) continue;
        used_a[pair.i] = used_b[pair.j] = true;
        match.score += pair.product;
        ++match.matched_peaks;
        match.explained_intensity += a.intensity[pair.i] * a.intensity[pair.i];
      }
      match.score = std::clamp(match.score, 0.0, 1.0);
      return match;
    }
  }

  PeakList peakListOf(const Spectrum& spectrum)
  {
    PeakList peaks{spectrum.mz, spectrum.intensity};
    if (spectrum.hasPrecursorMz()) peaks.precursor_mz = spectrum.precursor_mz;
    return peaks;
  }

  SpectralScorer::SpectralScorer(Method method, double fragment_tolerance) : method_(method), fragment_tolerance_(fragment_tolerance)
  {
    if (!std::isfinite(fragment_tolerance) || fragment_tolerance <= 0.0)
    {
      throw ParameterError("fragment tolerance must be a positive number of Da, got " + std::to_string(fragment_tolerance));
    }
  }

  PeakList SpectralScorer::prepare(const PeakList& peaks) const
  {
    if (method_ == Method::Entropy || method_ == Method::UnweightedEntropy)
    {
      return toPeakList(cleanForEntropy(peaks, fragment_tolerance_, method_ == Method::Entropy));
    }
    auto kept = positivePeaksByMz(peaks);
    if (method_ == Method::ModifiedCosine)
    {
      for (auto& peak : kept) peak.intensity = std::sqrt(peak.intensity);
    }
    double squares = 0.0;
    for (const auto& peak : kept) squares += peak.intensity * peak.intensity;
    const double norm = std::sqrt(squares);
    for (auto& peak : kept) peak.intensity /= norm;
    auto list = toPeakList(kept);
    // 0 or less is an unknown precursor m/z, as in Spectrum.
    if (method_ == Method::ModifiedCosine && std::isfinite(peaks.precursor_mz) && peaks.precursor_mz > 0.0) list.precursor_mz = peaks.precursor_mz;
    return list;
  }

  double SpectralScorer::score(const PeakList& prepared_a, const PeakList& prepared_b) const
  {
    return match(prepared_a, prepared_b).score;
  }

  SpectralMatch SpectralScorer::match(const PeakList& prepared_a, const PeakList& prepared_b) const
  {
    if (method_ == Method::Cosine) return cosineOfPrepared(prepared_a, prepared_b, fragment_tolerance_);
    if (method_ == Method::ModifiedCosine)
    {
      const double shift = prepared_a.precursor_mz - prepared_b.precursor_mz;
      return cosineOfPrepared(prepared_a, prepared_b, fragment_tolerance_, std::isfinite(shift) ? shift : 0.0);
    }
    return entropyOfPrepared(prepared_a, prepared_b, fragment_tolerance_);
  }

  double entropySimilarity(const PeakList& a, const PeakList& b, double fragment_tolerance, bool weighted)
  {
    const SpectralScorer scorer(weighted ? SpectralScorer::Method::Entropy : SpectralScorer::Method::UnweightedEntropy, fragment_tolerance);
    return scorer.score(scorer.prepare(a), scorer.prepare(b));
  }

  double greedyCosine(const PeakList& a, const PeakList& b, double fragment_tolerance)
  {
    const SpectralScorer scorer(SpectralScorer::Method::Cosine, fragment_tolerance);
    return scorer.score(scorer.prepare(a), scorer.prepare(b));
  }
}
