#pragma once
// The reference library: unit-length embeddings of reference spectra with their annotations and peaks,
// tied to the model that embedded them by that model's weights checksum.
#include "../Spectrum.h"
#include "ApproximateIndex.h"
#include "FragmentIndex.h"
#include "LibraryCompounds.h"
#include "SpectralSimilarity.h"

#include <torch/torch.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace SpecEmbedding
{
  /// What a library keeps of each reference spectrum besides its embedding and peaks.
  using LibraryEntry = SpectrumAnnotation;

  /// How much of a library file load() checks: its structure (sizes and offsets; reads only the file's
  /// directory and pickle), or also the content checksum (reads every byte).
  enum class LibraryCheck
  {
    Structure,
    Checksum
  };

  class EmbeddingLibrary
  {
  public:
    static constexpr const char* kFormat = "SpecEmbedding library";
    /// 4: with the library's compounds (LibraryCompounds); 3: column-wise entries and float16 embeddings, for
    /// memory mapping. Versions 1 to 3 are still read.
    static constexpr int kFormatVersion = 4;

    /// Row i of raw_embeddings [spectra.size(), dim] embeds spectra[i]; rows are L2-normalised here and
    /// kept in `precision` (float32, or float16 at half the size). Keeps every peak with positive
    /// intensity (float32) for hybrid re-scoring. model_sha256: ModelFile::weightsChecksum of the
    /// embedding model. The last `decoys` spectra are decoys (DecoySpectra), searched with the targets
    /// for target-decoy FDR estimation.
    static EmbeddingLibrary build(const std::vector<Spectrum>& spectra, const torch::Tensor& raw_embeddings, const std::string& model_sha256,
                                  size_t decoys = 0, torch::ScalarType precision = torch::kFloat32);

    /// Shards of one library, embedded by one model (separate jobs), as one library: their targets in
    /// order, then their decoys in order. Throws ModelError naming the shard when the models or
    /// precisions differ. The result has no approximate index (withApproximateIndex adds one).
    static EmbeddingLibrary merge(const std::vector<EmbeddingLibrary>& shards, const std::vector<std::string>& shard_names);

    /// This library with an approximate index of `lists` lists (ApproximateIndex; seeded, so the same library
    /// gives the same index), its entries reordered list by list (targets, then decoys).
    EmbeddingLibrary withApproximateIndex(int64_t lists, uint64_t seed = 1) const;
    /// Empty unless built by withApproximateIndex (and saved with the library).
    const ApproximateIndex& approximateIndex() const { return index_; }

    /// This library with its compounds (LibraryCompounds::of its entries' first InChIKey blocks and SMILES;
    /// every decoy a compound of its own), with their nearest neighbours where `neighbours`.
    EmbeddingLibrary withCompounds(bool neighbours = true) const;
    /// Empty unless built by withCompounds (and saved with the library); kept by withApproximateIndex.
    const LibraryCompounds& compounds() const { return compounds_; }

    /// A PyTorch zip archive holding one plain dict (torch.load() reads it too), with a SHA-256 of its
    /// content; written atomically.
    void save(const std::string& path) const;

    /// The library in `path`, memory-mapped: loading costs the same whatever the library's size, and
    /// only the embeddings and peaks a search touches are read from disk. Throws InputError naming the
    /// file when it is missing, not a library, truncated, inconsistent, of a newer format, or (with
    /// LibraryCheck::Checksum) corrupt.
    static EmbeddingLibrary load(const std::string& path, LibraryCheck check = LibraryCheck::Structure);

    /// Throws ModelError unless the library was embedded by the model with this weights checksum.
    void requireModel(const std::string& model_sha256, const std::string& library_path) const;

    size_t size() const { return static_cast<size_t>(precursor_mz_.size(0)); }
    int64_t dimension() const { return embeddings_.size(1); }
    torch::ScalarType precision() const { return embeddings_.scalar_type(); }
    /// [size(), dimension()] in precision(), on the CPU, each row of unit length (or zero).
    const torch::Tensor& embeddings() const { return embeddings_; }
    /// Rows [begin, end) of embeddings(), as float32.
    torch::Tensor embeddingRows(int64_t begin, int64_t end) const;
    /// The rows of `indices` (int64), as float32.
    torch::Tensor embeddingsAt(const torch::Tensor& indices) const;

    LibraryEntry entry(size_t index) const;
    double precursorMz(size_t index) const { return precursor_mz_.data_ptr<double>()[index]; }
    /// [size()] float64; 0 where unknown.
    const torch::Tensor& precursorMzs() const { return precursor_mz_; }
    std::string_view ionMode(size_t index) const;
    const std::string& modelSha256() const { return model_sha256_; }
    size_t decoyCount() const { return decoys_; }
    bool isDecoy(size_t index) const { return index + decoys_ >= size(); }
    /// Entry index's peaks and precursor m/z.
    PeakList peaks(size_t index) const;

    /// The fragment index of the entries' peaks for this fragment tolerance (Da): built on first use, then
    /// kept with the library (and its copies). Safe to call in parallel.
    std::shared_ptr<const FragmentIndex> fragmentIndex(double fragment_tolerance) const;

  private:
    /// SHA-256 over everything save() stores but the provenance, to detect corruption inside the archive.
    std::string contentChecksum() const;
    /// The checksum of format versions 1 and 2, over entries row by row.
    std::string legacyChecksum() const;
    /// Throws std::runtime_error when sizes or the ends of the offsets do not fit together.
    void checkStructure() const;
    std::string_view text(size_t field, size_t index) const;
    /// Throws InputError unless [begin, end) lies in a column of column_size values (entry index's offsets).
    static void requireSpan(int64_t begin, int64_t end, int64_t column_size, size_t index);
    /// The entries order[i] = (source, entry) of `sources`, the last `decoys` of them decoys.
    static EmbeddingLibrary assemble(const std::vector<EmbeddingLibrary>& sources, const std::vector<std::pair<size_t, size_t>>& order,
                                     size_t decoys);

    torch::Tensor embeddings_;
    // Field f (kTextFields) of entry i is text_[text_offsets_[f * size() + i], text_offsets_[f * size() + i + 1]).
    torch::Tensor text_;          ///< uint8
    torch::Tensor text_offsets_;  ///< int64, fields x size() + 1
    torch::Tensor precursor_mz_;  ///< float64
    torch::Tensor charge_;        ///< int64
    // The peaks of entry i are [peak_offsets_[i], peak_offsets_[i + 1]) of peak_mz_ and peak_intensity_.
    torch::Tensor peak_mz_;        ///< float32
    torch::Tensor peak_intensity_; ///< float32
    torch::Tensor peak_offsets_;   ///< int64, size() + 1
    std::string model_sha256_;
    size_t decoys_ = 0; ///< the last entries are decoys
    ApproximateIndex index_;
    LibraryCompounds compounds_;
    /// Fragment indexes by tolerance, built on first use; shared by copies, which hold the same entries.
    struct FragmentIndexes
    {
      std::mutex mutex;
      std::map<double, std::shared_ptr<const FragmentIndex>> by_tolerance;
    };
    std::shared_ptr<FragmentIndexes> fragment_indexes_ = std::make_shared<FragmentIndexes>();
  };
}
