#include "Calibration.h"

#include "../Errors.h"
#include "../SpectrumTokenization.h"
#include "../search/LibrarySearch.h"
#include "../search/SpectralAnalogSearch.h"
#include "AnalogHits.h"
#include "Randomness.h"
#include "ViewEmbedding.h"

#include <ATen/Parallel.h>

#include <map>
#include <set>
#include <stdexcept>

namespace SpecEmbedding
{
  const SettingTable<CalibrationOptions>& CalibrationOptions::settings()
  {
    static const SettingTable<CalibrationOptions> table = {
      numberSetting("structure_weight", &CalibrationOptions::structure_weight,
                    "With -calibrate and a model with a structure head: first set the structure head's share w of the search score "
                    "((1 - w) x spectrum cosine + w x structure cosine; nothing learned changes), then calibrate. -1: keep the model's.",
                    -1.0, 1.0, kAdvanced),
    };
    return table;
  }

  ModelCalibration calibrateScores(SpectrumEncoderImpl& encoder, const CompoundSet& validation, const CompoundSet& training,
                                   const MorganFingerprints& validation_fingerprints, const MorganFingerprints& training_fingerprints)
  {
    std::map<std::string, int> mode_numbers;
    const auto modeNumber = [&](const std::string& mode) { return mode_numbers.emplace(mode, static_cast<int>(mode_numbers.size())).first->second; };
    std::vector<TokenSequence> queries, library;
    std::vector<int> query_modes, library_modes;
    std::vector<size_t> query_compound, library_compound;
    for (size_t c = 0; c < validation.size(); ++c)
    {
      if (!validation_fingerprints.has(c)) continue;
      queries.push_back(validation.compounds[c].spectra.front());
      query_modes.push_back(modeNumber(validation.compounds[c].ion_mode));
      query_compound.push_back(c);
    }
    if (queries.empty()) throw InputError("calibration needs validation compounds with a SMILES that RDKit can parse");
    for (size_t c = 0; c < training.size(); ++c)
    {
      for (const auto& tokens : training.compounds[c].spectra)
      {
        library.push_back(tokens);
        library_modes.push_back(modeNumber(training.compounds[c].ion_mode));
        library_compound.push_back(c);
      }
    }
    torch::InferenceMode inference;
    const auto hits = bestAnalogHits(encoder.embed(queries, kViewsPerForward), query_modes, encoder.embed(library, kViewsPerForward),
                                     library_modes, kCalibrationHitsPerQuery);
    const auto cosine = hits.cosine.accessor<float, 2>();
    const auto index = hits.index.accessor<int64_t, 2>();
    std::vector<std::pair<double, double>> points;
    for (size_t q = 0; q < queries.size(); ++q)
    {
      for (int64_t k = 0; k < hits.index.size(1); ++k)
      {
        const size_t hit_compound = library_compound[index[q][k]];
        if (!std::isfinite(cosine[q][k]) || !training_fingerprints.has(hit_compound)) continue;
        points.emplace_back(cosine[q][k], validation_fingerprints.tanimoto(query_compound[q], training_fingerprints, hit_compound));
      }
    }
    ModelCalibration calibration;
    if (!points.empty()) calibration.analog_similarity = IsotonicMap::fit(points);
    return calibration;
  }

  void fitSpectralAnalogSimilarity(const std::vector<Spectrum>& library, const std::vector<Spectrum>& held_out, ModelCalibration& calibration)
  {
    std::vector<const Spectrum*> queries;
    std::set<std::pair<std::string, std::string>> seen; // compound key, ion mode
    for (const auto& spectrum : held_out)
    {
      const bool usable = !spectrum.compoundKey().empty() && !spectrum.smiles.empty() && spectrum.hasPrecursorMz();
      if (usable && seen.emplace(spectrum.compoundKey(), spectrum.ion_mode).second) queries.push_back(&spectrum);
    }
    if (queries.empty()) return;
    std::vector<std::string> query_smiles, library_smiles;
    std::map<std::string, size_t> smiles_number;
    std::vector<size_t> library_structure;
    std::vector<double> precursors;
    for (const auto* query : queries) query_smiles.push_back(query->smiles);
    for (const auto& spectrum : library)
    {
      const auto [found, added] = smiles_number.emplace(spectrum.smiles, library_smiles.size());
      if (added) library_smiles.push_back(spectrum.smiles);
      library_structure.push_back(found->second);
      precursors.push_back(spectrum.precursor_mz);
    }
    const MorganFingerprints query_fingerprints(query_smiles), library_fingerprints(library_smiles);
    const auto precursor_mz = torch::tensor(precursors, torch::kFloat64);
    const SearchParameters defaults;
    const auto index = std::make_shared<const FragmentIndex>(library.size(), [&](int64_t j) { return peakListOf(library[j]); },
                                                             defaults.fragment_tolerance);
    const SpectralAnalogSearch search(precursor_mz, index, defaults.analog_mass_window);
    std::vector<std::vector<std::pair<double, double>>> points(queries.size());
    at::parallel_for(0, static_cast<int64_t>(queries.size()), 1, [&](int64_t begin, int64_t end) {
      for (int64_t q = begin; q < end; ++q)
      {
        const auto& query = *queries[q];
        if (!query_fingerprints.has(q)) continue;
        const auto other_mode = [&](int64_t j) { return !query.ion_mode.empty() && !library[j].ion_mode.empty() && library[j].ion_mode != query.ion_mode; };
        for (const auto& hit : search.best(query, query.precursor_mz * kCalibrationPrecursorPpm * 1e-6, kCalibrationHitsPerQuery, other_mode))
        {
          const size_t structure = library_structure[hit.library_index];
          if (library_fingerprints.has(structure)) points[q].emplace_back(hit.score, query_fingerprints.tanimoto(q, library_fingerprints, structure));
        }
      }
    });
    std::vector<std::pair<double, double>> all;
    for (const auto& query_points : points) all.insert(all.end(), query_points.begin(), query_points.end());
    if (!all.empty()) calibration.analog_spectral_similarity = IsotonicMap::fit(all);
  }

