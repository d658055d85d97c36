#include "core/Errors.h"
#include "core/search/LibrarySearch.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <tuple>
#include <filesystem>
#include <numeric>
#include <unistd.h>

using namespace SpecEmbedding;

namespace
{
  Spectrum makeSpectrum(const std::string& id, double precursor_mz, const std::string& ion_mode,
                        std::vector<double> mz = {}, std::vector<double> intensity = {})
  {
    Spectrum spectrum;
    spectrum.id = id;
    spectrum.precursor_mz = precursor_mz;
    spectrum.ion_mode = ion_mode;
    spectrum.mz = std::move(mz);
    spectrum.intensity = std::move(intensity);
    return spectrum;
  }

  // Entry 4 points the same way as entry 0, so a query along x ties them.
  //   entry  embedding    precursor  ion mode
  //   0      (1,0,0,0)    100        positive
  //   1      (1,1,0,0)    200        negative
  //   2      (0,1,0,0)    100.0005   positive   (5 ppm from 100)
  //   3      (0,0,1,0)    300        unknown
  //   4      (2,0,0,0)    150        positive
  EmbeddingLibrary makeLibrary()
  {
    const std::vector<Spectrum> spectra = {makeSpectrum("ref0", 100.0, "positive"), makeSpectrum("ref1", 200.0, "negative"),
                                           makeSpectrum("ref2", 100.0005, "positive"), makeSpectrum("ref3", 300.0, ""),
                                           makeSpectrum("ref4", 150.0, "positive")};
    const auto embeddings = torch::tensor({1.0f, 0.0f, 0.0f, 0.0f, 1.0f, 1.0f, 0.0f, 0.0f, 0.0f, 1.0f, 0.0f, 0.0f,
                                           0.0f, 0.0f, 1.0f, 0.0f, 2.0f, 0.0f, 0.0f, 0.0f}).reshape({5, 4});
    return EmbeddingLibrary::build(spectra, embeddings, "model");
  }

  SearchParameters unfiltered(int top_k)
  {
    SearchParameters parameters;
    parameters.top_k = top_k;
    parameters.match_ion_mode = false;
    return parameters;
  }

  std::vector<size_t> libraryIndices(const std::vector<Hit>& hits)
  {
    std::vector<size_t> indices;
    for (const auto& hit : hits) indices.push_back(hit.library_index);
    return indices;
  }

  // Three queries: along x (ties entries 0 and 4), along y, and a mix.
  std::vector<Spectrum> makeQueries()
  {
    return {makeSpectrum("q0", 100.0, "positive"), makeSpectrum("q1", 200.0, "negative"), makeSpectrum("q2", 300.0, "")};
  }
  torch::Tensor queryEmbeddings() { return torch::tensor({2.0f, 0.0f, 0.0f, 0.0f, 0.0f, 3.0f, 0.0f, 0.0f, 1.0f, 2.0f, 2.0f, 0.0f}).reshape({3, 4}); }

  void expectSameHits(const std::vector<std::vector<Hit>>& a, const std::vector<std::vector<Hit>>& b)
  {
    ASSERT_EQ(a.size(), b.size());
    for (size_t q = 0; q < a.size(); ++q)
    {
      ASSERT_EQ(a[q].size(), b[q].size()) << "query " << q;
      for (size_t i = 0; i < a[q].size(); ++i)
      {
        EXPECT_EQ(a[q][i].query_index, b[q][i].query_index);
        EXPECT_EQ(a[q][i].library_index, b[q][i].library_index);
        EXPECT_EQ(a[q][i].rank, b[q][i].rank);
        EXPECT_EQ(a[q][i].score, b[q][i].score);
        EXPECT_EQ(a[q][i].embedding_score, b[q][i].embedding_score);
      }
    }
  }
}

