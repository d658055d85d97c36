#include "LibrarySearch.h"

#include "../Errors.h"
#include "SpectralSimilarity.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <unordered_map>

namespace SpecEmbedding
{
  namespace
  {
    constexpr float kExcluded = -std::numeric_limits<float>::infinity();

    struct Candidate
    {
      float embedding_score;
      int64_t library_index;
    };

    bool ranksBefore(const Candidate& a, const Candidate& b)
    {
      return a.embedding_score != b.embedding_score ? a.embedding_score > b.embedding_score : a.library_index < b.library_index;
    }

    /// Sets the scores of the library entries a query must not match to -inf.
    class CandidateFilter
    {
    public:
      CandidateFilter(const EmbeddingLibrary& library, const SearchParameters& parameters) : parameters_(parameters)
      {
        precursor_mz_.reserve(library.size());
        ion_mode_codes_.reserve(library.size());
        for (const auto& entry : library.entries())
        {
          precursor_mz_.push_back(entry.precursor_mz);
          if (!entry.ion_mode.empty()) mode_codes_.emplace(entry.ion_mode, static_cast<int>(mode_codes_.size()) + 1);
          ion_mode_codes_.push_back(codeOf(entry.ion_mode));
        }
      }

      /// Identity (or unfiltered) search: entries outside the precursor window, or of another ion mode.
      void apply(const Spectrum& query, float* scores) const { exclude(query, scores, false); }

      /// Analog search: entries inside the precursor window, beyond the analog window, or of another ion mode.
      void applyAnalog(const Spectrum& query, float* scores) const { exclude(query, scores, true); }

    private:
      static constexpr int kUnknownMode = 0;
      static constexpr int kModeNotInLibrary = -1; // differs from every stated library mode

      void exclude(const Spectrum& query, float* scores, bool analog) const
      {
        const bool by_precursor = parameters_.precursor_tolerance > 0.0;
        const int query_mode = parameters_.match_ion_mode ? codeOf(query.ion_mode) : kUnknownMode;
        if (!by_precursor && query_mode == kUnknownMode) return;
        const bool query_has_precursor = std::isfinite(query.precursor_mz) && query.precursor_mz > 0.0;
        const double window = parameters_.tolerance_in_ppm ? query.precursor_mz * parameters_.precursor_tolerance * 1e-6
                                                           : parameters_.precursor_tolerance;
        for (size_t j = 0; j < precursor_mz_.size(); ++j)
        {
          const double difference = std::abs(precursor_mz_[j] - query.precursor_mz);
          const bool known = query_has_precursor && precursor_mz_[j] > 0.0;
          const bool excluded_by_mass = analog ? !known || difference <= window || difference > parameters_.analog_mass_window
                                               : by_precursor && (!known || difference > window);
          const bool other_mode = query_mode != kUnknownMode && ion_mode_codes_[j] != kUnknownMode && ion_mode_codes_[j] != query_mode;
          if (excluded_by_mass || other_mode) scores[j] = kExcluded;
        }
      }

      int codeOf(const std::string& mode) const
      {
        if (mode.empty()) return kUnknownMode;
        const auto found = mode_codes_.find(mode);
        return found == mode_codes_.end() ? kModeNotInLibrary : found->second;
      }

      const SearchParameters& parameters_;
      std::vector<double> precursor_mz_;
      std::vector<int> ion_mode_codes_;
      std::unordered_map<std::string, int> mode_codes_;
    };

    /// The k best finite scores of a row, ties by library index. top_* hold torch::topk's k (sorted) picks,
    /// which may take any of several entries tied at the cut-off; then the whole row decides.
    std::vector<Candidate> bestCandidates(const float* row, int64_t library_size, const float* top_values, const int64_t* top_indices, int64_t k)
    {
      std::vector<Candidate> candidates;
      const float cut_off = top_values[k - 1];
      int64_t at_least_cut_off = 0;
      if (cut_off != kExcluded)
      {
        for (int64_t j = 0; j < library_size; ++j) at_least_cut_off += row[j] >= cut_off;
      }
      if (at_least_cut_off > k)
      {
        for (int64_t j = 0; j < library_size; ++j)
        {
          if (row[j] >= cut_off) candidates.push_back({row[j], j});
        }
      }
      else
      {
        for (int64_t i = 0; i < k; ++i)
        {
          if (top_values[i] != kExcluded) candidates.push_back({top_values[i], top_indices[i]});
        }
      }
      const auto kept = std::min(candidates.size(), static_cast<size_t>(k));
      std::partial_sort(candidates.begin(), candidates.begin() + kept, candidates.end(), ranksBefore);
      candidates.resize(kept);
      return candidates;
    }

