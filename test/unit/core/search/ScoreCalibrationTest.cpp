#include "core/search/HitSelection.h"
#include "core/search/ScoreCalibration.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace SpecEmbedding;

namespace
{
  /// Library entries 0 and 1 of compound A, 2 of compound B, 3 without an InChIKey. Peaks: entries 0 and 3
  /// are the query's (querySpectrum), entry 1 shares one of its two peaks, entry 2 none.
  const std::vector<PeakList> kEntryPeaks = {{{100.0}, {1.0}}, {{100.0, 150.0}, {1.0, 1.0}}, {{200.0}, {1.0}}, {{100.0}, {1.0}}};

  EmbeddingLibrary fourEntryLibrary()
  {
    std::vector<Spectrum> spectra(4);
    const char* keys[] = {"AAAAAAAAAAAAAA-BBBBBBBBBB-N", "AAAAAAAAAAAAAA-CCCCCCCCCC-N", "BBBBBBBBBBBBBB-BBBBBBBBBB-N", ""};
    for (size_t i = 0; i < spectra.size(); ++i)
    {
      spectra[i].id = "entry" + std::to_string(i);
      spectra[i].inchikey = keys[i];
      spectra[i].precursor_mz = 200.0 + i;
      spectra[i].mz = kEntryPeaks[i].mz;
      spectra[i].intensity = kEntryPeaks[i].intensity;
    }
    return EmbeddingLibrary::build(spectra, torch::eye(4), "checksum");
  }

  Spectrum querySpectrum()
  {
    Spectrum query;
    query.precursor_mz = 200.0;
    query.mz = {100.0};
    query.intensity = {1.0};
    return query;
  }

  Hit hit(size_t library_index, int rank, double score, HitKind kind = HitKind::Unfiltered, double mass_difference = 0.0)
  {
    Hit result{0, library_index, rank, score, score, NAN, kind};
    result.mass_difference = mass_difference;
    return result;
  }
}

TEST(SearchCalibration, OnlyAnalogHitsGetAPredictedSimilarity)
{
  ModelCalibration calibration;
  calibration.analog_similarity = IsotonicMap::fit({{0.0, 0.1}, {1.0, 0.9}});
  std::vector<std::vector<Hit>> hits = {{hit(0, 1, 0.5, HitKind::Identity), hit(1, 1, 0.5, HitKind::Analog)}};
  applyCalibration(hits, {querySpectrum()}, fourEntryLibrary(), calibration, false);
  EXPECT_TRUE(std::isnan(hits[0][0].predicted_similarity));
  EXPECT_DOUBLE_EQ(hits[0][1].predicted_similarity, 0.5);
  EXPECT_TRUE(std::isnan(hits[0][0].confidence));
}

// An analog hit ranked by its peaks maps its modified cosine by the spectral calibration, one ranked by
// embedding its cosine by the embedding calibration; each map is stored in the model file.
TEST(SearchCalibration, AnalogHitsByPeaksUseTheSpectralCalibration)
{
  ModelCalibration calibration;
  calibration.analog_similarity = IsotonicMap::fit({{0.0, 0.1}, {1.0, 0.9}});
  calibration.analog_spectral_similarity = IsotonicMap::fit({{0.0, 0.0}, {1.0, 0.5}});
  auto by_peaks = hit(1, 1, 0.8, HitKind::Analog);
  by_peaks.spectral_score = 0.8;
  by_peaks.embedding_score = 0.2;
  std::vector<std::vector<Hit>> hits = {{by_peaks, hit(2, 2, 0.5, HitKind::Analog)}};
  applyCalibration(hits, {querySpectrum()}, fourEntryLibrary(), calibration, false);
  EXPECT_DOUBLE_EQ(hits[0][0].predicted_similarity, 0.4);
  EXPECT_DOUBLE_EQ(hits[0][1].predicted_similarity, 0.5);

  const auto again = ModelCalibration::fromJson(calibration.toJson());
  ASSERT_TRUE(again.analog_spectral_similarity);
  EXPECT_EQ(again.analog_spectral_similarity->values(), calibration.analog_spectral_similarity->values());
  calibration.analog_spectral_similarity.reset(); // a model calibrated before analog hits by peaks
  hits = {{by_peaks}};
  applyCalibration(hits, {querySpectrum()}, fourEntryLibrary(), calibration, false);
  EXPECT_TRUE(std::isnan(hits[0][0].predicted_similarity));
}

