#include "ModelConfig.h"

#include "../Errors.h"

namespace SpecEmbedding
{
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
    require(activation == "relu" || activation == "selu" || activation == "gelu", "activation must be relu, selu or gelu");
    require(dropout >= 0.0 && dropout < 1.0, "dropout must be in [0, 1)");
    require(lambda_min > 0.0 && lambda_max > lambda_min, "need 0 < lambda_min < lambda_max");
    require(max_len >= 2, "max_len must be at least 2");
  }

  nlohmann::json ModelConfig::toJson() const
  {
    return {{"embedding_dim", embedding_dim}, {"n_head", n_head}, {"n_layer", n_layer},
            {"dim_feedforward", dim_feedforward}, {"dim_target", dim_target},
            {"activation", activation}, {"dropout", dropout}, {"lambda_min", lambda_min},
            {"lambda_max", lambda_max}, {"max_len", max_len}};
  }

  ModelConfig ModelConfig::fromJson(const nlohmann::json& json)
  {
    ModelConfig config;
    json.at("embedding_dim").get_to(config.embedding_dim);
    json.at("n_head").get_to(config.n_head);
    json.at("n_layer").get_to(config.n_layer);
    json.at("dim_feedforward").get_to(config.dim_feedforward);
    json.at("dim_target").get_to(config.dim_target);
    json.at("activation").get_to(config.activation);
    json.at("dropout").get_to(config.dropout);
    json.at("lambda_min").get_to(config.lambda_min);
    json.at("lambda_max").get_to(config.lambda_max);
    json.at("max_len").get_to(config.max_len);
    config.validate();
    return config;
  }
}
