// The classical anchors of the analog benchmark, scored with the project's own SpectralSimilarity:
//   spectral_search METHOD QUERIES LIBRARY [WINDOW]
//     for each query, its best library spectrum by METHOD (entropy | cosine | modified_cosine), among all library spectra or,
//     with WINDOW > 0, among those whose precursor m/z lies within WINDOW of the query's: Da, or ppm of the
//     query's precursor m/z when it ends in "ppm" ("20ppm"). Prints
//     "query_index<TAB>library_index<TAB>score" per query, indices 0-based in file order (-1: no candidate).
//   spectral_search METHOD QUERIES LIBRARY --matrix
//     the METHOD scores of every query with every library spectrum, one row per query.
#include "core/search/SpectralSimilarity.h"
#include "openms/SpectrumFiles.h"

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace SpecEmbedding;

namespace
{
  std::vector<PeakList> prepared(const SpectralScorer& scorer, const std::vector<Spectrum>& spectra)
  {
    std::vector<PeakList> result(spectra.size());
    at::parallel_for(0, static_cast<int64_t>(spectra.size()), 64, [&](int64_t begin, int64_t end) {
      for (int64_t i = begin; i < end; ++i) result[i] = scorer.prepare(peakListOf(spectra[i]));
    });
    return result;
  }
}

int main(int argc, char** argv)
{
  if (argc < 4 || argc > 5)
  {
    std::fprintf(stderr, "Usage: spectral_search METHOD QUERIES LIBRARY [WINDOW_DA | WINDOWppm]\n"
                         "       spectral_search METHOD QUERIES LIBRARY --matrix\n"
                         "METHOD: entropy, unweighted_entropy, cosine or modified_cosine; THREADS and FRAGMENT_TOLERANCE (Da, 0.02)\n"
                         "from the environment.\n");
    return 1;
  }
  torch::set_num_threads(std::max(1, std::atoi(std::getenv("THREADS") ? std::getenv("THREADS") : "2")));
  const SpectralScorer scorer(fromWord<SpectralScorer::Method>(argv[1]),
                              std::getenv("FRAGMENT_TOLERANCE") ? std::atof(std::getenv("FRAGMENT_TOLERANCE")) : 0.02);
  const auto queries = OpenMS::loadCoreSpectra(argv[2]);
  const auto query_peaks = prepared(scorer, queries);
  const auto library = OpenMS::loadCoreSpectra(argv[3]);
  const auto library_peaks = prepared(scorer, library);
  if (argc == 5 && std::string(argv[4]) == "--matrix")
  {
    const auto columns = library.size();
    std::vector<double> scores(queries.size() * columns);
    at::parallel_for(0, static_cast<int64_t>(queries.size()), 1, [&](int64_t begin, int64_t end) {
      for (int64_t q = begin; q < end; ++q)
        for (size_t j = 0; j < columns; ++j) scores[q * columns + j] = scorer.score(query_peaks[q], library_peaks[j]);
    });
    for (size_t q = 0; q < queries.size(); ++q)
    {
      for (size_t j = 0; j < columns; ++j) std::printf(j ? "\t%.6f" : "%.6f", scores[q * columns + j]);
      std::printf("\n");
    }
    return 0;
  }
  const std::string window_text = argc == 5 ? argv[4] : "0";
  const bool ppm = window_text.size() > 3 && window_text.compare(window_text.size() - 3, 3, "ppm") == 0;
  const double window_value = std::atof(window_text.c_str());
  std::vector<std::pair<int64_t, double>> best(queries.size(), {-1, -1.0});
  at::parallel_for(0, static_cast<int64_t>(queries.size()), 1, [&](int64_t begin, int64_t end) {
    for (int64_t q = begin; q < end; ++q)
    {
      for (size_t j = 0; j < library.size(); ++j)
      {
        const double window = ppm ? window_value * 1e-6 * queries[q].precursor_mz : window_value;
        if (window > 0.0 && !(std::abs(library[j].precursor_mz - queries[q].precursor_mz) <= window)) continue;
        const double score = scorer.score(query_peaks[q], library_peaks[j]);
        if (score > best[q].second) best[q] = {static_cast<int64_t>(j), score};
      }
    }
  });
  for (size_t q = 0; q < queries.size(); ++q) std::printf("%zu\t%lld\t%.6f\n", q, static_cast<long long>(best[q].first), best[q].second);
  return 0;
}