TEST(LibrarySearch, TopKOrderAndScoresWithTiesByLibraryIndex)
{
  const auto hits = searchLibrary(queryEmbeddings(), makeQueries(), makeLibrary(), unfiltered(3));
  ASSERT_EQ(hits.size(), 3u);
  EXPECT_EQ(libraryIndices(hits[0]), (std::vector<size_t>{0, 4, 1}));
  EXPECT_FLOAT_EQ(hits[0][0].score, 1.0);
  EXPECT_FLOAT_EQ(hits[0][1].score, 1.0);
  EXPECT_NEAR(hits[0][2].score, 1.0 / std::sqrt(2.0), 1e-6);
  for (int i = 0; i < 3; ++i)
  {
    EXPECT_EQ(hits[0][i].rank, i + 1);
    EXPECT_EQ(hits[0][i].query_index, 0u);
    EXPECT_EQ(hits[0][i].score, hits[0][i].embedding_score);
    EXPECT_TRUE(std::isnan(hits[0][i].spectral_score));
  }
  EXPECT_EQ(libraryIndices(hits[1]), (std::vector<size_t>{2, 1, 0}));
  EXPECT_FLOAT_EQ(hits[1][0].score, 1.0);
  // q2 = (1,2,2,0)/3: entry 1 scores 3/(3 sqrt 2), entries 2 and 3 score 2/3 each.
  EXPECT_EQ(libraryIndices(hits[2]), (std::vector<size_t>{1, 2, 3}));
  EXPECT_NEAR(hits[2][1].score, 2.0 / 3.0, 1e-6);
}

TEST(LibrarySearch, TiesAtTheCutOffKeepTheLowestLibraryIndices)
{
  // torch::topk alone picks arbitrary members of a tie (e.g. index 2 of 5 equal scores).
  const std::vector<Spectrum> references(8, makeSpectrum("ref", 100.0, ""));
  const auto library = EmbeddingLibrary::build(references, torch::ones({8, 2}), "model");
  for (const int top_k : {1, 2, 3})
  {
    const auto hits = searchLibrary(torch::ones({1, 2}), {makeSpectrum("q", 100.0, "")}, library, unfiltered(top_k));
    std::vector<size_t> lowest(top_k);
    std::iota(lowest.begin(), lowest.end(), 0);
    EXPECT_EQ(libraryIndices(hits[0]), lowest) << "top_k " << top_k;
  }
}

TEST(LibrarySearch, PrecursorFilterInPpmAndDaVersusAnalogSearch)
{
  const auto library = makeLibrary();
  const std::vector<Spectrum> query = {makeQueries()[0]};
  const auto embedding = queryEmbeddings().slice(0, 0, 1);

  auto parameters = unfiltered(5);
  EXPECT_EQ(libraryIndices(searchLibrary(embedding, query, library, parameters)[0]), (std::vector<size_t>{0, 4, 1, 2, 3}));

  parameters.precursor_tolerance = 10.0; // ppm of 100: 0.001 Da
  EXPECT_EQ(libraryIndices(searchLibrary(embedding, query, library, parameters)[0]), (std::vector<size_t>{0, 2}));

  parameters.precursor_tolerance = 1.0; // 1 ppm excludes entry 2 at 5 ppm
  EXPECT_EQ(libraryIndices(searchLibrary(embedding, query, library, parameters)[0]), (std::vector<size_t>{0}));

  parameters.tolerance_in_ppm = false;
  parameters.precursor_tolerance = 60.0; // Da: 40..160 takes in entry 4 at 150
  EXPECT_EQ(libraryIndices(searchLibrary(embedding, query, library, parameters)[0]), (std::vector<size_t>{0, 4, 2}));
}