    /// The k best finite candidates of every row of a block of filtered scores.
    std::vector<std::vector<Candidate>> blockCandidates(const torch::Tensor& scores, int64_t k)
    {
      const int64_t rows = scores.size(0), library_size = scores.size(1);
      std::vector<std::vector<Candidate>> candidates(rows);
      if (k == 0) return candidates;
      const auto [top_values, top_indices] = torch::topk(scores, k, 1, true, true);
      const float* score_data = scores.data_ptr<float>();
      const float* top_value_data = top_values.data_ptr<float>();
      const int64_t* top_index_data = top_indices.data_ptr<int64_t>();
      at::parallel_for(0, rows, 1, [&](int64_t begin, int64_t end) {
        for (int64_t row = begin; row < end; ++row)
        {
          candidates[row] = bestCandidates(score_data + row * library_size, library_size, top_value_data + row * k, top_index_data + row * k, k);
        }
      });
      return candidates;
    }

    /// Spectral scores of each query's candidates; library spectra are prepared once, when first needed.
    class HybridScorer
    {
    public:
      HybridScorer(const EmbeddingLibrary& library, const SearchParameters& parameters)
        : library_(library), scorer_(*parameters.rescoring, parameters.fragment_tolerance),
          prepared_(library.size()), is_prepared_(library.size(), false)
      {
      }

      /// Prepares the library spectra among the candidates not yet prepared, in parallel.
      void prepareLibrary(const std::vector<std::vector<Candidate>>& candidates_per_query)
      {
        std::vector<int64_t> needed;
        for (const auto& candidates : candidates_per_query)
        {
          for (const auto& candidate : candidates)
          {
            if (is_prepared_[candidate.library_index]) continue;
            is_prepared_[candidate.library_index] = true;
            needed.push_back(candidate.library_index);
          }
        }
        at::parallel_for(0, static_cast<int64_t>(needed.size()), 64, [&](int64_t begin, int64_t end) {
          for (int64_t i = begin; i < end; ++i) prepared_[needed[i]] = scorer_.prepare(library_.peaks(needed[i]));
        });
      }

      /// Requires prepareLibrary() for these candidates.
      std::vector<double> scores(const Spectrum& query, const std::vector<Candidate>& candidates) const
      {
        const auto prepared_query = scorer_.prepare(PeakList{query.mz, query.intensity});
        std::vector<double> result;
        result.reserve(candidates.size());
        for (const auto& candidate : candidates) result.push_back(scorer_.score(prepared_query, prepared_[candidate.library_index]));
        return result;
      }

    private:
      const EmbeddingLibrary& library_;
      SpectralScorer scorer_;
      std::vector<PeakList> prepared_;
      std::vector<bool> is_prepared_;
    };

