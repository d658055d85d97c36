#include "CandidateFeatures.h"

#include "../calibration/CandidateScorer.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <unordered_map>

namespace SpecEmbedding
{
  namespace
  {
    constexpr float kUnknown = std::numeric_limits<float>::quiet_NaN();
    /// Candidates per query whose compounds the agreement feature counts.
    constexpr size_t kAgreementCandidates = 10;

    enum Feature
    {
      EmbeddingCosine,
      EmbeddingRank,
      EmbeddingMargin,
      Entropy,
      EntropyMargin,
      ModifiedCosine,
      Cosine,
      MatchedPeaks,
      ExplainedIntensity,
      MassDifference,
      AbsolutePpm,
      KnownModification,
      CompoundBestCosine,
      CompoundMeanCosine,
      CompoundSpectra,
      CompoundAgreement,
      CompoundBestEntropy,
      NeighbourhoodCosine,
      NeighbourhoodTanimoto,
      QueryPeaks,
      QueryPrecursorMz,
      NegativeMode,
      FeatureCount
    };

    bool otherMode(const Spectrum& query, std::string_view mode)
    {
      return !query.ion_mode.empty() && !mode.empty() && mode != query.ion_mode;
    }
  }

  bool knownModification(double mass_difference, double tolerance)
  {
    static const double kShifts[] = {15.994915, 2.015650,  14.015650, 18.010565, 43.989829, 27.994915, 28.031300, 17.026549,
                                     42.010565, 79.956815, 79.966331, 132.042259, 146.057909, 162.052824, 176.032088, 21.981944};
    if (!std::isfinite(mass_difference)) return false;
    const double size = std::abs(mass_difference);
    return std::any_of(std::begin(kShifts), std::end(kShifts), [&](double shift) { return std::abs(size - shift) <= tolerance; });
  }

  CandidateFeatures::CandidateFeatures(const EmbeddingLibrary& library, double fragment_tolerance)
    : library_(library), entropy_(SpectralScorer::Method::Entropy, fragment_tolerance), cosine_(SpectralScorer::Method::Cosine, fragment_tolerance),
      modified_cosine_(SpectralScorer::Method::ModifiedCosine, fragment_tolerance),
      entropy_peaks_(entropy_, library.size(), [&library](int64_t j) { return library.peaks(static_cast<size_t>(j)); }),
      cosine_peaks_(cosine_, library.size(), [&library](int64_t j) { return library.peaks(static_cast<size_t>(j)); }),
      modified_cosine_peaks_(modified_cosine_, library.size(), [&library](int64_t j) { return library.peaks(static_cast<size_t>(j)); })
  {
    static_assert(FeatureCount > 0);
    if (candidateFeatureNames().size() != static_cast<size_t>(FeatureCount)) throw std::logic_error("the candidate features and their names differ");
    if (library.compounds().empty()) throw std::invalid_argument("the learned scorer's features need the library's compounds");
  }

  void CandidateFeatures::prepare(const std::vector<std::vector<Hit>>& hits)
  {
    std::vector<int64_t> entries;
    for (const auto& query_hits : hits)
    {
      for (const auto& hit : query_hits) entries.push_back(static_cast<int64_t>(hit.library_index));
    }
    entropy_peaks_.prepare(entries);
    cosine_peaks_.prepare(entries);
    modified_cosine_peaks_.prepare(entries);
  }

