#include "ScorerTraining.h"

#include "../calibration/BoostedTrees.h"
#include "../calibration/LogisticModel.h"
#include "../search/CandidateFeatures.h"
#include "../search/LibrarySearch.h"
#include "../search/MorganFingerprints.h"
#include "Calibration.h"
#include "Randomness.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <unordered_map>

namespace SpecEmbedding
{
  namespace
  {
    /// The precursor window of the tools' default search, in which the twin's identity candidates lie.
    constexpr double kWindowPpm = 20.0;

    /// Trees for the expected Tanimoto.
    BoostedTrees::Settings similaritySettings(uint64_t seed)
    {
      BoostedTrees::Settings settings;
      settings.objective = "reg:logistic";
      settings.seed = seed;
      return settings;
    }

    /// The features and Tanimoto labels of the rows whose label is known.
    void withSimilarity(const ScorerRows& rows, std::vector<float>& features, std::vector<float>& labels)
    {
      const size_t width = candidateFeatureNames().size();
      for (size_t r = 0; r < rows.size(); ++r)
      {
        const float label = rows.similarity[r];
        if (std::isnan(label)) continue;
        features.insert(features.end(), rows.features.begin() + static_cast<std::ptrdiff_t>(r * width),
                        rows.features.begin() + static_cast<std::ptrdiff_t>((r + 1) * width));
        labels.push_back(label);
      }
    }
  }

  ScorerRows scorerTwinRows(SpectrumEncoderImpl& encoder, const std::vector<Spectrum>& training, const std::vector<Spectrum>& held_out,
                            uint64_t seed, ScorerFit& fit)
  {
    torch::InferenceMode inference;
    const OpenWorldTwin twin(encoder, training, held_out);
    ScorerRows rows;
    if (twin.empty()) return rows;
    // One fingerprint per structure of the queries and the library, for the Tanimoto labels.
    std::unordered_map<std::string, size_t> structure_of;
    std::vector<std::string> structures;
    const auto structure = [&](const std::string& smiles) {
      const auto known = structure_of.find(smiles);
      if (known != structure_of.end()) return known->second;
      structures.push_back(smiles);
      return structure_of[smiles] = structures.size() - 1;
    };
    for (const auto& spectrum : twin.librarySpectra()) structure(spectrum.smiles);
    for (const auto& spectrum : twin.heldOutSpectra()) structure(spectrum.smiles);
    const MorganFingerprints fingerprints(structures);

    auto random = derivedGenerator(seed, RandomPurpose::ScorerTwin);
    std::map<std::string, int> fold_of;
    for (const auto& [key, compound_rows] : twin.compounds()) fold_of[key] = static_cast<int>(fold_of.size() % 2);
    size_t searches = 0;
    for (int round = 0; round < kScorerRounds; ++round)
    {
      const auto searched = twin.round(round, random, "scorer twin");
      const auto& queries = searched.queries;
      const auto embedded = searched.library.withCompounds();
      const auto& query_embeddings = searched.query_embeddings;
      fit.known += searched.known;
      const auto units = torch::nn::functional::normalize(query_embeddings, torch::nn::functional::NormalizeFuncOptions().p(2).dim(1));
      CandidateFeatures features(embedded);
      for (const bool window : {true, false})
      {
        SearchParameters parameters;
        parameters.learned = true;
        parameters.precursor_tolerance = window ? kWindowPpm : 0.0;
        parameters.analog_hits = 1;
        const auto hits = searchLibrary(query_embeddings, queries, embedded, parameters);
        features.prepare(hits);
        std::vector<std::vector<float>> query_rows_features(hits.size());
        at::parallel_for(0, static_cast<int64_t>(hits.size()), 1, [&](int64_t begin, int64_t end) {
          for (int64_t q = begin; q < end; ++q) query_rows_features[q] = features.rows(queries[q], units[q], hits[q]);
        });
        for (size_t q = 0; q < hits.size(); ++q, ++searches)
        {
          const auto& query = queries[q];
          const bool query_structure = fingerprints.has(structure_of.at(query.smiles));
          rows.features.insert(rows.features.end(), query_rows_features[q].begin(), query_rows_features[q].end());
          for (const auto& hit : hits[q])
          {
            const auto entry = embedded.entry(hit.library_index);
            const bool correct = entry.compoundKey() == query.compoundKey();
            const auto candidate_structure = structure_of.find(entry.smiles);
            const bool both = query_structure && candidate_structure != structure_of.end() && fingerprints.has(candidate_structure->second);
            rows.identity.push_back(correct ? 1.0f : 0.0f);
            rows.similarity.push_back(
              both ? static_cast<float>(fingerprints.tanimoto(structure_of.at(query.smiles), fingerprints, candidate_structure->second))
                   : std::numeric_limits<float>::quiet_NaN());
            rows.fold.push_back(fold_of.at(query.compoundKey()));
            rows.search.push_back(searches);
            rows.analog.push_back(hit.kind == HitKind::Analog);
            fit.correct += correct;
            fit.structures += both;
          }
          fit.queries += window;
        }
      }
    }
    fit.candidates = rows.size();
    return rows;
  }