TEST(LibrarySearch, AnalogHitsLieOutsideThePrecursorWindowAndWithinTheAnalogWindow)
{
  const auto library = makeLibrary();
  const std::vector<Spectrum> query = {makeQueries()[0]};
  const auto embedding = queryEmbeddings().slice(0, 0, 1);
  auto parameters = unfiltered(5);
  parameters.precursor_tolerance = 10.0; // ppm: entries 0 and 2 are identity candidates
  parameters.analog_hits = 2;
  parameters.analogs_by_embedding = true;
  const auto hits = searchLibrary(embedding, query, library, parameters)[0];
  // Identity hits 0, 2; analogs 4 (150, cosine 1) and 1 (200, 100 Da away, cosine 0.71); 3 is 200 Da away.
  ASSERT_EQ(libraryIndices(hits), (std::vector<size_t>{0, 2, 4, 1}));
  EXPECT_EQ(hits[0].kind, HitKind::Identity);
  EXPECT_EQ(hits[2].kind, HitKind::Analog);
  EXPECT_EQ(hits[2].rank, 1);
  EXPECT_EQ(hits[3].rank, 2);
  EXPECT_DOUBLE_EQ(hits[2].mass_difference, 50.0);
  EXPECT_DOUBLE_EQ(hits[3].mass_difference, 100.0);
  EXPECT_NEAR(hits[1].mass_difference, 0.0005, 1e-9);
  EXPECT_TRUE(std::isnan(hits[2].spectral_score));

  parameters.analog_mass_window = 60.0;
  EXPECT_EQ(libraryIndices(searchLibrary(embedding, query, library, parameters)[0]), (std::vector<size_t>{0, 2, 4}));
  parameters.analog_mass_window = 100.0;
  parameters.match_ion_mode = true; // entry 1 is negative, the query positive
  EXPECT_EQ(libraryIndices(searchLibrary(embedding, query, library, parameters)[0]), (std::vector<size_t>{0, 2, 4}));

  parameters.precursor_tolerance = 0.0; // analogs are defined by a precursor window
  EXPECT_THROW(searchLibrary(embedding, query, library, parameters), ParameterError);
  parameters.analog_hits = 0;
  EXPECT_EQ(searchLibrary(embedding, query, library, parameters)[0][0].kind, HitKind::Unfiltered);
}

