#include "DecoySpectra.h"

#include "../Errors.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <unordered_map>

namespace SpecEmbedding
{
  namespace
  {
    struct PeakRef
    {
      uint32_t spectrum, peak;
    };

    /// The library's peaks by m/z bin of the tolerance's width.
    class PeakIndex
    {
    public:
      PeakIndex(const std::vector<Spectrum>& library, double tolerance) : library_(library), tolerance_(tolerance)
      {
        for (uint32_t s = 0; s < library.size(); ++s)
        {
          for (uint32_t p = 0; p < library[s].mz.size(); ++p)
          {
            if (!(library[s].intensity[p] > 0.0)) continue;
            bins_[bin(library[s].mz[p])].push_back({s, p});
            all_.push_back({s, p});
          }
        }
      }

      /// A random peak within tolerance of mz, or none.
      bool near(double mz, std::mt19937_64& random, PeakRef& found) const
      {
        candidates_.clear();
        for (int64_t b = bin(mz) - 1; b <= bin(mz) + 1; ++b)
        {
          const auto it = bins_.find(b);
          if (it == bins_.end()) continue;
          for (const auto& ref : it->second)
          {
            if (std::abs(library_[ref.spectrum].mz[ref.peak] - mz) <= tolerance_) candidates_.push_back(ref);
          }
        }
        if (candidates_.empty()) return false;
        found = candidates_[std::uniform_int_distribution<size_t>(0, candidates_.size() - 1)(random)];
        return true;
      }

      PeakRef any(std::mt19937_64& random) const { return all_[std::uniform_int_distribution<size_t>(0, all_.size() - 1)(random)]; }
      bool empty() const { return all_.empty(); }

    private:
      int64_t bin(double mz) const { return static_cast<int64_t>(std::floor(mz / tolerance_)); }

      const std::vector<Spectrum>& library_;
      double tolerance_;
      std::unordered_map<int64_t, std::vector<PeakRef>> bins_;
      std::vector<PeakRef> all_;
      mutable std::vector<PeakRef> candidates_;
    };

    double basePeak(const Spectrum& spectrum)
    {
      double base = 0.0;
      for (const double intensity : spectrum.intensity) base = std::max(base, intensity);
      return base;
    }

    bool within(const std::vector<double>& sorted_mz, double mz, double tolerance)
    {
      const auto it = std::lower_bound(sorted_mz.begin(), sorted_mz.end(), mz - tolerance);
      return it != sorted_mz.end() && *it <= mz + tolerance;
    }

    Spectrum decoyOf(const Spectrum& target, const std::vector<Spectrum>& library, const PeakIndex& index, DecoyMethod method,
                     double tolerance, std::mt19937_64& random)
    {
      Spectrum decoy;
      decoy.id = kDecoyPrefix + target.id;
      decoy.name = "decoy of " + (target.name.empty() ? target.id : target.name);
      decoy.ion_mode = target.ion_mode;
      decoy.adduct = target.adduct;
      decoy.precursor_mz = target.precursor_mz;
      decoy.charge = target.charge;
      decoy.retention_time = target.retention_time;

      std::vector<double> target_fragments; // sorted, as the target's peaks are
      std::vector<std::pair<double, double>> peaks; // (m/z, intensity)
      const double target_base = std::max(basePeak(target), 1e-12);
      std::vector<size_t> fragment_peaks;
      for (size_t p = 0; p < target.mz.size(); ++p)
      {
        if (std::abs(target.mz[p] - target.precursor_mz) <= tolerance) peaks.emplace_back(target.mz[p], target.intensity[p]);
        else
        {
          target_fragments.push_back(target.mz[p]);
          fragment_peaks.push_back(p);
        }
      }
      std::vector<double> seeds = {target.precursor_mz};
      if (method == DecoyMethod::IsomerLike)
      {
        // An isomer shares part of the target's fragments: keep half of them, drawn at random.
        std::shuffle(fragment_peaks.begin(), fragment_peaks.end(), random);
        fragment_peaks.resize((fragment_peaks.size() + 1) / 2);
        for (const size_t p : fragment_peaks)
        {
          peaks.emplace_back(target.mz[p], target.intensity[p]);
          seeds.push_back(target.mz[p]);
        }
      }
      std::vector<double> taken; // sorted m/z of the decoy's peaks
      for (const auto& peak : peaks) taken.insert(std::upper_bound(taken.begin(), taken.end(), peak.first), peak.first);
      const size_t wanted = target.mz.size();
      constexpr int kConditionalTries = 50, kTotalTries = 1000;
      for (int tries = 0; peaks.size() < wanted && tries < kTotalTries; ++tries)
      {
        PeakRef drawn;
        if (tries % kConditionalTries == kConditionalTries - 1 || !index.near(seeds[std::uniform_int_distribution<size_t>(0, seeds.size() - 1)(random)], random, drawn))
        {
          drawn = index.any(random); // the naive method, where co-occurrence finds nothing new
        }
        else
        {
          // A random peak of the spectrum that holds the seed.
          const auto& source = library[drawn.spectrum];
          drawn.peak = static_cast<uint32_t>(std::uniform_int_distribution<size_t>(0, source.mz.size() - 1)(random));
        }
        const auto& source = library[drawn.spectrum];
        const double mz = source.mz[drawn.peak], intensity = source.intensity[drawn.peak];
        if (!(intensity > 0.0) || (target.precursor_mz > 0.0 && mz >= target.precursor_mz - tolerance) || within(taken, mz, tolerance) ||
            within(target_fragments, mz, tolerance))
        {
          continue;
        }
        peaks.emplace_back(mz, intensity / std::max(basePeak(source), 1e-12) * target_base);
        taken.insert(std::upper_bound(taken.begin(), taken.end(), mz), mz);
        seeds.push_back(mz);
      }
      std::sort(peaks.begin(), peaks.end());
      for (const auto& [mz, intensity] : peaks)
      {
        decoy.mz.push_back(mz);
        decoy.intensity.push_back(intensity);
      }
      return decoy;
    }
  }

  std::vector<Spectrum> makeDecoys(const std::vector<Spectrum>& library, DecoyMethod method, double tolerance, uint64_t seed)
  {
    if (!(tolerance > 0.0)) throw ParameterError("the decoy peak tolerance must be positive");
    const PeakIndex index(library, tolerance);
    if (index.empty()) throw InputError("the library has no peaks to draw decoys from");
    std::vector<Spectrum> decoys;
    decoys.reserve(library.size());
    for (size_t i = 0; i < library.size(); ++i)
    {
      std::mt19937_64 random(seed ^ (0x9E3779B97F4A7C15ULL * (i + 1)));
      decoys.push_back(decoyOf(library[i], library, index, method, tolerance, random));
    }
    return decoys;
  }
}
