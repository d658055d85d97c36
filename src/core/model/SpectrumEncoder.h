#pragma once
#include "EncoderLayer.h"
#include "FeedForward.h"
#include "ModelConfig.h"
#include "PeaksEmbedding.h"
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

    /// Raw (not normalised) embeddings [batch, dim_target] of a packed batch.
    torch::Tensor forward(const TokenBatch& batch);

    /// Embeds many sequences in eval mode without gradients, in batches of similar length.
    /// Row i of the result belongs to sequences[i]. progress(done) is called after each batch.
    torch::Tensor embed(const std::vector<TokenSequence>& sequences, int64_t batch_size = 64,
                        const std::function<void(size_t)>& progress = {});

  private:
    ModelConfig config_;
    PeaksEmbedding embedding_{nullptr};
    TransformerEncoder encoder_{nullptr};
    FeedForward decoder_{nullptr};
    torch::nn::AnyModule final_activation_;
  };
  TORCH_MODULE(SpectrumEncoder);

  /// Indices of sequences ordered by length, cut into batches of at most batch_size sequences and, when
  /// max_tokens > 0, of at most max_tokens padded positions (members x (longest member + 1)), so that a few
  /// long sequences do not pad many short ones.
  std::vector<std::vector<size_t>> batchesByLength(const std::vector<TokenSequence>& sequences, int64_t batch_size,
                                                   int64_t max_tokens = 0);
}