// By default the analog hits are ranked by the modified cosine of their peaks, over every library spectrum in
// the analog window but decoys and spectra of another ion mode; they keep their embedding cosine.
TEST(LibrarySearch, AnalogHitsByModifiedCosine)
{
  //   entry  precursor  peaks                    embedding  to the query (precursor 300, peaks 100 and 250)
  //   0      300.001    100, 250                 (1, 0)     identity: within 10 ppm
  //   1      314        100, 264                 (0, 1)     modified cosine 1 (264 - 14 = 250)
  //   2      350        100, 500                 (1, 0)     modified cosine 0.5 (100 only)
  //   3      420        100, 250                 (1, 0)     outside the 100 Da analog window
  //   4      280        100, 230 (negative)      (1, 0)     another ion mode
  //   5      290        100, 240 (decoy)         (1, 0)     a decoy
  const auto peaks = [](double precursor, double second, const std::string& mode) {
    return makeSpectrum("ref" + std::to_string(precursor), precursor, mode, {100.0, second}, {1.0, 1.0});
  };
  const std::vector<Spectrum> spectra = {peaks(300.001, 250.0, "positive"), peaks(314.0, 264.0, "positive"), peaks(350.0, 500.0, "positive"),
                                         peaks(420.0, 250.0, "positive"), peaks(280.0, 230.0, "negative"), peaks(290.0, 240.0, "positive")};
  const auto library = EmbeddingLibrary::build(
    spectra, torch::tensor({1.0f, 0.0f, 0.0f, 1.0f, 1.0f, 0.0f, 1.0f, 0.0f, 1.0f, 0.0f, 1.0f, 0.0f}).reshape({6, 2}), "model", 1);
  const std::vector<Spectrum> query = {makeSpectrum("q", 300.0, "positive", {100.0, 250.0}, {1.0, 1.0})};
  SearchParameters parameters;
  parameters.top_k = 5;
  parameters.precursor_tolerance = 10.0;
  parameters.analog_hits = 5;
  const auto hits = searchLibrary(torch::tensor({1.0f, 0.0f}).reshape({1, 2}), query, library, parameters)[0];
  ASSERT_EQ(libraryIndices(hits), (std::vector<size_t>{0, 1, 2}));
  EXPECT_EQ(hits[0].kind, HitKind::Identity);
  EXPECT_EQ(hits[1].kind, HitKind::Analog);
  EXPECT_EQ(hits[1].rank, 1);
  EXPECT_NEAR(hits[1].score, 1.0, 1e-9);
  EXPECT_NEAR(hits[1].spectral_score, 1.0, 1e-9);
  EXPECT_NEAR(hits[1].embedding_score, 0.0, 1e-6);
  EXPECT_DOUBLE_EQ(hits[1].mass_difference, 14.0);
  EXPECT_EQ(hits[2].rank, 2);
  EXPECT_NEAR(hits[2].score, 0.5, 1e-9);
  EXPECT_NEAR(hits[2].embedding_score, 1.0, 1e-6);

  // Block by block, the prepared library peaks are reused: the same hits.
  const std::vector<Spectrum> queries = {query[0], makeSpectrum("no precursor", 0.0, "positive", {100.0, 250.0}, {1.0, 1.0}), query[0]};
  const auto embeddings = torch::tensor({1.0f, 0.0f, 1.0f, 0.0f, 1.0f, 0.0f}).reshape({3, 2});
  parameters.block_size = 1;
  const auto blocks = searchLibrary(embeddings, queries, library, parameters);
  EXPECT_EQ(libraryIndices(blocks[0]), (std::vector<size_t>{0, 1, 2}));
  EXPECT_TRUE(blocks[1].empty()); // without a precursor m/z, neither identity nor analog hits
  EXPECT_EQ(libraryIndices(blocks[2]), (std::vector<size_t>{0, 1, 2}));
  parameters.min_score = 0.6; // the modified cosine of analog hits, here 1 and 0.5; the identity hit's cosine is 1
  EXPECT_EQ(libraryIndices(searchLibrary(embeddings, queries, library, parameters)[0]), (std::vector<size_t>{0, 1}));

  parameters.min_score = -1.0;
  parameters.analogs_by_embedding = true; // the embedding prefers entry 2; entry 5 is a decoy
  const auto by_embedding = searchLibrary(torch::tensor({1.0f, 0.0f}).reshape({1, 2}), query, library, parameters)[0];
  EXPECT_EQ(libraryIndices(by_embedding), (std::vector<size_t>{0, 2, 1}));
}

// A spectrum that shares no fragment with the query, directly or across the shift, is no analog hit.
TEST(LibrarySearch, AnalogHitsByModifiedCosineShareAFragment)
{
  const std::vector<Spectrum> spectra = {makeSpectrum("disjoint", 320.0, "positive", {110.0, 260.0}, {1.0, 1.0})};
  const auto library = EmbeddingLibrary::build(spectra, torch::tensor({1.0f, 0.0f}).reshape({1, 2}), "model");
  SearchParameters parameters;
  parameters.precursor_tolerance = 10.0;
  parameters.analog_hits = 1;
  const std::vector<Spectrum> query = {makeSpectrum("q", 300.0, "positive", {100.0, 250.0}, {1.0, 1.0})};
  EXPECT_TRUE(searchLibrary(torch::tensor({1.0f, 0.0f}).reshape({1, 2}), query, library, parameters)[0].empty());
  parameters.fragment_tolerance = 0.0;
  EXPECT_THROW(parameters.validate(), ParameterError);
}

TEST(LibrarySearch, PrecursorFilterExcludesEntriesWithoutPrecursor)
{
  auto spectra = std::vector<Spectrum>{makeSpectrum("a", 0.0, ""), makeSpectrum("b", 100.0, "")};
  const auto library = EmbeddingLibrary::build(spectra, torch::ones({2, 2}), "model");
  auto parameters = unfiltered(5);
  parameters.precursor_tolerance = 20.0;
  const auto hits = searchLibrary(torch::ones({1, 2}), {makeSpectrum("q", 100.0, "")}, library, parameters);
  EXPECT_EQ(libraryIndices(hits[0]), (std::vector<size_t>{1}));
}

