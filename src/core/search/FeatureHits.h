#pragma once
// The best hits of an LC-MS feature: a feature often holds several MS2 spectra (repeated precursor selection,
// several runs of a consensus feature), and its annotation pools their library hits by compound.
#include "../Settings.h"
#include "EmbeddingLibrary.h"
#include "LibrarySearch.h"

#include <string>
#include <vector>

namespace SpecEmbedding
{
  /// Which query spectrum a feature hit came from.
  struct SpectrumReference
  {
    size_t run = 0;         ///< the run's map index (0 for a single run)
    size_t input_index = 0; ///< position among the run's MS2 spectra
    std::string id;         ///< native ID
    double precursor_mz = 0.0;
    double retention_time = -1.0;
  };

  /// A compound among a feature's hits.
  struct FeatureHit
  {
    Hit hit;                      ///< the compound's best-scoring hit over the feature's spectra (query_index is meaningless here)
    SpectrumReference spectrum;   ///< the spectrum of that hit
    size_t agreeing_spectra = 0;  ///< the feature's spectra whose best hit is this compound
  };

  /// How many compounds a feature reports: the user setting.
  struct FeatureHitsOptions
  {
    int64_t top_k = 1;

    static const SettingTable<FeatureHitsOptions>& settings();
  };

  /// Collects, per feature, the identity and unfiltered hits of its spectra (analog hits are left out: they
  /// name a related compound, not the feature's). Hits are pooled by compound: the first InChIKey block, or
  /// the library entry itself when it has no InChIKey. Memory is one entry per compound a spectrum of the
  /// feature hit, nothing per spectrum.
  class FeatureHits
  {
  public:
    explicit FeatureHits(size_t features);

    /// Adds one spectrum of `feature` with its hits, best first (as searchLibrary returns them).
    void add(size_t feature, const std::vector<Hit>& spectrum_hits, const EmbeddingLibrary& library, const SpectrumReference& spectrum);

    size_t features() const { return spectra_.size(); }
    /// The spectra added to `feature`, with or without hits.
    size_t spectra(size_t feature) const { return spectra_.at(feature); }

    /// The feature's best top_k compounds by their best score (ties: more agreeing spectra, then the lower
    /// library index), ranked from 1 in Hit::rank.
    std::vector<FeatureHit> best(size_t feature, size_t top_k) const;

  private:
    struct Candidate
    {
      std::string compound;
      FeatureHit best;
    };
    std::vector<size_t> spectra_;
    std::vector<std::vector<Candidate>> candidates_;
  };
}