  CandidateScorer fitCandidateScorer(const ScorerRows& rows, uint64_t seed)
  {
    const size_t width = candidateFeatureNames().size();
    // The identity model's rows (identity and unfiltered candidates) of a fold, or of all for -1.
    const auto identityRows = [&](int fold, std::vector<std::vector<double>>& features, std::vector<bool>& labels, std::vector<size_t>& which) {
      for (size_t r = 0; r < rows.size(); ++r)
      {
        if (rows.analog[r] || (fold >= 0 && rows.fold[r] != fold)) continue;
        features.push_back(identityFeatures(rows.features.data() + r * width));
        labels.push_back(rows.identity[r] > 0.5f);
        which.push_back(r);
      }
    };
    // The best candidate's confidence, on predictions of a model fitted on the other fold's query compounds.
    std::vector<std::pair<double, double>> best_points;
    for (int fold = 0; fold < 2; ++fold)
    {
      std::vector<std::vector<double>> train_features, held_features;
      std::vector<bool> train_labels, held_labels;
      std::vector<size_t> train_rows, held_rows;
      identityRows(1 - fold, train_features, train_labels, train_rows);
      identityRows(fold, held_features, held_labels, held_rows);
      if (std::count(train_labels.begin(), train_labels.end(), true) == 0 || held_rows.empty()) continue;
      const auto model = LogisticModel::fit(train_features, train_labels);
      std::map<size_t, std::pair<double, size_t>> best; // search -> (probability, position in held_rows)
      for (size_t i = 0; i < held_rows.size(); ++i)
      {
        const double p = model(held_features[i]);
        auto& current = best.try_emplace(rows.search[held_rows[i]], -1.0, i).first->second;
        if (p > current.first) current = {p, i};
      }
      for (const auto& [search, chosen] : best) best_points.emplace_back(chosen.first, held_labels[chosen.second] ? 1.0 : 0.0);
    }

    CandidateScorer scorer;
    std::vector<std::vector<double>> identity_features;
    std::vector<bool> identity_labels;
    std::vector<size_t> identity_rows;
    identityRows(-1, identity_features, identity_labels, identity_rows);
    scorer.identity = LogisticModel::fit(identity_features, identity_labels);
    std::vector<float> similarity_features, similarity_labels;
    withSimilarity(rows, similarity_features, similarity_labels);
    scorer.similarity = BoostedTrees::fit(similarity_features, width, similarity_labels, similaritySettings(seed));
    if (!best_points.empty()) scorer.best_confidence = IsotonicMap::fit(best_points);
    // How much each feature weighs in the similarity trees: its share of all their gain.
    const auto gain = scorer.similarity.totalGain();
    double total = 0.0;
    for (const auto& [column, value] : gain) total += value;
    nlohmann::json shares = nlohmann::json::object();
    for (const auto& [column, value] : gain) shares[candidateFeatureNames()[column]] = total > 0.0 ? value / total : 0.0;
    scorer.summary["similarity_gain_share"] = shares;
    scorer.summary["identity_weights"] = scorer.identity.toJson();
    return scorer;
  }

  ScorerFit fitScorer(SpectrumEncoderImpl& encoder, const std::vector<Spectrum>& training, const std::vector<Spectrum>& held_out, uint64_t seed,
                      ModelCalibration& calibration, const std::function<void(const std::string&)>& warn)
  {
    ScorerFit fit;
    if (!BoostedTrees::available() || !MorganFingerprints::available())
    {
      if (warn) warn(std::string("no learned scorer fitted: this build has no ") + (BoostedTrees::available() ? "RDKit" : "XGBoost"));
      return fit;
    }
    const auto rows = scorerTwinRows(encoder, training, held_out, seed, fit);
    if (fit.correct == 0 || fit.correct == fit.candidates || fit.structures == 0)
    {
      if (warn) warn("no learned scorer fitted: it needs held-out compounds with two or more spectra, and among their candidates both the query's compound and others");
      return fit;
    }
    auto scorer = fitCandidateScorer(rows, seed);
    scorer.summary["queries"] = fit.queries;
    scorer.summary["known"] = fit.known;
    scorer.summary["candidates"] = fit.candidates;
    scorer.summary["correct"] = fit.correct;
    scorer.summary["with_structures"] = fit.structures;
    scorer.summary["rounds"] = kScorerRounds;
    calibration.scorer = std::move(scorer);
    return fit;
  }
}