TEST(LibrarySearch, IonModeFilterOnlyWhenBothSidesStateIt)
{
  const auto library = makeLibrary();
  auto parameters = unfiltered(5);
  parameters.match_ion_mode = true;
  // Positive query: negative entry 1 goes, entry 3 without ion mode stays.
  auto hits = searchLibrary(queryEmbeddings().slice(0, 0, 1), {makeQueries()[0]}, library, parameters);
  EXPECT_EQ(libraryIndices(hits[0]), (std::vector<size_t>{0, 4, 2, 3}));
  // Negative query: only entry 1 and the unknown entry 3 remain.
  hits = searchLibrary(queryEmbeddings().slice(0, 1, 2), {makeQueries()[1]}, library, parameters);
  EXPECT_EQ(libraryIndices(hits[0]), (std::vector<size_t>{1, 3}));
  // Query without ion mode: nothing filtered.
  hits = searchLibrary(queryEmbeddings().slice(0, 2, 3), {makeQueries()[2]}, library, parameters);
  EXPECT_EQ(hits[0].size(), 5u);
}

TEST(LibrarySearch, MinScoreDropsWeakHits)
{
  auto parameters = unfiltered(5);
  parameters.min_score = 0.5;
  const auto hits = searchLibrary(queryEmbeddings().slice(0, 0, 1), {makeQueries()[0]}, makeLibrary(), parameters);
  EXPECT_EQ(libraryIndices(hits[0]), (std::vector<size_t>{0, 4, 1}));
}

TEST(LibrarySearch, BlockSizeDoesNotChangeResults)
{
  const auto library = makeLibrary();
  auto parameters = unfiltered(4);
  parameters.precursor_tolerance = 150.0;
  parameters.tolerance_in_ppm = false;
  const auto whole = searchLibrary(queryEmbeddings(), makeQueries(), library, parameters);
  for (const int64_t block_size : {1, 2, 3})
  {
    parameters.block_size = block_size;
    std::vector<size_t> progress;
    const auto blocked = searchLibrary(queryEmbeddings(), makeQueries(), library, parameters, [&](size_t done) { progress.push_back(done); });
    expectSameHits(whole, blocked);
    EXPECT_EQ(progress.size(), static_cast<size_t>((3 + block_size - 1) / block_size));
    EXPECT_EQ(progress.back(), 3u);
  }
}

TEST(LibrarySearch, SavedAndLoadedLibraryGivesIdenticalHits)
{
  const auto library = makeLibrary();
  const auto path = (std::filesystem::temp_directory_path() / ("specembedding_" + std::to_string(getpid()) + "_search.selib")).string();
  library.save(path);
  const auto loaded = EmbeddingLibrary::load(path);
  std::filesystem::remove(path);
  SearchParameters parameters;
  parameters.top_k = 5;
  expectSameHits(searchLibrary(queryEmbeddings(), makeQueries(), library, parameters),
                 searchLibrary(queryEmbeddings(), makeQueries(), loaded, parameters));
}

