#include "ModelConfig.h"

#include "../Errors.h"

namespace SpecEmbedding
{
  void to_json(nlohmann::json& json, Activation activation)
  {
    json = toString(activation);
  }

  void from_json(const nlohmann::json& json, Activation& activation)
  {
    activation = fromWord<Activation>(json.get<std::string>());
  }

  const SettingTable<ModelConfig>& ModelConfig::settings()
  {
    using C = ModelConfig;
    static const SettingTable<C> table = {
      numberSetting("embedding_dim", &C::embedding_dim, "Width of the token embeddings and transformer layers.", 4),
      numberSetting("n_head", &C::n_head, "Attention heads per layer; must divide embedding_dim.", 1),
      numberSetting("n_layer", &C::n_layer, "Transformer encoder layers.", 1),
      numberSetting("dim_feedforward", &C::dim_feedforward, "Hidden width of the transformer and decoder feed-forward layers.", 1),
      numberSetting("dim_target", &C::dim_target, "Length of the spectrum embedding.", 1),
      enumSetting("activation", &C::activation, "Feed-forward activation; with selu the transformer layers use gelu."),
      numberSetting("dropout", &C::dropout, "Dropout probability during training.", 0.0, 0.9),
      flagSetting("ion_mode_token", &C::ion_mode_token,
                  "The precursor token tells the model the spectrum's ion mode (intensity -2 for negative mode, 2 otherwise): "
                  "for a model trained on both ion modes."),
      numberSetting("structure_dim", &C::structure_dim,
                    "Length of a second embedding head trained to track the Tanimoto similarity of the compounds' structures "
                    "(analog search); 0: none, as published. With it, SupCon trains the spectrum head and the Tanimoto and "
                    "structure ranking terms train the structure head.", 0),
      numberSetting("structure_weight", &C::structure_weight,
                    "With a structure head: its share w of the search score, (1 - w) x spectrum cosine + w x structure cosine.",
                    0.01, 0.99),
    };
    return table;
  }

  void ModelConfig::validate() const
  {
    auto require = [](bool ok, const std::string& what) {
      if (!ok) throw ParameterError("invalid model configuration: " + what);
    };
    require(embedding_dim > 2 && embedding_dim % 2 == 0, "embedding_dim must be even and > 2");
    require(n_head > 0 && embedding_dim % n_head == 0, "embedding_dim must be divisible by n_head");
    require(n_layer > 0, "n_layer must be positive");
    require(dim_feedforward > 0, "dim_feedforward must be positive");
    require(dim_target > 0, "dim_target must be positive");
    require(dropout >= 0.0 && dropout < 1.0, "dropout must be in [0, 1)");
    require(lambda_min > 0.0 && lambda_max > lambda_min, "need 0 < lambda_min < lambda_max");
    require(max_len >= 2, "max_len must be at least 2");
    require(structure_dim >= 0, "structure_dim must not be negative");
    require(structure_weight >= 0.01 && structure_weight <= 0.99, "structure_weight must be in [0.01, 0.99]");
  }

  nlohmann::json ModelConfig::toJson() const
  {
    return *this;
  }

  ModelConfig ModelConfig::fromJson(const nlohmann::json& json)
  {
    auto config = json.get<ModelConfig>();
    config.validate();
    return config;
  }
}