  std::pair<std::vector<Spectrum>, torch::Tensor> embedUsable(SpectrumEncoderImpl& encoder, const std::vector<Spectrum>& spectra)
  {
    const auto tokenized = tokenizeSpectra(spectra, encoder.config().tokenizer(), InvalidSpectrumPolicy::Skip, "calibration spectra");
    std::vector<Spectrum> usable;
    for (const size_t i : tokenized.indices) usable.push_back(spectra[i]);
    return {std::move(usable), encoder.embed(tokenized.tokens, kViewsPerForward)};
  }

  OpenWorldTwin::OpenWorldTwin(SpectrumEncoderImpl& encoder, const std::vector<Spectrum>& training, const std::vector<Spectrum>& held_out)
  {
    torch::InferenceMode inference;
    std::tie(library_spectra_, library_embeddings_) = embedUsable(encoder, training);
    std::tie(held_spectra_, held_embeddings_) = embedUsable(encoder, held_out);
    for (size_t i = 0; i < held_spectra_.size(); ++i)
    {
      if (!held_spectra_[i].compoundKey().empty()) compounds_[held_spectra_[i].compoundKey()].push_back(static_cast<int64_t>(i));
      else distractors_.push_back(static_cast<int64_t>(i));
    }
    for (auto it = compounds_.begin(); it != compounds_.end();)
    {
      if (it->second.size() >= 2)
      {
        ++it;
        continue;
      }
      distractors_.push_back(it->second.front());
      it = compounds_.erase(it);
    }
  }

  OpenWorldTwin::Round OpenWorldTwin::round(int round, std::mt19937_64& random, const std::string& name) const
  {
    torch::InferenceMode inference;
    std::bernoulli_distribution in_library(0.5);
    std::vector<Spectrum> queries, library = library_spectra_;
    std::vector<int64_t> query_rows, library_rows = distractors_;
    size_t known = 0;
    for (const auto& [key, rows] : compounds_)
    {
      const int64_t query = rows[static_cast<size_t>(round) % rows.size()];
      query_rows.push_back(query);
      if (!in_library(random)) continue;
      ++known;
      for (const int64_t row : rows)
      {
        if (row != query) library_rows.push_back(row);
      }
    }
    for (const int64_t row : query_rows) queries.push_back(held_spectra_[row]);
    for (const int64_t row : library_rows) library.push_back(held_spectra_[row]);
    auto embedded = EmbeddingLibrary::build(
      library, torch::cat({library_embeddings_, held_embeddings_.index_select(0, torch::tensor(library_rows, torch::kInt64))}), name);
    auto query_embeddings = held_embeddings_.index_select(0, torch::tensor(query_rows, torch::kInt64));
    return {std::move(queries), std::move(query_embeddings), std::move(embedded), known};
  }

  ConfidenceFit fitConfidence(SpectrumEncoderImpl& encoder, const std::vector<Spectrum>& training, const std::vector<Spectrum>& held_out,
                              uint64_t seed, ModelCalibration& calibration)
  {
    torch::InferenceMode inference;
    const OpenWorldTwin twin(encoder, training, held_out);
    ConfidenceFit fit;
    if (twin.empty()) return fit;
    auto random = derivedGenerator(seed, RandomPurpose::ConfidenceTwin);
    // Per search kind (embedding, hybrid) and model (best hit, other hits): features and labels.
    std::vector<std::vector<double>> features[2][2];
    std::vector<bool> labels[2][2];
    for (int round = 0; round < kConfidenceTwinRounds; ++round)
    {
      const auto searched = twin.round(round, random, "calibration");
      const auto& queries = searched.queries;
      const auto& embedded = searched.library;
      fit.known += searched.known;
      fit.queries += queries.size();
      for (const int hybrid : {0, 1})
      {
        SearchParameters parameters;
        parameters.top_k = kConfidenceCandidates;
        if (hybrid) parameters.rescoring = SpectralScorer::Method::Entropy;
        const auto hits = searchLibrary(searched.query_embeddings, queries, embedded, parameters);
        for (size_t q = 0; q < hits.size(); ++q)
        {
          const auto query_features = confidenceFeatures(queries[q], hits[q], embedded);
          for (size_t i = 0; i < hits[q].size(); ++i)
          {
            const bool best = hits[q][i].rank == 1;
            const bool correct = embedded.entry(hits[q][i].library_index).compoundKey() == queries[q].compoundKey();
            features[hybrid][best].push_back(query_features[i]);
            labels[hybrid][best].push_back(correct);
            if (!hybrid && best)
            {
              ++fit.hits;
              fit.correct += correct;
            }
          }
        }
      }
    }
    for (const int hybrid : {0, 1})
    {
      try
      {
        (hybrid ? calibration.hybrid_confidence : calibration.confidence) =
          ConfidenceModel{LogisticModel::fit(features[hybrid][1], labels[hybrid][1]), LogisticModel::fit(features[hybrid][0], labels[hybrid][0])};
      }
      catch (const std::invalid_argument&)
      {
        // All hits right or all wrong: nothing to tell them apart by; the model stays uncalibrated.
      }
    }
    return fit;
  }
}
