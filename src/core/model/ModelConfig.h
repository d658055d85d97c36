#pragma once
// The architecture and tokenizer settings of a SpecEmbedding encoder, as stored in a model file.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace SpecEmbedding
{
  struct ModelConfig
  {
    // Defaults are the published configuration (SpecEmbedding, Anal. Chem. 2025).
    int64_t embedding_dim = 512;
    int64_t n_head = 16;
    int64_t n_layer = 4;
    int64_t dim_feedforward = 512;
    int64_t dim_target = 512;
    std::string activation = "selu"; ///< relu | selu | gelu
    double dropout = 0.1;
    double lambda_min = 1e-3;        ///< shortest wavelength of the sinusoidal m/z features
    double lambda_max = 1e3;
    int64_t max_len = 100;           ///< tokens per spectrum, precursor token included

    /// Throws ParameterError for values the encoder cannot be built with.
    void validate() const;

    /// The activation inside the transformer layers: gelu when the configured one is selu.
    std::string encoderActivation() const { return activation == "selu" ? "gelu" : activation; }

    nlohmann::json toJson() const;
    static ModelConfig fromJson(const nlohmann::json& json);
  };
}
