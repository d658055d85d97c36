#include "openms/SpecEmbeddingSearchAlgorithm.h"
#include "support/TestSupport.h"

#include "core/Errors.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

using namespace OpenMS;
using SpecEmbedding::Hit;
using SpecEmbedding::HitKind;
using SpecEmbedding::Spectrum;
using SpecEmbedding::TestSupport::makeSpectrum;

namespace
{
  // Three targets along the axes e0, e1, e2 (precursor 200, compounds A, B, C) and their three decoys,
  // whose embeddings lean towards the query directions used below.
  SpecEmbedding::EmbeddingLibrary libraryWithDecoys()
  {
    std::vector<Spectrum> spectra = {makeSpectrum("a", 200.0, {50.0}, {1.0}, "AAAAAAAAAAAAAA-X"),
                                     makeSpectrum("b", 200.0, {60.0}, {1.0}, "BBBBBBBBBBBBBB-X"),
                                     makeSpectrum("c", 200.0, {70.0}, {1.0}, "CCCCCCCCCCCCCC-X"),
                                     makeSpectrum("DECOY_a", 200.0, {55.0}, {1.0}), makeSpectrum("DECOY_b", 200.0, {65.0}, {1.0}),
                                     makeSpectrum("DECOY_c", 200.0, {75.0}, {1.0})};
    const auto embeddings = torch::tensor({{1.0f, 0.0f, 0.0f}, {0.0f, 1.0f, 0.0f}, {0.0f, 0.0f, 1.0f},
                                           {0.9f, 0.1f, 0.0f}, {0.0f, 0.9f, 0.1f}, {0.1f, 0.0f, 0.9f}});
    return SpecEmbedding::EmbeddingLibrary::build(spectra, embeddings, "model", 3);
  }

  SearchedBlock block(std::vector<std::vector<float>> rows)
  {
    SearchedBlock made;
    std::vector<float> values;
    for (size_t i = 0; i < rows.size(); ++i)
    {
      made.spectra.push_back(makeSpectrum("q" + std::to_string(i), 200.0, {50.0}, {1.0}));
      made.input_index.push_back(i);
      values.insert(values.end(), rows[i].begin(), rows[i].end());
    }
    made.embeddings = torch::tensor(values).view({static_cast<int64_t>(rows.size()), 3});
    return made;
  }

  SpecEmbeddingSearchAlgorithm algorithm(int top_k, const std::string& q_values, double fdr = 1.0)
  {
    SpecEmbeddingSearchAlgorithm search;
    Param parameters = search.getParameters();
    parameters.setValue("top_k", top_k);
    parameters.setValue("q_values", q_values);
    parameters.setValue("fdr", fdr);
    // Ranking by embedding alone: the learned scorer has tests of its own (LearnedScoringTest).
    parameters.setValue("rescoring", "none");
    parameters.setValue("analog_hits", 0);
    search.setParameters(parameters);
    return search;
  }

  /// Every block of `blocks` in order, logging "read N" as each is handed on to the search.
  SpecEmbeddingSearchAlgorithm::QuerySource source(std::vector<SearchedBlock> blocks, std::vector<std::string>& events)
  {
    return [blocks, &events](const SpecEmbeddingSearchAlgorithm::BlockSink& next) mutable {
      for (size_t i = 0; i < blocks.size(); ++i)
      {
        events.push_back("read " + std::to_string(i));
        next(std::move(blocks[i]));
      }
    };
  }
}

TEST(SpecEmbeddingSearchAlgorithm, NoDecoyIsAHitAndEachQueryKeepsTopKTargets)
{
  const auto library = libraryWithDecoys();
  // The query lies nearest decoy a (0.9, 0.1, 0): its hits are the three targets, best first.
  std::vector<std::string> events;
  std::vector<SearchedBlock> searched;
  algorithm(2, "none").run(source({block({{0.85f, 0.2f, 0.05f}})}, events), library, {}, [&](SearchedBlock&& done) {
    searched.push_back(std::move(done));
  });
  ASSERT_EQ(searched.size(), 1u);
  const auto& hits = searched[0].hits.at(0);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].library_index, 0u);
  EXPECT_EQ(hits[1].library_index, 1u);
  EXPECT_EQ(hits[0].rank, 1);
  EXPECT_EQ(hits[1].rank, 2);
  for (const auto& hit : hits) EXPECT_TRUE(std::isnan(hit.q_value));
}

