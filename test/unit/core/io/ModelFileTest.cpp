#include "core/Errors.h"
#include "core/calibration/CandidateScorer.h"
#include "core/io/ModelFile.h"
#include "core/io/PickleFile.h"
#include "support/TestSupport.h"

#include <gtest/gtest.h>

using namespace SpecEmbedding;

namespace
{
  /// A scorer fitted on a toy set of the scorer's width: identity follows the first feature.
  CandidateScorer toyScorer()
  {
    const size_t width = candidateFeatureNames().size();
    std::vector<float> features, identity, similarity;
    for (int i = 0; i < 100; ++i)
    {
      std::vector<float> row(width, 0.0f);
      row[0] = static_cast<float>(i) / 100.0f; // the embedding cosine
      features.insert(features.end(), row.begin(), row.end());
      identity.push_back(i > 50 ? 1.0f : 0.0f);
      similarity.push_back(row[0]);
    }
    BoostedTrees::Settings settings;
    settings.rounds = 10;
    settings.objective = "reg:logistic";
    CandidateScorer scorer;
    std::vector<std::vector<double>> rows;
    std::vector<bool> labels;
    for (size_t r = 0; r < identity.size(); ++r)
    {
      rows.push_back(identityFeatures(features.data() + r * width));
      labels.push_back(identity[r] > 0.5f);
    }
    scorer.identity = LogisticModel::fit(rows, labels);
    scorer.similarity = BoostedTrees::fit(features, width, similarity, settings);
    scorer.best_confidence = IsotonicMap::fit({{0.1, 0.0}, {0.9, 1.0}});
    return scorer;
  }

  std::string message(const std::function<void()>& load)
  {
    try
    {
      load();
    }
    catch (const ModelError& error)
    {
      return error.what();
    }
    return "";
  }
}

TEST(ModelFile, KeepsTheLearnedScorerChecksummedBesideTheWeights)
{
  if (!BoostedTrees::available()) GTEST_SKIP() << "this build has no XGBoost";
  torch::manual_seed(1);
  SpectrumEncoder encoder(TestSupport::smallConfig(16, 2, 1));
  ModelCalibration calibration;
  calibration.scorer = toyScorer();
  const auto path = TestSupport::temporaryPath("scorer.model");
  ModelFile::save(path, encoder, nlohmann::json::object(), {"positive"}, calibration);
  const auto loaded = ModelFile::load(path);
  ASSERT_TRUE(loaded.calibration.scorer);
  std::vector<float> row(candidateFeatureNames().size(), 0.0f);
  row[0] = 0.8f;
  EXPECT_EQ(loaded.calibration.scorer->identityProbabilities(row), calibration.scorer->identityProbabilities(row));
  EXPECT_EQ(loaded.calibration.scorer->similarity.predict(row), calibration.scorer->similarity.predict(row));
  EXPECT_DOUBLE_EQ(loaded.calibration.scorer->confidence(0.5, true), 0.5);

  // Trees changed after the file was written: a clear error naming the file and its scorer section.
  auto file = loadPickle(path).toGenericDict();
  auto trees = file.at("scorer_trees").toList();
  trees.set(0, c10::IValue(trees.get(0).toStringRef() + " "));
  file.insert_or_assign("scorer_trees", trees);
  const auto broken = TestSupport::temporaryPath("broken_scorer.model");
  savePickle(broken, file);
  const auto why = message([&] { ModelFile::load(broken); });
  EXPECT_NE(why.find("model file '" + broken + "' has a broken scorer section"), std::string::npos) << why;
  EXPECT_NE(why.find("checksums"), std::string::npos) << why;
}

TEST(ModelFile, AModelWithoutScorerLoadsWithoutOne)
{
  torch::manual_seed(1);
  SpectrumEncoder encoder(TestSupport::smallConfig(16, 2, 1));
  const auto path = TestSupport::temporaryPath("plain.model");
  ModelFile::save(path, encoder, nlohmann::json::object());
  const auto loaded = ModelFile::load(path);
  EXPECT_FALSE(loaded.calibration.scorer);
  EXPECT_FALSE(loaded.scorer_unavailable);
}
