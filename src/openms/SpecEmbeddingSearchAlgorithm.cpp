#include "SpecEmbeddingSearchAlgorithm.h"

#include "SettingParams.h"
#include "core/search/HitConfidence.h"
#include "core/search/HitSelection.h"
#include "core/search/LearnedScoring.h"
#include "core/search/ScoreCalibration.h"

#include <OpenMS/CONCEPT/LogStream.h>

#include <algorithm>
#include <optional>

namespace OpenMS
{
  SpecEmbeddingSearchAlgorithm::SpecEmbeddingSearchAlgorithm() : DefaultParamHandler("SpecEmbeddingSearchAlgorithm")
  {
    defaults_ = settingsToParam(SpecEmbedding::SearchParameters::settings(), SpecEmbedding::SearchParameters::toolDefaults());
    defaults_.merge(settingsToParam(SpecEmbedding::QValueOptions::settings()));
    defaultsToParam_();
  }

  void SpecEmbeddingSearchAlgorithm::updateMembers_()
  {
    parameters_ = settingsFromParam(SpecEmbedding::SearchParameters::settings(), param_);
    q_values_ = settingsFromParam(SpecEmbedding::QValueOptions::settings(), param_);
    // Outside learned search, analog hits lie outside a precursor window: without one there are none (the
    // default asks for one analog hit, which learned search finds without a window).
    analogs_without_window_ = !parameters_.learned && !(parameters_.precursor_tolerance > 0.0) && parameters_.analog_hits > 0;
    if (analogs_without_window_) parameters_.analog_hits = 0;
  }

  void SpecEmbeddingSearchAlgorithm::validateParameters() const
  {
    parameters_.validate();
    q_values_.validate();
    checkLearnedQValues_();
    if (analogs_without_window_)
    {
      OPENMS_LOG_INFO << "No analog hits: outside learned search they are the best hits outside the precursor window, and no "
                         "-precursor_mass_tolerance is given."
                      << std::endl;
    }
  }

  void SpecEmbeddingSearchAlgorithm::adaptToModel(const SpecEmbedding::ModelCalibration& calibration)
  {
    if (parameters_.learned && !calibration.scorer)
    {
      OPENMS_LOG_WARN << "Warning: the model has no learned scorer, so the search ranks by embedding alone (-rescoring none); fit one "
                         "with SpecEmbeddingTrainer -calibrate."
                      << std::endl;
      param_.setValue("rescoring", "none");
      updateMembers_();
      validateParameters();
    }
    logRanking_();
    if (parameters_.learned) return; // the scorer gives confidence and predicted similarity itself
    const bool hybrid = parameters_.hybrid();
    if (q_values_.method == SpecEmbedding::QValueMethod::Confidence && !(hybrid ? calibration.hybrid_confidence : calibration.confidence))
    {
      throw SpecEmbedding::ParameterError(std::string("-q_values confidence needs a model calibrated for the confidence of ") +
                                          (hybrid ? "hybrid" : "embedding") + " search: calibrate it with SpecEmbeddingTrainer -calibrate");
    }
    if (parameters_.analog_hits > 0 && !parameters_.analogs_by_embedding && calibration.analog_similarity && !calibration.analog_spectral_similarity)
    {
      OPENMS_LOG_WARN << "Warning: the model was calibrated before analog hits were ranked by modified cosine, so they get no "
                         "predicted_similarity: recalibrate it with SpecEmbeddingTrainer -calibrate, or give -analog_scoring embedding."
                      << std::endl;
    }
  }

  void SpecEmbeddingSearchAlgorithm::checkLearnedQValues_() const
  {
    if (parameters_.learned && q_values_.method == SpecEmbedding::QValueMethod::TargetDecoy)
    {
      throw SpecEmbedding::ParameterError("-q_values target_decoy does not go with learned search: the learned scorer ranks decoys so low that "
                                          "their competition underestimates the FDR. Use -q_values confidence (or auto), or -rescoring none or "
                                          "entropy for target-decoy q-values");
    }
  }

  void SpecEmbeddingSearchAlgorithm::logRanking_() const
  {
    const String candidates = String(parameters_.rescoring_candidates) + " best candidates by embedding";
    if (parameters_.learned)
    {
      OPENMS_LOG_INFO << "Ranking: the model's learned scorer over each query's " << candidates
                      << (parameters_.precursor_tolerance > 0.0 ? String(" in the precursor window")
                                                                  : " (and as many within " + String(SpecEmbedding::kLearnedWindowPpm) + " ppm of its precursor)")
                      << ": identity hits by the probability that they are the query's compound (confidence), analog hits by their predicted "
                         "Tanimoto to its structure (predicted_similarity)."
                      << std::endl;
    }
    else if (parameters_.hybrid())
    {
      OPENMS_LOG_INFO << "Ranking: hybrid, the embedding cosine of each query's " << candidates << " combined with "
                      << SpecEmbedding::toString(*parameters_.rescoring) << " of the peaks." << std::endl;
    }
    else
    {
      OPENMS_LOG_INFO << "Ranking: the embedding cosine alone (-rescoring none, as published)." << std::endl;
    }
  }

