#include "Calibration.h"

#include "../Errors.h"
#include "../SpectrumValidation.h"
#include "../search/LibrarySearch.h"
#include "AnalogHits.h"
#include "Randomness.h"
#include "ViewEmbedding.h"

#include <map>
#include <stdexcept>

namespace SpecEmbedding
{
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

  namespace
  {
    /// The usable spectra and their raw embeddings.
    std::pair<std::vector<Spectrum>, torch::Tensor> embedUsable(SpectrumEncoderImpl& encoder, const std::vector<Spectrum>& spectra)
    {
      const auto tokenized = tokenizeSpectra(spectra, encoder.config().tokenizer(), InvalidSpectrumPolicy::Skip, "calibration spectra");
      std::vector<Spectrum> usable;
      for (const size_t i : tokenized.indices) usable.push_back(spectra[i]);
      return {std::move(usable), encoder.embed(tokenized.tokens, kViewsPerForward)};
    }
  }

  ConfidenceFit fitConfidence(SpectrumEncoderImpl& encoder, const std::vector<Spectrum>& training, const std::vector<Spectrum>& held_out,
                              uint64_t seed, ModelCalibration& calibration)
  {
    std::map<std::string, std::vector<const Spectrum*>> by_compound;
    for (const auto& spectrum : held_out)
    {
      if (!spectrum.compoundKey().empty()) by_compound[spectrum.compoundKey()].push_back(&spectrum);
    }
    auto random = derivedGenerator(seed, RandomPurpose::ConfidenceTwin);
    std::bernoulli_distribution in_library(0.5);
    std::vector<Spectrum> queries, library = training;
    ConfidenceFit fit;
    for (const auto& [key, spectra] : by_compound)
    {
      queries.push_back(*spectra.front());
      if (!in_library(random) || spectra.size() < 2) continue;
      ++fit.known;
      for (size_t i = 1; i < spectra.size(); ++i) library.push_back(*spectra[i]);
    }
    torch::InferenceMode inference;
    const auto [usable_queries, query_embeddings] = embedUsable(encoder, queries);
    if (usable_queries.empty()) throw InputError("confidence calibration needs held-out spectra with an InChIKey");
    const auto [usable_library, library_embeddings] = embedUsable(encoder, library);
    const auto embedded = EmbeddingLibrary::build(usable_library, library_embeddings, "calibration");
    fit.queries = usable_queries.size();
    for (const bool hybrid : {false, true})
    {
      SearchParameters parameters;
      parameters.top_k = kConfidenceCandidates;
      if (hybrid) parameters.rescoring = SpectralScorer::Method::Entropy;
      const auto hits = searchLibrary(query_embeddings, usable_queries, embedded, parameters);
      std::vector<std::vector<double>> features;
      std::vector<bool> labels;
      for (const auto& query_hits : hits)
      {
        for (size_t i = 0; i < query_hits.size(); ++i)
        {
          const auto& hit = query_hits[i];
          features.push_back(confidenceFeatures(query_hits, i, embedded, hybrid));
          labels.push_back(embedded.entry(hit.library_index).compoundKey() == usable_queries[hit.query_index].compoundKey());
        }
      }
      if (!hybrid)
      {
        fit.hits = labels.size();
        fit.correct = static_cast<size_t>(std::count(labels.begin(), labels.end(), true));
      }
      try
      {
        (hybrid ? calibration.hybrid_confidence : calibration.confidence) = LogisticModel::fit(features, labels);
      }
      catch (const std::invalid_argument&)
      {
        // All hits right or all wrong: nothing to tell them apart by; the model stays uncalibrated.
      }
    }
    return fit;
  }
}
