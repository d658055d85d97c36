// The learned scorer's rows, for choosing its recipe in bench/scorer_recipe.py:
//   scorer_rows twin MODEL OUT FRACTION SEED LIBRARY...
//     the rows SpecEmbeddingTrainer fits the scorer on (scorerTwinRows): the held-out compounds of the model's
//     split of LIBRARY... (-validation_fraction FRACTION, -seed SEED), with their labels;
//   scorer_rows search MODEL OUT LIBRARY QUERIES PPM ANALOG_HITS
//     the rows of the candidates of a learned search of QUERIES against LIBRARY (PPM: precursor window, 0 for
//     none; ANALOG_HITS: with analog candidates), with each candidate's InChIKey and SMILES for labels.
// OUT: TSV, one row per candidate: search (the query's position), the labels or the candidate's annotation,
// kind, then the features (candidateFeatureNames()).
#include "core/calibration/CandidateScorer.h"
#include "core/io/ModelFile.h"
#include "core/search/CandidateFeatures.h"
#include "core/search/LibrarySearch.h"
#include "core/train/Calibration.h"
#include "core/train/CompoundSet.h"
#include "core/train/ScorerTraining.h"
#include "openms/SpectrumFiles.h"

#include <ATen/Parallel.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <set>

using namespace SpecEmbedding;

namespace
{
  std::vector<Spectrum> load(const std::vector<std::string>& files)
  {
    std::vector<Spectrum> spectra;
    for (const auto& file : files)
    {
      const auto loaded = OpenMS::loadCoreSpectra(file, InvalidSpectrumPolicy::Skip);
      spectra.insert(spectra.end(), loaded.begin(), loaded.end());
    }
    return spectra;
  }

  void header(std::ostream& out, const std::string& labels)
  {
    out << "search\t" << labels << "\tkind";
    for (const auto& name : candidateFeatureNames()) out << "\t" << name;
    out << "\n";
  }

  void features(std::ostream& out, const float* row)
  {
    for (size_t i = 0; i < candidateFeatureNames().size(); ++i) out << "\t" << row[i];
    out << "\n";
  }
}

int main(int argc, char** argv)
{
  torch::set_num_threads(std::max(1, std::atoi(std::getenv("THREADS") ? std::getenv("THREADS") : "2")));
  const std::string mode = argc > 1 ? argv[1] : "";
  if (!((mode == "twin" && argc >= 7) || (mode == "search" && argc == 8)))
  {
    std::cerr << "Usage: scorer_rows twin MODEL OUT FRACTION SEED LIBRARY...\n       scorer_rows search MODEL OUT LIBRARY QUERIES PPM ANALOG_HITS\n";
    return 1;
  }
  auto model = ModelFile::load(argv[2]);
  std::ofstream out(argv[3]);
  torch::InferenceMode inference;
  const size_t width = candidateFeatureNames().size();
  if (mode == "twin")
  {
    const auto spectra = load(std::vector<std::string>(argv + 6, argv + argc));
    const auto compounds = groupByCompound(spectra, model.encoder->config().tokenizer());
    const auto split = splitByCompound(compounds, std::atof(argv[4]), std::strtoull(argv[5], nullptr, 10));
    std::set<std::string> held_keys;
    for (const auto& compound : split.second.compounds) held_keys.insert(compound.key);
    std::vector<Spectrum> training, held_out;
    for (const auto& spectrum : spectra) (held_keys.count(spectrum.compoundKey()) ? held_out : training).push_back(spectrum);
    ScorerFit fit;
    const auto rows = scorerTwinRows(*model.encoder, training, held_out, std::strtoull(argv[5], nullptr, 10), fit);
    header(out, "identity\tsimilarity\tfold");
    for (size_t r = 0; r < rows.size(); ++r)
    {
      out << rows.search[r] << "\t" << rows.identity[r] << "\t" << rows.similarity[r] << "\t" << rows.fold[r] << "\t" << (rows.analog[r] ? "analog" : "identity");
      features(out, rows.features.data() + r * width);
    }
    std::cerr << fit.queries << " queries, " << fit.candidates << " candidates\n";
    return 0;
  }
  const auto library_spectra = load({argv[4]});
  const auto queries = load({argv[5]});
  const auto [usable_library, library_embeddings] = embedUsable(*model.encoder, library_spectra);
  const auto [usable_queries, query_embeddings] = embedUsable(*model.encoder, queries);
  const auto library = EmbeddingLibrary::build(usable_library, library_embeddings, "bench").withCompounds();
  SearchParameters parameters;
  parameters.learned = true;
  parameters.precursor_tolerance = std::atof(argv[6]);
  parameters.analog_hits = std::atoi(argv[7]);
  const auto hits = searchLibrary(query_embeddings, usable_queries, library, parameters);
  CandidateFeatures candidate_features(library);
  candidate_features.prepare(hits);
  const auto units = torch::nn::functional::normalize(query_embeddings, torch::nn::functional::NormalizeFuncOptions().p(2).dim(1));
  header(out, "query_id\tinchikey\tsmiles");
  for (size_t q = 0; q < hits.size(); ++q)
  {
    const auto rows = candidate_features.rows(usable_queries[q], units[q], hits[q]);
    for (size_t i = 0; i < hits[q].size(); ++i)
    {
      const auto entry = library.entry(hits[q][i].library_index);
      out << q << "\t" << usable_queries[q].id << "\t" << entry.inchikey << "\t" << entry.smiles << "\t" << toString(hits[q][i].kind);
      features(out, rows.data() + i * width);
    }
  }
  return 0;
}