    std::vector<Hit> toHits(size_t query_index, const std::vector<Candidate>& candidates, const std::vector<double>& spectral_scores,
                            const SearchParameters& parameters, HitKind kind, size_t keep)
    {
      std::vector<Hit> hits;
      for (size_t i = 0; i < candidates.size(); ++i)
      {
        const double embedding_score = candidates[i].embedding_score;
        const double spectral_score = spectral_scores.empty() ? std::numeric_limits<double>::quiet_NaN() : spectral_scores[i];
        const double score = spectral_scores.empty() ? embedding_score
                                                     : (1.0 - parameters.rescoring_weight) * embedding_score + parameters.rescoring_weight * spectral_score;
        hits.push_back({query_index, static_cast<size_t>(candidates[i].library_index), 0, score, embedding_score, spectral_score});
      }
      if (!spectral_scores.empty())
      {
        std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
          return a.score != b.score ? a.score > b.score : a.library_index < b.library_index;
        });
      }
      hits.erase(std::remove_if(hits.begin(), hits.end(), [&](const Hit& hit) { return hit.score < parameters.min_score; }), hits.end());
      if (hits.size() > keep) hits.resize(keep);
      for (size_t i = 0; i < hits.size(); ++i)
      {
        hits[i].rank = static_cast<int>(i) + 1;
        hits[i].kind = kind;
      }
      return hits;
    }
  }

  const SettingTable<SearchParameters>& SearchParameters::settings()
  {
    using P = SearchParameters;
    constexpr double kAny = std::numeric_limits<double>::infinity();
    constexpr bool kAdvanced = true;
    static const SettingTable<P> table = {
      numberSetting("top_k", &P::top_k, "Hits reported per query.", 1),
      numberSetting("precursor_mass_tolerance", &P::precursor_tolerance,
                    "Library spectra must have their precursor m/z within this tolerance of the query's. 0 turns the filter off (analog search).",
                    0.0),
      wordSetting<P>("precursor_mass_tolerance_unit", {"ppm", "Da"}, [](const P& p) { return std::string(p.tolerance_in_ppm ? "ppm" : "Da"); },
                     [](P& p, const std::string& word) { p.tolerance_in_ppm = word == "ppm"; }, "Unit of precursor_mass_tolerance."),
      flagSetting("ion_mode_matching", &P::match_ion_mode, "Only match library spectra of the query's ion mode, where both state it."),
      numberSetting("min_score", &P::min_score, "Hits scoring below this are not reported.", -1.0, 1.0),
      wordSetting<P>("rescoring", {"none", "entropy", "unweighted_entropy", "cosine"},
                     [](const P& p) { return p.rescoring ? toString(*p.rescoring) : std::string("none"); },
                     [](P& p, const std::string& word) {
                       p.rescoring = word == "none" ? std::nullopt : std::optional(SpectralScorer::methodFromName(word));
                     },
                     "Hybrid search: re-score the embedding's best candidates by spectral entropy (or cosine) of the peaks too, "
                     "combine and re-rank."),
      numberSetting("rescoring_candidates", &P::rescoring_candidates, "Candidates per query that hybrid search re-scores.", 1, kAny, kAdvanced),
      numberSetting("rescoring_weight", &P::rescoring_weight, "Weight of the spectral score in the combined hybrid score.", 0.0, 1.0, kAdvanced),
      numberSetting("fragment_mass_tolerance", &P::fragment_tolerance, "Fragment tolerance (Da) of the spectral score in hybrid search.", 0.0,
                    kAny, kAdvanced),
      numberSetting("analog_hits", &P::analog_hits,
                    "Besides the identity hits inside the precursor window, report this many analog hits per query: the best "
                    "library spectra outside the window but within analog_mass_window of the query's precursor m/z (0: none).",
                    0),
      numberSetting("analog_mass_window", &P::analog_mass_window,
                    "Analog hits differ from the query's precursor m/z by at most this many Da.", 0.0),
      numberSetting("block_size", &P::block_size, "Queries scored at once; memory holds this many rows of library scores.", 1, kAny, kAdvanced),
    };
    return table;
  }

  void SearchParameters::validate() const
  {
    validateSettings(settings(), *this);
    if (analog_hits > 0 && !(precursor_tolerance > 0.0))
    {
      throw ParameterError("analog_hits are the best hits outside the precursor window: give a precursor_mass_tolerance too");
    }
    if (!hybrid()) return;
    (void)SpectralScorer(*rescoring, fragment_tolerance); // throws for an unusable tolerance
    if (rescoring_candidates < top_k)
    {
      throw ParameterError("rescoring_candidates (" + std::to_string(rescoring_candidates) + ") must be at least top_k (" + std::to_string(top_k) + ")");
    }
  }

  std::string toString(HitKind kind)
  {
    switch (kind)
    {
      case HitKind::Unfiltered: return "unfiltered";
      case HitKind::Identity: return "identity";
      case HitKind::Analog: return "analog";
    }
    throw ParameterError("unknown hit kind");
  }

  std::vector<std::vector<Hit>> searchLibrary(const torch::Tensor& query_raw_embeddings, const std::vector<Spectrum>& queries,
                                              const EmbeddingLibrary& library, const SearchParameters& parameters,
                                              const std::function<void(size_t done)>& progress)
  {
    parameters.validate();
    if (!query_raw_embeddings.defined() || query_raw_embeddings.dim() != 2 || query_raw_embeddings.size(0) != static_cast<int64_t>(queries.size()))
    {
      throw std::invalid_argument("query embeddings must be a [queries, dimension] tensor, one row per query");
    }
    if (query_raw_embeddings.size(1) != library.dimension())
    {
      throw ModelError("the query embeddings have dimension " + std::to_string(query_raw_embeddings.size(1)) + " but the library's have " +
                       std::to_string(library.dimension()) + ": they come from different models");
    }
    const auto raw = query_raw_embeddings.detach().to(torch::kCPU, torch::kFloat32);
    const auto finite_rows = torch::isfinite(raw).all(1);
    for (size_t i = 0; i < queries.size(); ++i)
    {
      if (!finite_rows[i].item<bool>()) throw InputError("query spectrum '" + queries[i].id + "' has a non-finite embedding");
      if (parameters.hybrid() && queries[i].mz.size() != queries[i].intensity.size())
      {
        throw InputError("query spectrum '" + queries[i].id + "': m/z and intensity counts differ");
      }
    }

    std::vector<std::vector<Hit>> hits(queries.size());
    const auto library_size = static_cast<int64_t>(library.size());
    if (library_size == 0)
    {
      if (progress) progress(queries.size());
      return hits;
    }
    const auto normalised = torch::nn::functional::normalize(raw, torch::nn::functional::NormalizeFuncOptions().p(2).dim(1));
    const auto library_transposed = library.embeddings().t();
    const CandidateFilter filter(library, parameters);
    std::optional<HybridScorer> hybrid;
    if (parameters.hybrid()) hybrid.emplace(library, parameters);
    const int64_t k = std::min<int64_t>(library_size, parameters.hybrid() ? parameters.rescoring_candidates : parameters.top_k);
    const bool analogs = parameters.analog_hits > 0;
    const HitKind identity_kind = parameters.precursor_tolerance > 0.0 ? HitKind::Identity : HitKind::Unfiltered;

    for (int64_t block_begin = 0; block_begin < static_cast<int64_t>(queries.size()); block_begin += parameters.block_size)
    {
      const int64_t block_end = std::min<int64_t>(block_begin + parameters.block_size, queries.size());
      const int64_t block_rows = block_end - block_begin;
      auto scores = torch::mm(normalised.slice(0, block_begin, block_end), library_transposed).contiguous();
      const auto analog_scores = analogs ? scores.clone() : torch::Tensor();
      float* score_data = scores.data_ptr<float>();
      at::parallel_for(0, block_rows, 1, [&](int64_t begin, int64_t end) {
        for (int64_t row = begin; row < end; ++row)
        {
          filter.apply(queries[block_begin + row], score_data + row * library_size);
          if (analogs) filter.applyAnalog(queries[block_begin + row], analog_scores.data_ptr<float>() + row * library_size);
        }
      });
      const auto candidates = blockCandidates(scores, k);
      const auto analog_candidates = analogs ? blockCandidates(analog_scores, std::min<int64_t>(library_size, parameters.analog_hits))
                                             : std::vector<std::vector<Candidate>>();
      if (hybrid) hybrid->prepareLibrary(candidates);
      at::parallel_for(0, block_rows, 1, [&](int64_t begin, int64_t end) {
        for (int64_t row = begin; row < end; ++row)
        {
          const size_t query_index = block_begin + row;
          const auto spectral_scores = hybrid ? hybrid->scores(queries[query_index], candidates[row]) : std::vector<double>();
          auto& query_hits = hits[query_index];
          query_hits = toHits(query_index, candidates[row], spectral_scores, parameters, identity_kind, parameters.top_k);
          if (analogs)
          {
            const auto analog_hits = toHits(query_index, analog_candidates[row], {}, parameters, HitKind::Analog, parameters.analog_hits);
            query_hits.insert(query_hits.end(), analog_hits.begin(), analog_hits.end());
          }
          for (auto& hit : query_hits)
          {
            const double library_mz = library.entry(hit.library_index).precursor_mz, query_mz = queries[query_index].precursor_mz;
            if (library_mz > 0.0 && query_mz > 0.0 && std::isfinite(query_mz)) hit.mass_difference = library_mz - query_mz;
          }
        }
      });
      if (progress) progress(block_end);
    }
    return hits;
  }
}
