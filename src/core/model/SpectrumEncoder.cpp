#include "SpectrumEncoder.h"

#include "../Errors.h"
#include "ComputeDevice.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace SpecEmbedding
{
  SpectrumEncoderImpl::SpectrumEncoderImpl(const ModelConfig& config) : config_(config)
  {
    config_.validate();
    embedding_ = register_module("embedding", PeaksEmbedding(PeaksEmbeddingOptions(config_.embedding_dim)
                                                               .lambda_min(config_.lambda_min)
                                                               .lambda_max(config_.lambda_max)
                                                               .activation(config_.activation)
                                                               .dropout(config_.dropout)));
    const auto layer = EncoderLayerOptions(config_.embedding_dim, config_.n_head, config_.dim_feedforward)
                         .activation(config_.encoderActivation())
                         .dropout(config_.dropout);
    encoder_ = register_module("_encoder", TransformerEncoder(TransformerEncoderOptions(layer, config_.n_layer)));
    decoder_ = register_module("_decoder", FeedForward(FeedForwardOptions(config_.embedding_dim, config_.dim_feedforward, config_.dim_target)
                                                         .activation(config_.activation)
                                                         .dropout(config_.dropout)));
    if (config_.structure_dim > 0)
    {
      structure_decoder_ = register_module(
        "_structure_decoder",
        FeedForward(FeedForwardOptions(config_.embedding_dim, config_.dim_feedforward, config_.structure_dim).activation(config_.activation).dropout(config_.dropout)));
      structure_mix_ = register_parameter(
        "structure_mix", torch::tensor({std::sqrt(1.0 - config_.structure_weight), std::sqrt(config_.structure_weight)}, torch::kFloat32),
        /*requires_grad=*/false);
    }
    final_activation_ = makeActivation(config_.activation);
  }

  void SpectrumEncoderImpl::setStructureWeight(double weight)
  {
    if (!structure_decoder_) throw ParameterError("the model has no structure head, so it has no structure weight to set");
    auto config = config_;
    config.structure_weight = weight;
    config.validate();
    config_ = config;
    torch::NoGradGuard no_gradient;
    structure_mix_.copy_(torch::tensor({std::sqrt(1.0 - weight), std::sqrt(weight)}, torch::kFloat32));
  }

  torch::Tensor SpectrumEncoderImpl::pool(const TokenBatch& batch)
  {
    const auto on_device = batch.to(deviceOf(*this));
    // The residual stream stays float32 when the products run in bfloat16 (PrecisionScope): LayerNorm takes
    // float32, and each layer adds its bfloat16 output to it.
    const auto tokens = embedding_->forward(on_device.mz, on_device.intensity).to(torch::kFloat32);
    const auto x = encoder_->forward(tokens, on_device.key_padding_mask);
    return (x * on_device.pool_weight.unsqueeze(-1)).sum(1) / static_cast<double>(config_.max_len);
  }

  torch::Tensor SpectrumEncoderImpl::forward(const std::vector<const TokenSequence*>& sequences)
  {
    PrecisionScope scope(precision_);
    const auto spectrum = final_activation_.forward(decoder_->forward(pool(TokenBatch::pack(sequences, config_.max_len)))).to(torch::kFloat32);
    if (!structure_decoder_) return spectrum;
    namespace F = torch::nn::functional;
    const auto unit = F::NormalizeFuncOptions().dim(-1);
    const auto fragments = pool(TokenBatch::pack(sequences, config_.max_len, /*fragments_only=*/true));
    const auto structure = final_activation_.forward(structure_decoder_->forward(fragments)).to(torch::kFloat32);
    return torch::cat({F::normalize(spectrum, unit) * structure_mix_[0], F::normalize(structure, unit) * structure_mix_[1]}, -1);
  }

  std::vector<std::vector<size_t>> batchesByLength(const std::vector<TokenSequence>& sequences, int64_t batch_size,
                                                   int64_t max_tokens)
  {
    if (batch_size < 1) throw ParameterError("batch size must be positive");
    std::vector<size_t> order(sequences.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return sequences[a].size() < sequences[b].size(); });
    std::vector<std::vector<size_t>> batches;
    for (size_t index : order)
    {
      // Ascending lengths: the newest member is the longest, and sets the padded length.
      const auto padded = static_cast<int64_t>(sequences[index].size()) + 1;
      const bool full = !batches.empty() &&
                        (static_cast<int64_t>(batches.back().size()) == batch_size ||
                         (max_tokens > 0 && static_cast<int64_t>(batches.back().size() + 1) * padded > max_tokens));
      if (batches.empty() || full) batches.emplace_back();
      batches.back().push_back(index);
    }
    return batches;
  }

  torch::Tensor SpectrumEncoderImpl::embed(const std::vector<TokenSequence>& sequences, int64_t batch_size,
                                           const std::function<void(size_t)>& progress)
  {
    const bool was_training = is_training();
    eval();
    torch::InferenceMode inference;
    PrecisionScope scope(precision_); // the weights are cast once for all batches
    auto result = torch::empty({static_cast<int64_t>(sequences.size()), config_.outputDim()});
    size_t done = 0;
    for (const auto& batch_indices : batchesByLength(sequences, batch_size))
    {
      std::vector<const TokenSequence*> members;
      for (size_t i : batch_indices) members.push_back(&sequences[i]);
      const auto output = forward(members);
      const auto rows = torch::tensor(std::vector<int64_t>(batch_indices.begin(), batch_indices.end()), torch::kLong);
      result.index_copy_(0, rows, output.to(torch::kCPU));
      done += batch_indices.size();
      if (progress) progress(done);
    }
    train(was_training);
    return result;
  }
}
