#pragma once
#include "EncoderLayer.h"
#include "FeedForward.h"
#include "ModelConfig.h"
#include "PeaksEmbedding.h"
#include "Precision.h"
#include "TokenBatch.h"

#include <torch/torch.h>

#include <functional>
#include <vector>

namespace SpecEmbedding
{
  /// The SpecEmbedding encoder (reference: SiameseModel). Submodules carry the reference's
  /// state_dict names, so a reference checkpoint loads name for name.
  class SpectrumEncoderImpl : public torch::nn::Module
  {
  public:
    explicit SpectrumEncoderImpl(const ModelConfig& config);

    const ModelConfig& config() const { return config_; }

    /// Sets the structure head's share of the search score (ModelConfig::structure_weight). It changes
    /// nothing that training learned, and every embedding and the weights' checksum. Throws
    /// ParameterError for a model without a structure head or a weight outside [0.01, 0.99].
    void setStructureWeight(double weight);

    /// The number format of the matrix products of forward() and embed() (float32 unless set; not stored
    /// in the model file). Embeddings are float32 either way.
    void setPrecision(Precision precision) { precision_ = precision; }
    Precision precision() const { return precision_; }

    /// Embeddings [sequences, outputDim()] of the sequences, packed here and computed on the parameters'
    /// device: raw (not normalised) without a
    /// structure head; with one, the unit spectrum and structure embeddings side by side, scaled by
    /// sqrt(1 - w) and sqrt(w), so that the cosine of two outputs is the mixed search score
    /// (ModelConfig::structure_weight). The structure head reads the fragments alone, without the precursor
    /// token: analogs differ in mass, and with the precursor the nearest embedding of an unknown compound
    /// is mostly one of the same precursor m/z.
    torch::Tensor forward(const std::vector<const TokenSequence*>& sequences);

    /// The columns of forward()'s output that each head fills.
    torch::Tensor spectrumPart(const torch::Tensor& output) const { return output.narrow(-1, 0, config_.dim_target); }
    torch::Tensor structurePart(const torch::Tensor& output) const { return output.narrow(-1, config_.dim_target, config_.structure_dim); }

    /// Embeds many sequences in eval mode without gradients, in batches of similar length.
    /// Row i of the result, on the CPU, belongs to sequences[i]. progress(done) is called after each batch.
    torch::Tensor embed(const std::vector<TokenSequence>& sequences, int64_t batch_size = 64,
                        const std::function<void(size_t)>& progress = {});

  private:
    /// The mean-pooled transformer output [batch, embedding_dim] of a packed batch.
    torch::Tensor pool(const TokenBatch& batch);

    ModelConfig config_;
    PeaksEmbedding embedding_{nullptr};
    TransformerEncoder encoder_{nullptr};
    FeedForward decoder_{nullptr};
    FeedForward structure_decoder_{nullptr};
    /// sqrt(1 - w), sqrt(w): a parameter without gradient, so that the weights' checksum, and with it every
    /// library embedded by the model, covers the mix.
    torch::Tensor structure_mix_;
    torch::nn::AnyModule final_activation_;
    Precision precision_ = Precision::Float32;
  };
  TORCH_MODULE(SpectrumEncoder);

  /// Indices of sequences ordered by length, cut into batches of at most batch_size sequences and, when
  /// max_tokens > 0, of at most max_tokens padded positions (members x (longest member + 1)), so that a few
  /// long sequences do not pad many short ones.
  std::vector<std::vector<size_t>> batchesByLength(const std::vector<TokenSequence>& sequences, int64_t batch_size,
                                                   int64_t max_tokens = 0);
}