  SpecEmbeddingSearchAlgorithm::Summary SpecEmbeddingSearchAlgorithm::run(const QuerySource& queries, const SpecEmbedding::EmbeddingLibrary& library,
                                                                          const SpecEmbedding::ModelCalibration& calibration, const BlockSink& sink,
                                                                          bool keep_peaks_of_held_queries) const
  {
    using SpecEmbedding::HitKind;
    const bool with_decoys = library.decoyCount() > 0;
    if (parameters_.learned && !calibration.scorer) throw SpecEmbedding::ParameterError("learned search needs a model with a learned scorer");
    std::optional<SpecEmbedding::EmbeddingLibrary> with_compounds;
    if (parameters_.learned && library.compounds().empty())
    {
      OPENMS_LOG_INFO << "Finding the library's compounds and their nearest neighbours by structure, which the learned scorer reads." << std::endl;
      with_compounds = library.withCompounds();
    }
    const auto& searched = with_compounds ? *with_compounds : library;
    std::optional<SpecEmbedding::LearnedScoring> scoring;
    if (parameters_.learned) scoring.emplace(searched, *calibration.scorer, parameters_.fragment_tolerance);
    checkLearnedQValues_();
    auto method = q_values_.resolve(with_decoys);
    // The learned scorer ranks decoys too low for their competition to estimate the FDR (bench/open_world.sh):
    // its q-values come from its calibrated confidence.
    if (parameters_.learned && method == SpecEmbedding::QValueMethod::TargetDecoy) method = SpecEmbedding::QValueMethod::Confidence;
    // Confidences look at a query's best candidates, however few hits the user keeps. Decoys are no candidates:
    // each query's best decoy competes with its best hit in a search of the decoys alone.
    auto parameters = parameters_;
    parameters.top_k = SpecEmbedding::confidenceSearchDepth(parameters_);
    parameters.decoy_candidates = SpecEmbedding::DecoyCandidates::Exclude;
    auto decoy_parameters = parameters_;
    decoy_parameters.top_k = 1;
    decoy_parameters.analog_hits = 0;
    decoy_parameters.decoy_candidates = SpecEmbedding::DecoyCandidates::Only;

    Summary summary;
    const auto hand_on = [&](SearchedBlock&& block) {
      for (const auto& query_hits : block.hits)
      {
        for (const auto& hit : query_hits) (hit.kind == HitKind::Analog ? summary.analog_hits : summary.hits) += 1;
        summary.identified += std::any_of(query_hits.begin(), query_hits.end(), [](const auto& hit) { return hit.kind != HitKind::Analog; });
      }
      summary.queries += block.spectra.size();
      sink(std::move(block));
    };
    // The queries' best identity hits: their scores, whether decoys won, and their confidences (q-values).
    std::vector<double> best_scores, best_confidences;
    std::vector<bool> best_is_decoy;
    std::vector<SearchedBlock> held;
    queries([&](SearchedBlock&& block) {
      startProgress(0, static_cast<SignedSize>(block.spectra.size()), "searching the library");
      block.hits = SpecEmbedding::searchLibrary(block.embeddings, block.spectra, searched, parameters,
                                                [&](size_t done) { setProgress(static_cast<SignedSize>(done)); });
      endProgress();
      if (scoring) scoring->apply(block.hits, block.spectra, block.embeddings, parameters_.min_score);
      else SpecEmbedding::applyCalibration(block.hits, block.spectra, searched, calibration, parameters_.hybrid());
      if (method == SpecEmbedding::QValueMethod::TargetDecoy)
      {
        const auto decoy_hits = SpecEmbedding::searchLibrary(block.embeddings, block.spectra, searched, decoy_parameters);
        for (size_t q = 0; q < block.hits.size(); ++q)
        {
          const auto& target = block.hits[q];
          const bool has_target = !target.empty() && target.front().kind != HitKind::Analog;
          const bool has_decoy = !decoy_hits[q].empty();
          if (!has_target && !has_decoy) continue;
          // Equal scores go to the target, as the library's order (targets first) would rank them.
          const bool decoy_wins = has_decoy && (!has_target || decoy_hits[q].front().score > target.front().score);
          best_scores.push_back(decoy_wins ? decoy_hits[q].front().score : target.front().score);
          best_is_decoy.push_back(decoy_wins);
        }
      }
      SpecEmbedding::keepBestHits(block.hits, parameters_.top_k, scoring ? parameters_.analog_hits : -1);
      if (method == SpecEmbedding::QValueMethod::None) return hand_on(std::move(block));
      for (const auto& query_hits : block.hits)
      {
        if (!query_hits.empty() && query_hits.front().kind != HitKind::Analog) best_confidences.push_back(query_hits.front().confidence);
      }
      if (!keep_peaks_of_held_queries)
      {
        for (auto& spectrum : block.spectra) spectrum.mz = spectrum.intensity = {};
      }
      held.push_back(std::move(block));
    });
    if (method != SpecEmbedding::QValueMethod::None)
    {
      const bool by_decoys = method == SpecEmbedding::QValueMethod::TargetDecoy;
      const auto curve = by_decoys ? SpecEmbedding::QValueCurve(best_scores, best_is_decoy) : SpecEmbedding::QValueCurve::fromConfidences(best_confidences);
      if (by_decoys)
      {
        const auto decoy_wins = static_cast<size_t>(std::count(best_is_decoy.begin(), best_is_decoy.end(), true));
        OPENMS_LOG_INFO << "Target-decoy competition: " << best_scores.size() - decoy_wins << " queries' best hits are library spectra, "
                        << decoy_wins << " decoys." << std::endl;
      }
      for (auto& block : held)
      {
        for (auto& query_hits : block.hits) SpecEmbedding::assignQValues(query_hits, curve, by_decoys, q_values_.fdr);
        hand_on(std::move(block));
      }
    }
    OPENMS_LOG_INFO << "Searched " << summary.queries << " queries against " << library.size() - library.decoyCount() << " library spectra: "
                    << summary.hits << " hits, " << summary.identified << " queries with at least one hit"
                    << (summary.analog_hits ? ", " + String(summary.analog_hits) + " analog hits" : String()) << "." << std::endl;
    return summary;
  }
}
