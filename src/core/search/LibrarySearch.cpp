#include "LibrarySearch.h"

#include "../Errors.h"
#include "PrecursorIndex.h"
#include "PreparedPeaks.h"
#include "SpectralAnalogSearch.h"
#include "SpectralSimilarity.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <functional>
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
      CandidateFilter(const EmbeddingLibrary& library, const SearchParameters& parameters)
        : library_(library), parameters_(parameters), precursor_mz_(library.precursorMzs().data_ptr<double>()),
          first_(parameters.decoy_candidates == DecoyCandidates::Only ? static_cast<int64_t>(library.size() - library.decoyCount()) : 0),
          last_(parameters.decoy_candidates == DecoyCandidates::Exclude ? static_cast<int64_t>(library.size() - library.decoyCount())
                                                                         : static_cast<int64_t>(library.size()))
      {
        ion_mode_codes_.reserve(library.size());
        for (size_t j = 0; j < library.size(); ++j)
        {
          const auto mode = library.ionMode(j);
          if (!mode.empty()) mode_codes_.emplace(std::string(mode), static_cast<int>(mode_codes_.size()) + 1);
          ion_mode_codes_.push_back(codeOf(mode));
        }
      }

      /// Identity (or unfiltered) search: entries outside the precursor window, or of another ion mode.
      /// scores[j - begin] is entry j's, for the entries [begin, end).
      void apply(const Spectrum& query, float* scores, int64_t begin, int64_t end) const { exclude(query, scores, begin, end, false); }

      /// Analog search: entries inside the precursor window, beyond the analog window, of another ion mode, or
      /// decoys (which only compete with the best identity hits).
      void applyAnalog(const Spectrum& query, float* scores, int64_t begin, int64_t end) const { exclude(query, scores, begin, end, true); }

      /// The entries [first(), last()) are identity (or unfiltered) candidates: targets, decoys or both.
      int64_t first() const { return first_; }
      int64_t last() const { return last_; }

      /// The precursor window of an identity search around the query's precursor m/z, in Da.
      double window(const Spectrum& query) const
      {
        return parameters_.tolerance_in_ppm ? query.precursor_mz * parameters_.precursor_tolerance * 1e-6 : parameters_.precursor_tolerance;
      }

      /// Whether entry j is of another ion mode than the query (where both state it and matching is on).
      bool otherMode(const Spectrum& query, int64_t j) const
      {
        const int query_mode = parameters_.match_ion_mode ? codeOf(query.ion_mode) : kUnknownMode;
        return query_mode != kUnknownMode && ion_mode_codes_[j] != kUnknownMode && ion_mode_codes_[j] != query_mode;
      }

      /// Whether entry j can be no analog hit of the query for other reasons than its precursor m/z: another
      /// ion mode, or a decoy.
      bool noAnalog(const Spectrum& query, int64_t j) const { return otherMode(query, j) || library_.isDecoy(static_cast<size_t>(j)); }

    private:
      static constexpr int kUnknownMode = 0;
      static constexpr int kModeNotInLibrary = -1; // differs from every stated library mode

      void exclude(const Spectrum& query, float* scores, int64_t begin, int64_t end, bool analog) const
      {
        if (!analog)
        {
          for (int64_t j = begin; j < std::min(end, first_); ++j) scores[j - begin] = kExcluded;
          for (int64_t j = std::max(begin, last_); j < end; ++j) scores[j - begin] = kExcluded;
        }
        const bool by_precursor = parameters_.precursor_tolerance > 0.0;
        const int query_mode = parameters_.match_ion_mode ? codeOf(query.ion_mode) : kUnknownMode;
        if (!by_precursor && query_mode == kUnknownMode) return;
        if (!by_precursor && !analog)
        {
          // Ion modes alone, every score of a block in one vectorised pass.
          const int* codes = ion_mode_codes_.data();
          for (int64_t j = begin; j < end; ++j) scores[j - begin] = codes[j] != kUnknownMode && codes[j] != query_mode ? kExcluded : scores[j - begin];
          return;
        }
        const bool query_has_precursor = query.hasPrecursorMz();
        const double tolerance = window(query);
        for (int64_t j = begin; j < end; ++j)
        {
          const double difference = std::abs(precursor_mz_[j] - query.precursor_mz);
          const bool known = query_has_precursor && precursor_mz_[j] > 0.0;
          const bool excluded_by_mass = analog ? !known || difference <= tolerance || difference > parameters_.analog_mass_window
                                               : by_precursor && (!known || difference > tolerance);
          const bool other_mode = query_mode != kUnknownMode && ion_mode_codes_[j] != kUnknownMode && ion_mode_codes_[j] != query_mode;
          if (excluded_by_mass || other_mode || (analog && library_.isDecoy(static_cast<size_t>(j)))) scores[j - begin] = kExcluded;
        }
      }

      int codeOf(std::string_view mode) const
      {
        if (mode.empty()) return kUnknownMode;
        const auto found = mode_codes_.find(std::string(mode));
        return found == mode_codes_.end() ? kModeNotInLibrary : found->second;
      }

      const EmbeddingLibrary& library_;
      const SearchParameters& parameters_;
      const double* precursor_mz_;
      int64_t first_, last_;
      std::vector<int> ion_mode_codes_;
      std::unordered_map<std::string, int> mode_codes_;
    };

    /// Keeps the k best of `candidates` (ranksBefore), best first.
    void keepBest(std::vector<Candidate>& candidates, size_t k)
    {
      const auto kept = std::min(candidates.size(), k);
      std::partial_sort(candidates.begin(), candidates.begin() + kept, candidates.end(), ranksBefore);
      candidates.resize(kept);
    }

    /// The k best entries by embedding score (ranksBefore) within `window` of the query's precursor m/z, among
    /// those the filter lets through and `skip` does not name; none for a query without a precursor m/z.
    std::vector<Candidate> bestInWindow(const EmbeddingLibrary& library, const PrecursorIndex& index, const CandidateFilter& filter,
                                        const Spectrum& query, double window, const torch::Tensor& unit_query, size_t k,
                                        const std::function<bool(int64_t)>& skip)
    {
      if (!query.hasPrecursorMz()) return {};
      auto entries = index.within(query.precursor_mz - window, query.precursor_mz + window);
      entries.erase(std::remove_if(entries.begin(), entries.end(),
                                   [&](int64_t j) { return j < filter.first() || j >= filter.last() || filter.otherMode(query, j) || skip(j); }),
                    entries.end());
      if (entries.empty()) return {};
      const auto scores = library.embeddingsAt(torch::tensor(entries, torch::kInt64)).mv(unit_query).contiguous();
      const float* score_data = scores.data_ptr<float>();
      std::vector<Candidate> best;
      for (size_t i = 0; i < entries.size(); ++i) best.push_back({score_data[i], entries[i]});
      keepBest(best, k);
      return best;
    }

    /// Adds the finite scores of every row of a block of filtered scores, whose columns are the library
    /// entries from `first_entry` on, to that row's candidates, which keep their k best (ranksBefore). One
    /// pass over each row against the worst kept score: the blocks come in library order, so a later equal
    /// score ranks after the kept one and stays out, as ties by library index want.
    void addBlockCandidates(const torch::Tensor& scores, int64_t first_entry, int64_t k, std::vector<std::vector<Candidate>>& candidates)
    {
      const int64_t rows = scores.size(0), columns = scores.size(1);
      if (k == 0) return;
      const float* score_data = scores.data_ptr<float>();
      at::parallel_for(0, rows, 1, [&](int64_t begin, int64_t end) {
        for (int64_t row = begin; row < end; ++row)
        {
          auto& kept = candidates[row]; // best first
          const float* values = score_data + row * columns;
          float worst = static_cast<int64_t>(kept.size()) < k ? kExcluded : kept.back().embedding_score;
          for (int64_t j = 0; j < columns; ++j)
          {
            if (!(values[j] > worst)) continue;
            const Candidate candidate{values[j], first_entry + j};
            kept.insert(std::upper_bound(kept.begin(), kept.end(), candidate, ranksBefore), candidate);
            if (static_cast<int64_t>(kept.size()) > k) kept.pop_back();
            if (static_cast<int64_t>(kept.size()) == k) worst = kept.back().embedding_score;
          }
        }
      });
    }

    /// Spectral scores of each query's candidates; library spectra are prepared once, when first needed.
    class HybridScorer
    {
    public:
      HybridScorer(const EmbeddingLibrary& library, const SearchParameters& parameters)
        : scorer_(*parameters.rescoring, parameters.fragment_tolerance),
          prepared_(scorer_, library.size(), [&library](int64_t j) { return library.peaks(static_cast<size_t>(j)); })
      {
      }

      /// Prepares the library spectra among the candidates not yet prepared, in parallel.
      void prepareLibrary(const std::vector<std::vector<Candidate>>& candidates_per_query)
      {
        std::vector<int64_t> entries;
        for (const auto& candidates : candidates_per_query)
        {
          for (const auto& candidate : candidates) entries.push_back(candidate.library_index);
        }
        prepared_.prepare(entries);
      }

      /// Requires prepareLibrary() for these candidates.
      std::vector<double> scores(const Spectrum& query, const std::vector<Candidate>& candidates) const
      {
        const auto prepared_query = scorer_.prepare(peakListOf(query));
        std::vector<double> result;
        result.reserve(candidates.size());
        for (const auto& candidate : candidates) result.push_back(scorer_.score(prepared_query, prepared_.at(candidate.library_index)));
        return result;
      }

    private:
      SpectralScorer scorer_;
      PreparedPeaks prepared_;
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
      if (!parameters.learned)
      {
        hits.erase(std::remove_if(hits.begin(), hits.end(), [&](const Hit& hit) { return hit.score < parameters.min_score; }), hits.end());
      }
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
    static const SettingTable<P> table = {
      numberSetting("top_k", &P::top_k, "Hits reported per query.", 1),
      numberSetting("precursor_mass_tolerance", &P::precursor_tolerance,
                    "Library spectra must have their precursor m/z within this tolerance of the query's. 0 turns the filter off (analog search).",
                    0.0),
      wordSetting<P>("precursor_mass_tolerance_unit", {"ppm", "Da"}, [](const P& p) { return std::string(p.tolerance_in_ppm ? "ppm" : "Da"); },
                     [](P& p, const std::string& word) { p.tolerance_in_ppm = word == "ppm"; }, "Unit of precursor_mass_tolerance."),
      flagSetting("ion_mode_matching", &P::match_ion_mode, "Only match library spectra of the query's ion mode, where both state it."),
      numberSetting("min_score", &P::min_score, "Hits scoring below this are not reported.", -1.0, 1.0),
      wordSetting<P>("rescoring", {"learned", "none", "entropy", "unweighted_entropy", "cosine"},
                     [](const P& p) { return p.learned ? std::string("learned") : p.rescoring ? toString(*p.rescoring) : std::string("none"); },
                     [](P& p, const std::string& word) {
                       p.learned = word == "learned";
                       p.rescoring = word == "none" || p.learned ? std::nullopt : std::optional(fromWord<SpectralScorer::Method>(word));
                     },
                     "What ranks each query's candidates after the embedding finds them. learned: the model's learned scorer (fitted "
                     "by SpecEmbeddingTrainer on compounds it was not trained on) weighs the embedding, the peaks, the precursors and "
                     "the candidates' compounds and their structural neighbours: hits are ranked by the probability that they are the "
                     "query's compound (score and confidence), analog hits by the Tanimoto similarity expected of their structures "
                     "(predicted_similarity, which every hit gets); a model without one searches by the embedding alone. none: the "
                     "embedding cosine alone (the published search). entropy, unweighted_entropy, cosine: hybrid search, the "
                     "embedding's best candidates re-scored by that similarity of the peaks too, combined and re-ranked."),
      numberSetting("rescoring_candidates", &P::rescoring_candidates, "Candidates per query that hybrid or learned search re-scores.", 1, kAny,
                    kAdvanced),
      numberSetting("analog_candidates", &P::analog_candidates,
                    "With analog hits, learned search also weighs this many analog candidates by modified cosine per query.", 0, kAny,
                    kAdvanced),
      numberSetting("rescoring_weight", &P::rescoring_weight, "Weight of the spectral score in the combined hybrid score.", 0.0, 1.0, kAdvanced),
      numberSetting("fragment_mass_tolerance", &P::fragment_tolerance, "Fragment tolerance (Da) of the spectral score in hybrid search and of the modified cosine of analog hits.", 0.0,
                    kAny, kAdvanced),
      numberSetting("analog_hits", &P::analog_hits,
                    "Besides the identity (or unfiltered) hits, report this many analog hits per query: library spectra within "
                    "analog_mass_window of the query's precursor m/z and outside the precursor window, ranked by analog_scoring, or "
                    "in learned search by the similarity expected of their structures to the query's (0: none). Outside learned "
                    "search they need a precursor window.",
                    0),
      numberSetting("analog_mass_window", &P::analog_mass_window,
                    "Analog hits differ from the query's precursor m/z by at most this many Da.", 0.0),
      wordSetting<P>("analog_scoring", {"modified_cosine", "embedding"},
                     [](const P& p) { return std::string(p.analogs_by_embedding ? "embedding" : "modified_cosine"); },
                     [](P& p, const std::string& word) { p.analogs_by_embedding = word == "embedding"; },
                     "What ranks the analog hits. modified_cosine: the modified cosine of the peaks (GNPS analog search, fragments "
                     "also matched across the precursor m/z difference), over every library spectrum in the analog window; its hits "
                     "are closer in structure to unknown compounds. embedding: the embedding cosine, faster on large libraries.",
                     kAdvanced),
      wordSetting<P>("search_index", {"exact", "ann"}, [](const P& p) { return std::string(p.approximate ? "ann" : "exact"); },
                     [](P& p, const std::string& word) { p.approximate = word == "ann"; },
                     "exact: score every library spectrum (or, with a precursor tolerance and no analog hits by embedding, every "
                     "one in the query's precursor window). ann: approximate, much faster on large libraries: score the spectra of the "
                     "ann_probes index lists nearest the query (needs an embedding library written with -search_index ann). Analog "
                     "hits by modified cosine score every spectrum in their window either way."),
      numberSetting("ann_probes", &P::ann_probes, "Index lists scored per query in approximate search: more is slower and closer to exact.", 1,
                    kAny, kAdvanced),
      numberSetting("block_size", &P::block_size, "Queries scored at once; memory holds this many rows of library scores.", 1, kAny, kAdvanced),
    };
    return table;
  }

  SearchParameters SearchParameters::toolDefaults()
  {
    SearchParameters parameters;
    parameters.learned = true;
    parameters.analog_hits = 1;
    return parameters;
  }

  void SearchParameters::validate() const
  {
    validateSettings(settings(), *this);
    if (scores_per_chunk < 1) throw ParameterError("scores_per_chunk must be at least 1");
    if (analog_hits > 0 && !(precursor_tolerance > 0.0) && !learned)
    {
      throw ParameterError("analog_hits are the best hits outside the precursor window: give a precursor_mass_tolerance too");
    }
    if (analog_hits > 0 && !analogs_by_embedding) (void)SpectralScorer(SpectralScorer::Method::ModifiedCosine, fragment_tolerance);
    if (!rescored()) return;
    if (hybrid()) (void)SpectralScorer(*rescoring, fragment_tolerance); // throws for an unusable tolerance
    if (rescoring_candidates < top_k)
    {
      throw ParameterError("rescoring_candidates (" + std::to_string(rescoring_candidates) + ") must be at least top_k (" + std::to_string(top_k) + ")");
    }
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
    const bool reads_peaks = parameters.rescored() || (parameters.analog_hits > 0 && !parameters.analogs_by_embedding);
    for (size_t i = 0; i < queries.size(); ++i)
    {
      if (!finite_rows[i].item<bool>()) throw InputError("query spectrum '" + queries[i].id + "' has a non-finite embedding");
      if (reads_peaks && queries[i].mz.size() != queries[i].intensity.size())
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
    const CandidateFilter filter(library, parameters);
    std::optional<HybridScorer> hybrid;
    if (parameters.hybrid()) hybrid.emplace(library, parameters);
    const int64_t k = std::min<int64_t>(library_size, parameters.rescored() ? parameters.rescoring_candidates : parameters.top_k);
    // Analog hits come from the embedding scores of every entry, or from the peaks of those in the window;
    // learned search with a precursor window weighs both (without one, its candidates by embedding hold them).
    const bool embedding_analogs =
      parameters.analog_hits > 0 && (parameters.analogs_by_embedding || (parameters.learned && parameters.precursor_tolerance > 0.0));
    const int64_t embedding_analog_count = std::min<int64_t>(library_size, parameters.learned ? parameters.rescoring_candidates : parameters.analog_hits);
    const size_t spectral_analog_count = static_cast<size_t>(parameters.learned ? parameters.analog_candidates : parameters.analog_hits);
    std::optional<SpectralAnalogSearch> spectral_analogs;
    if (parameters.analog_hits > 0 && (!parameters.analogs_by_embedding || parameters.learned) && spectral_analog_count > 0)
    {
      spectral_analogs.emplace(library.precursorMzs(), library.fragmentIndex(parameters.fragment_tolerance), parameters.analog_mass_window);
    }
    const HitKind identity_kind = parameters.precursor_tolerance > 0.0 ? HitKind::Identity : HitKind::Unfiltered;
    // An identity search without analog hits by embedding scores only the entries in each query's precursor
    // window; otherwise every entry is scored, the library a chunk at a time so that the scores of a block
    // stay within bounds.
    const std::optional<PrecursorIndex> precursor_index = parameters.precursor_tolerance > 0.0 && !embedding_analogs && !parameters.approximate
                                                            ? std::optional<PrecursorIndex>(library.precursorMzs())
                                                            : std::nullopt;
    // Learned search without a precursor window also weighs the best candidates by embedding near the query's
    // precursor m/z, which other labs' spectra of a compound do not always bring into its best ones overall.
    const std::optional<PrecursorIndex> learned_window_index =
      parameters.learned && !(parameters.precursor_tolerance > 0.0) ? std::optional<PrecursorIndex>(library.precursorMzs()) : std::nullopt;
    if (parameters.approximate && library.approximateIndex().empty())
    {
      throw ParameterError("approximate search (search_index ann) needs an embedding library with an index: write it with -out_library and "
                           "-search_index ann");
    }
    const int64_t chunk_entries = std::max<int64_t>(1, parameters.scores_per_chunk / std::min<int64_t>(parameters.block_size, queries.size()));

    for (int64_t block_begin = 0; block_begin < static_cast<int64_t>(queries.size()); block_begin += parameters.block_size)
    {
      const int64_t block_end = std::min<int64_t>(block_begin + parameters.block_size, queries.size());
      const int64_t block_rows = block_end - block_begin;
      const auto block = normalised.slice(0, block_begin, block_end);
      std::vector<std::vector<Candidate>> candidates(block_rows), analog_candidates(embedding_analogs ? block_rows : 0);
      if (precursor_index)
      {
        at::parallel_for(0, block_rows, 1, [&](int64_t begin, int64_t end) {
          for (int64_t row = begin; row < end; ++row)
          {
            const auto& query = queries[block_begin + row];
            candidates[row] = bestInWindow(library, *precursor_index, filter, query, filter.window(query), block[row], static_cast<size_t>(k),
                                           [](int64_t) { return false; });
          }
        });
      }
      else if (parameters.approximate)
      {
        // List by list: the queries that probe a list are scored against its rows in one product.
        const auto& index = library.approximateIndex();
        const auto probes = index.probe(block, parameters.ann_probes);
        std::vector<std::vector<int64_t>> rows_of_list(index.lists());
        const auto* probe_data = probes.data_ptr<int64_t>();
        for (int64_t row = 0; row < block_rows; ++row)
        {
          for (int64_t p = 0; p < probes.size(1); ++p) rows_of_list[probe_data[row * probes.size(1) + p]].push_back(row);
        }
        for (int64_t list = 0; list < index.lists(); ++list)
        {
          const auto& rows = rows_of_list[list];
          if (rows.empty()) continue;
          const auto list_queries = block.index_select(0, torch::tensor(rows, torch::kInt64));
          for (const auto& [begin, end] : index.rowsOf(list))
          {
            auto scores = torch::mm(list_queries, library.embeddingRows(begin, end).t()).contiguous();
            const auto analog_scores = embedding_analogs ? scores.clone() : torch::Tensor();
            std::vector<std::vector<Candidate>> found(rows.size()), analog_found(embedding_analogs ? rows.size() : 0);
            for (size_t i = 0; i < rows.size(); ++i)
            {
              const auto& query = queries[block_begin + rows[i]];
              filter.apply(query, scores.data_ptr<float>() + i * (end - begin), begin, end);
              if (embedding_analogs) filter.applyAnalog(query, analog_scores.data_ptr<float>() + i * (end - begin), begin, end);
            }
            addBlockCandidates(scores, begin, k, found);
            if (embedding_analogs) addBlockCandidates(analog_scores, begin, embedding_analog_count, analog_found);
            for (size_t i = 0; i < rows.size(); ++i)
            {
              auto& kept = candidates[rows[i]];
              kept.insert(kept.end(), found[i].begin(), found[i].end());
              keepBest(kept, static_cast<size_t>(k));
              if (!embedding_analogs) continue;
              auto& kept_analogs = analog_candidates[rows[i]];
              kept_analogs.insert(kept_analogs.end(), analog_found[i].begin(), analog_found[i].end());
              keepBest(kept_analogs, static_cast<size_t>(embedding_analog_count));
            }
          }
        }
      }
      else
      {
        // Without analog hits by embedding, only the candidates' entries are scored.
        const int64_t scored_begin = embedding_analogs ? 0 : filter.first(), scored_end = embedding_analogs ? library_size : filter.last();
        for (int64_t chunk_begin = scored_begin; chunk_begin < scored_end; chunk_begin += chunk_entries)
        {
          const int64_t chunk_end = std::min(chunk_begin + chunk_entries, scored_end);
          auto scores = torch::mm(block, library.embeddingRows(chunk_begin, chunk_end).t()).contiguous();
          const auto analog_scores = embedding_analogs ? scores.clone() : torch::Tensor();
          const int64_t columns = chunk_end - chunk_begin;
          at::parallel_for(0, block_rows, 1, [&](int64_t begin, int64_t end) {
            for (int64_t row = begin; row < end; ++row)
            {
              const auto& query = queries[block_begin + row];
              filter.apply(query, scores.data_ptr<float>() + row * columns, chunk_begin, chunk_end);
              if (embedding_analogs) filter.applyAnalog(query, analog_scores.data_ptr<float>() + row * columns, chunk_begin, chunk_end);
            }
          });
          addBlockCandidates(scores, chunk_begin, k, candidates);
          if (embedding_analogs) addBlockCandidates(analog_scores, chunk_begin, embedding_analog_count, analog_candidates);
        }
      }
      if (learned_window_index)
      {
        at::parallel_for(0, block_rows, 1, [&](int64_t begin, int64_t end) {
          for (int64_t row = begin; row < end; ++row)
          {
            const auto& query = queries[block_begin + row];
            auto& kept = candidates[row];
            const auto near = bestInWindow(library, *learned_window_index, filter, query, query.precursor_mz * kLearnedWindowPpm * 1e-6, block[row],
                                           static_cast<size_t>(k), [&](int64_t j) {
                                             return std::any_of(kept.begin(), kept.end(), [j](const Candidate& c) { return c.library_index == j; });
                                           });
            if (near.empty()) continue;
            kept.insert(kept.end(), near.begin(), near.end());
            std::sort(kept.begin(), kept.end(), ranksBefore);
          }
        });
      }
      if (hybrid) hybrid->prepareLibrary(candidates);
      at::parallel_for(0, block_rows, 1, [&](int64_t begin, int64_t end) {
        for (int64_t row = begin; row < end; ++row)
        {
          const size_t query_index = block_begin + row;
          const auto spectral_scores = hybrid ? hybrid->scores(queries[query_index], candidates[row]) : std::vector<double>();
          auto& query_hits = hits[query_index];
          query_hits = toHits(query_index, candidates[row], spectral_scores, parameters, identity_kind,
                              parameters.learned ? candidates[row].size() : static_cast<size_t>(parameters.top_k));
          if (embedding_analogs)
          {
            const auto analog_hits = toHits(query_index, analog_candidates[row], {}, parameters, HitKind::Analog, embedding_analog_count);
            query_hits.insert(query_hits.end(), analog_hits.begin(), analog_hits.end());
          }
          if (spectral_analogs)
          {
            const auto& query = queries[query_index];
            // In learned search, those the embedding found already are no further candidates.
            std::vector<int64_t> found_by_embedding;
            for (const auto& hit : query_hits) found_by_embedding.push_back(static_cast<int64_t>(hit.library_index));
            std::sort(found_by_embedding.begin(), found_by_embedding.end());
            const auto found = spectral_analogs->best(query, filter.window(query), spectral_analog_count, [&](int64_t j) {
              return filter.noAnalog(query, j) || std::binary_search(found_by_embedding.begin(), found_by_embedding.end(), j);
            });
            std::vector<int64_t> entries;
            for (const auto& analog : found) entries.push_back(analog.library_index);
            const auto cosines = entries.empty() ? torch::Tensor() : library.embeddingsAt(torch::tensor(entries, torch::kInt64)).mv(block[row]).contiguous();
            for (size_t i = 0; i < found.size(); ++i)
            {
              if (!parameters.learned && found[i].score < parameters.min_score) break;
              const double cosine = cosines.data_ptr<float>()[i];
              query_hits.push_back({query_index, static_cast<size_t>(found[i].library_index), static_cast<int>(i) + 1, found[i].score, cosine,
                                    found[i].score, HitKind::Analog});
            }
          }
          for (auto& hit : query_hits)
          {
            const double library_mz = library.precursorMz(hit.library_index), query_mz = queries[query_index].precursor_mz;
            if (library_mz > 0.0 && query_mz > 0.0 && std::isfinite(query_mz)) hit.mass_difference = library_mz - query_mz;
          }
        }
      });
      if (progress) progress(block_end);
    }
    return hits;
  }
}
