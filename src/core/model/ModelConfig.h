#pragma once
// The architecture and tokenizer settings of a SpecEmbedding encoder, as stored in a model file.
#include "../Settings.h"
#include "../Tokenizer.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace SpecEmbedding
{
  enum class Activation
  {
    ReLU,
    SELU,
    GELU
  };

  template <>
  struct EnumWords<Activation>
  {
    static constexpr const char* what = "activation";
    static constexpr std::pair<Activation, const char*> words[] = {{Activation::ReLU, "relu"}, {Activation::SELU, "selu"}, {Activation::GELU, "gelu"}};
  };
  void to_json(nlohmann::json& json, Activation activation);
  void from_json(const nlohmann::json& json, Activation& activation);

  struct ModelConfig
  {
    // Defaults are the published configuration (SpecEmbedding, Anal. Chem. 2025).
    int64_t embedding_dim = 512;
    int64_t n_head = 16;
    int64_t n_layer = 4;
    int64_t dim_feedforward = 512;
    int64_t dim_target = 512;
    Activation activation = Activation::SELU;
    double dropout = 0.1;
    double lambda_min = 1e-3;        ///< shortest wavelength of the sinusoidal m/z features
    double lambda_max = 1e3;
    int64_t max_len = 100;           ///< tokens per spectrum, precursor token included
    bool ion_mode_token = false;     ///< the precursor token carries the ion mode (Tokenizer)
    /// Length of the structure embedding, a second head beside the spectrum embedding that is trained to
    /// track structural similarity (TrainingObjective); 0: none (the published model).
    int64_t structure_dim = 0;
    /// With a structure head: its share of the search score, which is (1 - w) x the cosine of the
    /// spectrum embeddings + w x the cosine of the structure embeddings.
    double structure_weight = 0.5;

    /// The settings a user chooses when training (TOPP parameters architecture:...).
    static const SettingTable<ModelConfig>& settings();

    /// Throws ParameterError for values the encoder cannot be built with.
    void validate() const;

    /// How spectra are turned into this model's tokens.
    Tokenizer tokenizer() const { return Tokenizer(static_cast<int>(max_len), ion_mode_token); }

    /// Length of the embedding the model outputs and libraries store: both heads together.
    int64_t outputDim() const { return dim_target + structure_dim; }

    /// The activation inside the transformer layers: gelu when the configured one is selu.
    Activation encoderActivation() const { return activation == Activation::SELU ? Activation::GELU : activation; }

    nlohmann::json toJson() const;
    /// Throws ParameterError (invalid values) or nlohmann's errors (wrong types); missing keys keep their defaults.
    static ModelConfig fromJson(const nlohmann::json& json);
  };

  NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ModelConfig, embedding_dim, n_head, n_layer, dim_feedforward, dim_target, activation,
                                                  dropout, lambda_min, lambda_max, max_len, ion_mode_token, structure_dim,
                                                  structure_weight)
}