  std::vector<float> CandidateFeatures::rows(const Spectrum& query, const torch::Tensor& query_unit, const std::vector<Hit>& candidates) const
  {
    const auto& compounds = library_.compounds();
    const size_t n = candidates.size();
    std::vector<float> rows(n * FeatureCount, kUnknown);
    if (n == 0) return rows;
    const auto at = [&](size_t i, Feature feature) -> float& { return rows[i * FeatureCount + feature]; };

    // The query's embedding cosine with every library spectrum (of its ion mode) of the candidates' compounds
    // and of their neighbours, in one product.
    std::vector<int64_t> compound_of(n);
    std::unordered_map<int64_t, std::vector<int64_t>> entries_of; // compound -> its entries of the query's mode
    const auto collect = [&](int64_t compound) {
      if (compound < 0 || entries_of.count(compound)) return;
      auto& entries = entries_of[compound];
      for (const int64_t entry : compounds.entriesOf(compound))
      {
        if (!library_.isDecoy(static_cast<size_t>(entry)) && !otherMode(query, library_.ionMode(static_cast<size_t>(entry)))) entries.push_back(entry);
      }
    };
    for (size_t i = 0; i < n; ++i)
    {
      compound_of[i] = compounds.compoundOf(candidates[i].library_index);
      collect(compound_of[i]);
      const int64_t* neighbours = compounds.neighbours(compound_of[i]);
      for (int64_t k = 0; k < LibraryCompounds::kNeighbours; ++k) collect(neighbours[k]);
    }
    std::vector<int64_t> scored;
    for (const auto& [compound, entries] : entries_of) scored.insert(scored.end(), entries.begin(), entries.end());
    std::unordered_map<int64_t, float> cosine_of; // entry -> query cosine
    if (!scored.empty())
    {
      const auto cosines = library_.embeddingsAt(torch::tensor(scored, torch::kInt64)).mv(query_unit.to(torch::kFloat32)).contiguous();
      const float* values = cosines.data_ptr<float>();
      for (size_t i = 0; i < scored.size(); ++i) cosine_of[scored[i]] = values[i];
    }
    const auto compoundCosines = [&](int64_t compound, float& best, float& mean, size_t& count) {
      best = mean = kUnknown;
      const auto& entries = entries_of.at(compound);
      count = entries.size();
      if (entries.empty()) return;
      double sum = 0.0;
      best = -1.0f;
      for (const int64_t entry : entries)
      {
        best = std::max(best, cosine_of.at(entry));
        sum += cosine_of.at(entry);
      }
      mean = static_cast<float>(sum / static_cast<double>(entries.size()));
    };

    // Spectral scores of each candidate.
    const auto query_peaks = peakListOf(query);
    const auto query_entropy = entropy_.prepare(query_peaks), query_cosine = cosine_.prepare(query_peaks),
               query_modified = modified_cosine_.prepare(query_peaks);
    std::vector<float> entropy(n);
    for (size_t i = 0; i < n; ++i)
    {
      const auto j = static_cast<int64_t>(candidates[i].library_index);
      entropy[i] = static_cast<float>(entropy_.score(query_entropy, entropy_peaks_.at(j)));
      const auto modified = modified_cosine_.match(query_modified, modified_cosine_peaks_.at(j));
      const auto plain = cosine_.match(query_cosine, cosine_peaks_.at(j));
      at(i, Entropy) = entropy[i];
      at(i, ModifiedCosine) = static_cast<float>(modified.score);
      at(i, Cosine) = static_cast<float>(plain.score);
      at(i, MatchedPeaks) = static_cast<float>(modified.matched_peaks);
      at(i, ExplainedIntensity) = static_cast<float>(plain.explained_intensity);
    }

    // The embedding's order of the candidates, for ranks and agreement.
    std::vector<size_t> order(n);
    for (size_t i = 0; i < n; ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return candidates[a].embedding_score > candidates[b].embedding_score; });
    std::unordered_map<int64_t, size_t> agreement;
    for (size_t r = 0; r < std::min(n, kAgreementCandidates); ++r) ++agreement[compound_of[order[r]]];
    const size_t agreement_size = std::min(n, kAgreementCandidates);

    const bool negative = query.ion_mode == "negative";
    for (size_t r = 0; r < n; ++r)
    {
      const size_t i = order[r];
      const auto& candidate = candidates[i];
      double best_other_cosine = -1.0, best_other_entropy = 0.0, best_own_entropy = 0.0;
      for (size_t c = 0; c < n; ++c)
      {
        if (compound_of[c] == compound_of[i])
        {
          best_own_entropy = std::max(best_own_entropy, static_cast<double>(entropy[c]));
          continue;
        }
        best_other_cosine = std::max(best_other_cosine, candidates[c].embedding_score);
        best_other_entropy = std::max(best_other_entropy, static_cast<double>(entropy[c]));
      }
      at(i, EmbeddingCosine) = static_cast<float>(candidate.embedding_score);
      at(i, EmbeddingRank) = static_cast<float>(r + 1);
      at(i, EmbeddingMargin) = static_cast<float>(candidate.embedding_score - best_other_cosine);
      at(i, EntropyMargin) = static_cast<float>(entropy[i] - best_other_entropy);
      at(i, CompoundBestEntropy) = static_cast<float>(best_own_entropy);
      const double difference = candidate.mass_difference;
      at(i, MassDifference) = std::isfinite(difference) ? static_cast<float>(difference) : kUnknown;
      at(i, AbsolutePpm) = std::isfinite(difference) && query.precursor_mz > 0.0 ? static_cast<float>(std::abs(difference) / query.precursor_mz * 1e6) : kUnknown;
      at(i, KnownModification) = knownModification(difference) ? 1.0f : 0.0f;
      size_t spectra = 0;
      compoundCosines(compound_of[i], at(i, CompoundBestCosine), at(i, CompoundMeanCosine), spectra);
      at(i, CompoundSpectra) = static_cast<float>(spectra);
      at(i, CompoundAgreement) = static_cast<float>(agreement.count(compound_of[i]) ? agreement.at(compound_of[i]) : 0) / static_cast<float>(agreement_size);
      // The neighbourhood: the query's best cosine with each nearest compound that has spectra of its mode.
      const int64_t* neighbours = compounds.neighbours(compound_of[i]);
      const float* tanimoto = compounds.neighbourTanimoto(compound_of[i]);
      double cosine_sum = 0.0, tanimoto_sum = 0.0;
      size_t counted = 0;
      for (int64_t k = 0; k < LibraryCompounds::kNeighbours && neighbours[k] >= 0; ++k)
      {
        float best = kUnknown, mean = kUnknown;
        size_t count = 0;
        compoundCosines(neighbours[k], best, mean, count);
        if (count == 0) continue;
        cosine_sum += best;
        tanimoto_sum += tanimoto[k];
        ++counted;
      }
      if (counted > 0)
      {
        at(i, NeighbourhoodCosine) = static_cast<float>(cosine_sum / static_cast<double>(counted));
        at(i, NeighbourhoodTanimoto) = static_cast<float>(tanimoto_sum / static_cast<double>(counted));
      }
      at(i, QueryPeaks) = static_cast<float>(query.mz.size());
      at(i, QueryPrecursorMz) = query.precursor_mz > 0.0 ? static_cast<float>(query.precursor_mz) : kUnknown;
      at(i, NegativeMode) = negative ? 1.0f : 0.0f;
    }
    return rows;
  }
}