TEST(LibrarySearch, HybridRerankingPromotesTheSpectralMatch)
{
  // By embedding entry 0 wins (0.98 vs 0.89), but only entry 1 shares the query's peaks.
  const std::vector<Spectrum> references = {makeSpectrum("ref0", 200.0, "", {300.0, 310.0}, {1.0, 1.0}),
                                            makeSpectrum("ref1", 200.0, "", {100.0, 150.0}, {1.0, 1.0})};
  const auto library = EmbeddingLibrary::build(references, torch::tensor({1.0f, 0.2f, 1.0f, 0.5f}).reshape({2, 2}), "model");
  const std::vector<Spectrum> query = {makeSpectrum("q", 200.0, "", {100.0, 150.0}, {1.0, 1.0})};
  const auto embedding = torch::tensor({1.0f, 0.0f}).reshape({1, 2});

  auto parameters = unfiltered(2);
  EXPECT_EQ(libraryIndices(searchLibrary(embedding, query, library, parameters)[0]), (std::vector<size_t>{0, 1}));

  for (const auto method : {SpectralScorer::Method::Entropy, SpectralScorer::Method::Cosine})
  {
    parameters.rescoring = method;
    parameters.rescoring_weight = 0.5;
    const auto hits = searchLibrary(embedding, query, library, parameters)[0];
    ASSERT_EQ(libraryIndices(hits), (std::vector<size_t>{1, 0})) << toString(method);
    EXPECT_NEAR(hits[0].spectral_score, 1.0, 1e-9);
    EXPECT_NEAR(hits[0].embedding_score, 1.0 / std::sqrt(1.25), 1e-6);
    EXPECT_NEAR(hits[0].score, 0.5 * hits[0].embedding_score + 0.5, 1e-9);
    EXPECT_EQ(hits[1].spectral_score, 0.0);
    EXPECT_EQ(hits[0].rank, 1);
  }

  // Re-scoring only the best candidate by embedding cannot bring entry 1 in.
  parameters.top_k = 1;
  parameters.rescoring_candidates = 1;
  EXPECT_EQ(libraryIndices(searchLibrary(embedding, query, library, parameters)[0]), (std::vector<size_t>{0}));
}

TEST(LibrarySearch, InvalidParametersAndInputsAreRefused)
{
  const auto library = makeLibrary();
  const auto queries = makeQueries();
  const auto embeddings = queryEmbeddings();
  const auto refused = [&](auto change) {
    SearchParameters parameters;
    change(parameters);
    EXPECT_THROW(searchLibrary(embeddings, queries, library, parameters), ParameterError);
  };
  refused([](SearchParameters& p) { p.top_k = 0; });
  refused([](SearchParameters& p) { p.precursor_tolerance = -1.0; });
  refused([](SearchParameters& p) { p.block_size = 0; });
  refused([](SearchParameters& p) { p.min_score = std::nan(""); });
  EXPECT_THROW(fromWord<SpectralScorer::Method>("dot"), ParameterError);
  refused([](SearchParameters& p) { p.rescoring = SpectralScorer::Method::Entropy; p.rescoring_candidates = 5; p.top_k = 10; });
  refused([](SearchParameters& p) { p.rescoring = SpectralScorer::Method::Cosine; p.rescoring_weight = 1.5; });
  refused([](SearchParameters& p) { p.rescoring = SpectralScorer::Method::Entropy; p.fragment_tolerance = 0.0; });

  EXPECT_THROW(searchLibrary(torch::ones({3, 5}), queries, library, SearchParameters()), ModelError);
  EXPECT_THROW(searchLibrary(torch::full({3, 4}, NAN), queries, library, SearchParameters()), InputError);
}

namespace
{
  /// 300 random library entries with precursors 100-400 (every 7th without one), and 40 random queries.
  std::pair<EmbeddingLibrary, std::vector<Spectrum>> randomSearchCase(torch::ScalarType precision = torch::kFloat32)
  {
    torch::manual_seed(7);
    std::vector<Spectrum> library_spectra, queries;
    for (int i = 0; i < 300; ++i)
    {
      library_spectra.push_back(makeSpectrum("ref" + std::to_string(i), i % 7 == 0 ? 0.0 : 100.0 + i, i % 3 == 0 ? "negative" : "positive"));
    }
    for (int i = 0; i < 40; ++i) queries.push_back(makeSpectrum("q" + std::to_string(i), 100.0 + 7.3 * i, "positive"));
    auto library = EmbeddingLibrary::build(library_spectra, torch::randn({300, 16}), "model", 0, precision);
    return {std::move(library), std::move(queries)};
  }

