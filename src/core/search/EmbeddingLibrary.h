#pragma once
// The reference library: unit-length embeddings of reference spectra with their annotations and peaks,
// tied to the model that embedded them by that model's weights checksum.
#include "../Spectrum.h"
#include "SpectralSimilarity.h"

#include <torch/torch.h>

#include <string>
#include <vector>

namespace SpecEmbedding
{
  /// What a library keeps of each reference spectrum besides its embedding and peaks.
  using LibraryEntry = SpectrumAnnotation;

  class EmbeddingLibrary
  {
  public:
    static constexpr const char* kFormat = "SpecEmbedding library";
    /// Written for libraries with decoys; libraries without them keep version 1, which older readers read.
    static constexpr int kFormatVersion = 2;

    /// Row i of raw_embeddings [spectra.size(), dim] embeds spectra[i]; rows are L2-normalised here.
    /// Keeps every peak with positive intensity (float32) for hybrid re-scoring.
    /// model_sha256: ModelFile::weightsChecksum of the embedding model. The last `decoys` spectra are
    /// decoys (DecoySpectra), searched with the targets for target-decoy FDR estimation.
    static EmbeddingLibrary build(const std::vector<Spectrum>& spectra, const torch::Tensor& raw_embeddings, const std::string& model_sha256,
                                  size_t decoys = 0);

    /// A PyTorch zip archive holding one plain dict (torch.load() reads it too), with a SHA-256 of its
    /// content; written atomically.
    void save(const std::string& path) const;

    /// Throws InputError naming the file when it is missing, not a library, truncated, corrupt (content
    /// checksum) or of a newer format.
    static EmbeddingLibrary load(const std::string& path);

    /// Throws ModelError unless the library was embedded by the model with this weights checksum.
    void requireModel(const std::string& model_sha256, const std::string& library_path) const;

    size_t size() const { return entries_.size(); }
    int64_t dimension() const { return embeddings_.size(1); }
    /// [size(), dimension()] float32 on the CPU, each row of unit length (or zero for a zero embedding).
    const torch::Tensor& embeddings() const { return embeddings_; }
    const std::vector<LibraryEntry>& entries() const { return entries_; }
    const LibraryEntry& entry(size_t index) const { return entries_.at(index); }
    const std::string& modelSha256() const { return model_sha256_; }
    size_t decoyCount() const { return decoys_; }
    bool isDecoy(size_t index) const { return index + decoys_ >= entries_.size(); }
    PeakList peaks(size_t index) const;

  private:
    /// SHA-256 over everything save() stores but the provenance, to detect corruption inside the archive.
    std::string contentChecksum() const;

    torch::Tensor embeddings_;
    std::vector<LibraryEntry> entries_;
    // The peaks of entry i are [peak_offsets_[i], peak_offsets_[i + 1]) of peak_mz_ and peak_intensity_.
    torch::Tensor peak_mz_;        ///< float32
    torch::Tensor peak_intensity_; ///< float32
    torch::Tensor peak_offsets_;   ///< int64, size() + 1
    std::string model_sha256_;
    size_t decoys_ = 0; ///< the last entries are decoys
  };
}