TEST(SearchCalibration, ConfidenceFeaturesOfAHitAmongItsQuerysCandidates)
{
  // Two hits of compound A, then one of B and one of an unannotated entry; an analog hit does not count.
  const std::vector<Hit> hits = {hit(0, 1, 0.9, HitKind::Unfiltered, 0.0), hit(1, 2, 0.8), hit(2, 3, 0.6, HitKind::Unfiltered, 14.0157),
                                 hit(3, 4, 0.5), hit(2, 1, 0.95, HitKind::Analog)};
  const auto library = fourEntryLibrary();
  const auto features = confidenceFeatures(querySpectrum(), hits, library);
  ASSERT_EQ(features.size(), hits.size());
  const auto& first = features[0];
  ASSERT_EQ(first.size(), confidenceFeatureNames().size());
  EXPECT_DOUBLE_EQ(first[0], 0.9);        // score
  EXPECT_DOUBLE_EQ(first[1], 0.9 - 0.6);  // margin over the best hit of another compound (B)
  EXPECT_DOUBLE_EQ(first[2], 0.0);        // log(1 + 0 / 0.01)
  EXPECT_DOUBLE_EQ(first[3], 2.0 / 4.0);  // two of the four candidates are compound A
  EXPECT_NEAR(first[4], 1.0, 1e-9);       // the same single peak as the query
  EXPECT_NEAR(first[5], 0.0, 1e-9);       // entry 3, another compound, matches as well
  const auto& third = features[2];
  EXPECT_DOUBLE_EQ(third[1], 0.6 - 0.9);
  EXPECT_NEAR(third[2], std::log1p(1401.57), 1e-9);
  EXPECT_DOUBLE_EQ(third[3], 1.0 / 4.0);
  EXPECT_DOUBLE_EQ(third[4], 0.0);        // no peak in common
  EXPECT_NEAR(third[5], -1.0, 1e-9);      // below entries 0 and 3
  const double shared = entropySimilarity(PeakList{{100.0}, {1.0}}, kEntryPeaks[1]);
  EXPECT_GT(shared, 0.1);
  EXPECT_LT(shared, 0.9);
  EXPECT_NEAR(features[1][4], shared, 1e-6);
  EXPECT_NEAR(features[1][5], shared - 1.0, 1e-6);
  EXPECT_TRUE(features[4].empty()); // the analog hit
}

TEST(SearchCalibration, ConfidenceFeaturesLookAtTheFirstCandidatesOnly)
{
  // Eleven hits: ten of compound A, then one of B; B is past the kConfidenceCandidates candidates.
  std::vector<Hit> hits;
  for (int i = 0; i < kConfidenceCandidates; ++i) hits.push_back(hit(i % 2, i + 1, 0.9 - 0.01 * i));
  hits.push_back(hit(2, kConfidenceCandidates + 1, 0.7));
  const auto features = confidenceFeatures(querySpectrum(), hits, fourEntryLibrary());
  EXPECT_DOUBLE_EQ(features[0][1], 0.9 + 1.0); // no other compound among the candidates: margin over -1
  EXPECT_DOUBLE_EQ(features[0][3], 1.0);
  EXPECT_DOUBLE_EQ(features.back()[3], 0.0);   // B itself is none of the candidates
}

TEST(SearchCalibration, ConfidenceIsSetFromTheModelAndBestHitsAreKept)
{
  // Best hits are right when their peaks match better than the other candidates'; other hits are right
  // when their score is high.
  const std::vector<std::vector<double>> rows = {{0.9, 0.3, 0.0, 0.5, 0.9, 0.4}, {0.2, -0.7, 3.0, 0.25, 0.1, -0.6},
                                                 {0.8, 0.1, 0.5, 0.5, 0.7, 0.2}, {0.3, -0.5, 2.0, 0.25, 0.3, -0.1}};
  ModelCalibration calibration;
  calibration.confidence = ConfidenceModel{LogisticModel::fit(rows, {true, false, true, false}), LogisticModel::fit(rows, {false, false, true, true})};
  const auto again = ModelCalibration::fromJson(calibration.toJson());
  ASSERT_TRUE(again.confidence);
  EXPECT_FALSE(again.hybrid_confidence);
  EXPECT_DOUBLE_EQ((*again.confidence)(rows[0], 1), calibration.confidence->best_hit(rows[0]));
  EXPECT_DOUBLE_EQ((*again.confidence)(rows[0], 2), calibration.confidence->other_hits(rows[0]));
  std::vector<std::vector<Hit>> hits = {{hit(0, 1, 0.9), hit(1, 2, 0.8), hit(2, 3, 0.6), hit(3, 4, 0.5), hit(2, 1, 0.95, HitKind::Analog)}};
  applyCalibration(hits, {querySpectrum()}, fourEntryLibrary(), again, false);
  const auto features = confidenceFeatures(querySpectrum(), hits[0], fourEntryLibrary());
  EXPECT_DOUBLE_EQ(hits[0][0].confidence, again.confidence->best_hit(features[0]));
  EXPECT_DOUBLE_EQ(hits[0][2].confidence, again.confidence->other_hits(features[2]));
  EXPECT_TRUE(std::isnan(hits[0][4].confidence));
  keepBestHits(hits, 2);
  ASSERT_EQ(hits[0].size(), 3u);
  EXPECT_EQ(hits[0][1].library_index, 1u);
  EXPECT_EQ(hits[0][2].kind, HitKind::Analog);
}