  void expectCloseHits(const std::vector<std::vector<Hit>>& actual, const std::vector<std::vector<Hit>>& expected)
  {
    ASSERT_EQ(actual.size(), expected.size());
    for (size_t q = 0; q < actual.size(); ++q)
    {
      ASSERT_EQ(libraryIndices(actual[q]), libraryIndices(expected[q])) << "query " << q;
      for (size_t h = 0; h < actual[q].size(); ++h) EXPECT_NEAR(actual[q][h].score, expected[q][h].score, 1e-6);
    }
  }
}

TEST(LibrarySearch, LibraryChunksDoNotChangeResults)
{
  const auto [library, queries] = randomSearchCase();
  const auto embeddings = torch::randn({40, 16});
  auto parameters = unfiltered(10);
  const auto whole = searchLibrary(embeddings, queries, library, parameters);
  parameters.scores_per_chunk = 40 * 7; // 7 library entries per chunk
  expectCloseHits(searchLibrary(embeddings, queries, library, parameters), whole);
  parameters.analog_hits = 3;
  parameters.analogs_by_embedding = true; // analogs by modified cosine score no chunk
  parameters.precursor_tolerance = 2.0;
  parameters.tolerance_in_ppm = false;
  const auto chunked = searchLibrary(embeddings, queries, library, parameters);
  parameters.scores_per_chunk = int64_t(1) << 24;
  expectCloseHits(chunked, searchLibrary(embeddings, queries, library, parameters));
}

// The precursor index scores only the entries in the window; the hits are those of scoring every entry and
// filtering afterwards.
TEST(LibrarySearch, PrecursorIndexedSearchEqualsFilteringEveryScore)
{
  const auto [library, queries] = randomSearchCase();
  const auto embeddings = torch::randn({40, 16});
  auto parameters = unfiltered(5);
  parameters.top_k = 300;
  parameters.match_ion_mode = true;
  const auto all = searchLibrary(embeddings, queries, library, parameters);
  parameters.top_k = 5;
  parameters.precursor_tolerance = 12.0;
  parameters.tolerance_in_ppm = false;
  const auto indexed = searchLibrary(embeddings, queries, library, parameters);
  size_t hits = 0;
  for (size_t q = 0; q < queries.size(); ++q)
  {
    std::vector<size_t> expected;
    for (const auto& hit : all[q])
    {
      const double mz = library.precursorMz(hit.library_index);
      if (mz > 0.0 && std::abs(mz - queries[q].precursor_mz) <= 12.0 && expected.size() < 5) expected.push_back(hit.library_index);
    }
    EXPECT_EQ(libraryIndices(indexed[q]), expected) << "query " << q;
    hits += expected.size();
    for (const auto& hit : indexed[q]) EXPECT_EQ(hit.kind, HitKind::Identity);
  }
  EXPECT_GT(hits, 40u);
}

TEST(LibrarySearch, Float16LibraryGivesTheFloat32Hits)
{
  const auto [library32, queries] = randomSearchCase(torch::kFloat32);
  const auto [library16, unused] = randomSearchCase(torch::kFloat16);
  EXPECT_EQ(library16.precision(), torch::kFloat16);
  const auto embeddings = torch::randn({40, 16});
  const auto parameters = unfiltered(3);
  const auto hits32 = searchLibrary(embeddings, queries, library32, parameters);
  const auto hits16 = searchLibrary(embeddings, queries, library16, parameters);
  size_t same_best = 0;
  for (size_t q = 0; q < queries.size(); ++q)
  {
    same_best += hits16[q][0].library_index == hits32[q][0].library_index;
    for (size_t h = 0; h < 3; ++h) EXPECT_NEAR(hits16[q][h].score, hits32[q][h].score, 2e-3);
  }
  EXPECT_GE(same_best, 38u);
}

