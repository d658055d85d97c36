#include "SpecEmbeddingSearchAlgorithm.h"

#include <OpenMS/DATASTRUCTURES/ListUtils.h>

namespace OpenMS
{
  SpecEmbeddingSearchAlgorithm::SpecEmbeddingSearchAlgorithm() : DefaultParamHandler("SpecEmbeddingSearchAlgorithm")
  {
    const SpecEmbedding::SearchParameters defaults;
    defaults_.setValue("top_k", defaults.top_k, "Hits reported per query.");
    defaults_.setMinInt("top_k", 1);
    defaults_.setValue("precursor_mass_tolerance", defaults.precursor_tolerance,
                       "Library spectra must have their precursor m/z within this tolerance of the query's. 0 turns the filter off (analog search).");
    defaults_.setMinFloat("precursor_mass_tolerance", 0.0);
    defaults_.setValue("precursor_mass_tolerance_unit", "ppm", "Unit of precursor_mass_tolerance.");
    defaults_.setValidStrings("precursor_mass_tolerance_unit", ListUtils::create<String>("ppm,Da"));
    defaults_.setValue("ion_mode_matching", "true", "Only match library spectra of the query's ion mode, where both state it.");
    defaults_.setValidStrings("ion_mode_matching", ListUtils::create<String>("true,false"));
    defaults_.setValue("min_score", defaults.min_score, "Hits scoring below this are not reported.");
    defaults_.setMinFloat("min_score", -1.0);
    defaults_.setMaxFloat("min_score", 1.0);
    defaults_.setValue("rescoring", defaults.rerank,
                       "Hybrid search: re-score the embedding's best candidates by spectral entropy (or cosine) of the peaks too, combine and re-rank.");
    defaults_.setValidStrings("rescoring", ListUtils::create<String>("none,entropy,unweighted_entropy,cosine"));
    defaults_.setValue("rescoring_candidates", defaults.rerank_candidates, "Candidates per query that hybrid search re-scores.", ListUtils::create<String>("advanced"));
    defaults_.setMinInt("rescoring_candidates", 1);
    defaults_.setValue("rescoring_weight", defaults.rerank_weight, "Weight of the spectral score in the combined hybrid score.", ListUtils::create<String>("advanced"));
    defaults_.setMinFloat("rescoring_weight", 0.0);
    defaults_.setMaxFloat("rescoring_weight", 1.0);
    defaults_.setValue("fragment_mass_tolerance", defaults.fragment_tolerance, "Fragment tolerance (Da) of the spectral score in hybrid search.", ListUtils::create<String>("advanced"));
    defaults_.setMinFloat("fragment_mass_tolerance", 0.0);
    defaults_.setValue("block_size", static_cast<int>(defaults.block_size), "Queries scored at once; memory holds this many rows of library scores.", ListUtils::create<String>("advanced"));
    defaults_.setMinInt("block_size", 1);
    defaultsToParam_();
  }

  SpecEmbedding::SearchParameters SpecEmbeddingSearchAlgorithm::searchParameters() const
  {
    SpecEmbedding::SearchParameters parameters;
    parameters.top_k = param_.getValue("top_k");
    parameters.precursor_tolerance = param_.getValue("precursor_mass_tolerance");
    parameters.tolerance_in_ppm = param_.getValue("precursor_mass_tolerance_unit") == "ppm";
    parameters.match_ion_mode = param_.getValue("ion_mode_matching").toBool();
    parameters.min_score = param_.getValue("min_score");
    parameters.rerank = param_.getValue("rescoring").toString();
    parameters.rerank_candidates = param_.getValue("rescoring_candidates");
    parameters.rerank_weight = param_.getValue("rescoring_weight");
    parameters.fragment_tolerance = param_.getValue("fragment_mass_tolerance");
    parameters.block_size = static_cast<int>(param_.getValue("block_size"));
    parameters.validate();
    return parameters;
  }

  std::vector<std::vector<SpecEmbedding::Hit>> SpecEmbeddingSearchAlgorithm::search(const torch::Tensor& query_raw_embeddings,
                                                                                    const std::vector<SpecEmbedding::Spectrum>& queries,
                                                                                    const SpecEmbedding::EmbeddingLibrary& library) const
  {
    startProgress(0, static_cast<SignedSize>(queries.size()), "searching the library");
    auto hits = SpecEmbedding::searchLibrary(query_raw_embeddings, queries, library, searchParameters(),
                                             [&](size_t done) { setProgress(static_cast<SignedSize>(done)); });
    endProgress();
    return hits;
  }
}
