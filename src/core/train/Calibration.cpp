#include "Calibration.h"

#include "../Errors.h"
#include "AnalogHits.h"
#include "ViewEmbedding.h"

#include <map>

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
}