TEST(SpecEmbeddingSearchAlgorithm, WithoutQValuesEachBlockGoesOnAsSoonAsItIsSearched)
{
  const auto library = libraryWithDecoys();
  std::vector<std::string> events;
  algorithm(1, "none").run(source({block({{1.0f, 0.0f, 0.0f}}), block({{0.0f, 1.0f, 0.0f}})}, events), library, {},
                           [&](SearchedBlock&& done) { events.push_back("wrote " + done.spectra[0].id); });
  EXPECT_EQ(events, (std::vector<std::string>{"read 0", "wrote q0", "read 1", "wrote q0"}));
}

TEST(SpecEmbeddingSearchAlgorithm, TargetDecoyQValuesHoldTheBlocksUntilEveryQueryIsSearched)
{
  const auto library = libraryWithDecoys();
  // Query 0 matches target a exactly; query 1 lies nearer decoy b than target b (the decoy wins its
  // competition); query 2 matches target c. Accepting the best hits down to a score, the estimated FDR is
  // decoy wins / target wins: q0 and q2 (scores 1) are accepted with no decoy above them (q 0); q1's best
  // target scores below the decoy's win, which then counts: q 1/2.
  std::vector<std::string> events;
  std::vector<SearchedBlock> searched;
  const auto run = [&](double fdr) {
    events.clear();
    searched.clear();
    algorithm(1, "target_decoy", fdr)
      .run(source({block({{1.0f, 0.0f, 0.0f}, {0.0f, 0.8f, 0.3f}}), block({{0.0f, 0.0f, 1.0f}})}, events), library, {},
           [&](SearchedBlock&& done) {
             events.push_back("wrote");
             searched.push_back(std::move(done));
           });
  };
  run(1.0);
  EXPECT_EQ(events, (std::vector<std::string>{"read 0", "read 1", "wrote", "wrote"}));
  ASSERT_EQ(searched.size(), 2u);
  ASSERT_EQ(searched[0].hits[0].size(), 1u);
  EXPECT_EQ(searched[0].hits[0][0].library_index, 0u);
  EXPECT_DOUBLE_EQ(searched[0].hits[0][0].q_value, 0.0);
  ASSERT_EQ(searched[0].hits[1].size(), 1u);
  EXPECT_EQ(searched[0].hits[1][0].library_index, 1u); // a target: decoys are never hits
  EXPECT_DOUBLE_EQ(searched[0].hits[1][0].q_value, 0.5);
  EXPECT_DOUBLE_EQ(searched[1].hits[0][0].q_value, 0.0);
  // The queries' peaks are dropped while they wait.
  EXPECT_TRUE(searched[0].spectra[0].mz.empty());
  // -fdr keeps the hits within it.
  run(0.1);
  EXPECT_EQ(searched[0].hits[0].size(), 1u);
  EXPECT_TRUE(searched[0].hits[1].empty());
  EXPECT_EQ(searched[1].hits[0].size(), 1u);
}

TEST(SpecEmbeddingSearchAlgorithm, RefusesWhatTheModelOrLibraryCannotGive)
{
  const auto library = libraryWithDecoys();
  EXPECT_THROW(algorithm(1, "confidence").adaptToModel({}), SpecEmbedding::ParameterError);
  const auto without_decoys = SpecEmbedding::EmbeddingLibrary::build({makeSpectrum("a", 200.0, {50.0}, {1.0})}, torch::ones({1, 3}), "model");
  std::vector<std::string> events;
  EXPECT_THROW(algorithm(1, "target_decoy").run(source({}, events), without_decoys, {}, [](SearchedBlock&&) {}), SpecEmbedding::ParameterError);
  EXPECT_THROW(algorithm(1, "none", 0.05).validateParameters(), SpecEmbedding::ParameterError);
}

TEST(SpecEmbeddingSearchAlgorithm, LearnedByDefaultAndByEmbeddingForAModelWithoutAScorer)
{
  SpecEmbeddingSearchAlgorithm search;
  EXPECT_EQ(search.getParameters().getValue("rescoring").toString(), "learned");
  EXPECT_EQ(search.searchParameters().analog_hits, 1);
  search.adaptToModel(SpecEmbedding::ModelCalibration{});
  EXPECT_EQ(search.getParameters().getValue("rescoring").toString(), "none");
  // Without a precursor window, analog hits by peaks have no window to lie outside of.
  EXPECT_EQ(search.searchParameters().analog_hits, 0);
}

TEST(SpecEmbeddingSearchAlgorithm, LearnedSearchTakesItsQValuesFromTheConfidence)
{
  SpecEmbeddingSearchAlgorithm search;
  Param parameters = search.getParameters();
  parameters.setValue("q_values", "target_decoy");
  search.setParameters(parameters);
  EXPECT_THROW(search.validateParameters(), SpecEmbedding::ParameterError);
  parameters.setValue("rescoring", "none");
  search.setParameters(parameters);
  EXPECT_NO_THROW(search.validateParameters());
}