#ifdef SPECEMBEDDING_WITH_FAISS
namespace
{
  /// 400 entries in 20 tight clusters (every 10th a decoy-free target), and 40 queries near random entries.
  std::tuple<EmbeddingLibrary, std::vector<Spectrum>, torch::Tensor> clusteredSearchCase(size_t decoys)
  {
    torch::manual_seed(11);
    const auto centres = torch::randn({20, 16});
    const auto members = torch::randint(0, 20, {400});
    const auto embeddings = centres.index_select(0, members) + 0.2 * torch::randn({400, 16});
    std::vector<Spectrum> spectra, queries;
    for (int i = 0; i < 400; ++i) spectra.push_back(makeSpectrum("ref" + std::to_string(i), 100.0 + i, "positive"));
    for (int i = 0; i < 40; ++i) queries.push_back(makeSpectrum("q" + std::to_string(i), 100.0 + 10 * i, "positive"));
    const auto query_embeddings = embeddings.slice(0, 0, 400, 10) + 0.1 * torch::randn({40, 16});
    return {EmbeddingLibrary::build(spectra, embeddings, "model", decoys), queries, query_embeddings};
  }

  std::vector<std::string> hitIds(const std::vector<Hit>& hits, const EmbeddingLibrary& library)
  {
    std::vector<std::string> ids;
    for (const auto& hit : hits) ids.push_back(library.entry(hit.library_index).id);
    return ids;
  }
}

TEST(LibrarySearch, ApproximateIndexIsDeterministicKeepsDecoysLastAndSurvivesSaving)
{
  const auto [library, queries, embeddings] = clusteredSearchCase(50);
  const auto indexed = library.withApproximateIndex(8);
  const auto again = library.withApproximateIndex(8);
  EXPECT_EQ(indexed.approximateIndex().lists(), 8);
  EXPECT_TRUE(torch::equal(indexed.approximateIndex().centroids(), again.approximateIndex().centroids()));
  for (size_t i = 0; i < indexed.size(); ++i)
  {
    ASSERT_EQ(indexed.entry(i).id, again.entry(i).id);
    EXPECT_EQ(indexed.isDecoy(i), std::stoi(indexed.entry(i).id.substr(3)) >= 350) << "decoys stay the last entries";
  }
  const auto path = (std::filesystem::temp_directory_path() / ("specembedding_" + std::to_string(getpid()) + "_ann.selib")).string();
  indexed.save(path);
  const auto loaded = EmbeddingLibrary::load(path, LibraryCheck::Checksum);
  std::filesystem::remove(path);
  EXPECT_TRUE(torch::equal(loaded.approximateIndex().targetOffsets(), indexed.approximateIndex().targetOffsets()));
}

TEST(LibrarySearch, ApproximateSearchProbingEveryListIsExactAndFewListsFindTheNeighbours)
{
  const auto [library, queries, embeddings] = clusteredSearchCase(0);
  const auto indexed = library.withApproximateIndex(16);
  auto parameters = unfiltered(10);
  const auto exact = searchLibrary(embeddings, queries, library, parameters);
  parameters.approximate = true;
  parameters.ann_probes = 16;
  const auto everything = searchLibrary(embeddings, queries, indexed, parameters);
  parameters.ann_probes = 3;
  const auto approximate = searchLibrary(embeddings, queries, indexed, parameters);
  size_t found = 0;
  for (size_t q = 0; q < queries.size(); ++q)
  {
    EXPECT_EQ(hitIds(everything[q], indexed), hitIds(exact[q], library)) << "query " << q;
    const auto wanted = hitIds(exact[q], library), got = hitIds(approximate[q], indexed);
    for (const auto& id : got) found += std::find(wanted.begin(), wanted.end(), id) != wanted.end();
  }
  EXPECT_GE(found, 380u) << "recall@10 of 3 of 16 lists on clustered embeddings";
  parameters.ann_probes = 3;
  EXPECT_THROW(searchLibrary(embeddings, queries, library, parameters), ParameterError) << "a library without index";
}
#endif
