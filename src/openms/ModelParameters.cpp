#include "ModelParameters.h"

#include <OpenMS/DATASTRUCTURES/ListUtils.h>

namespace OpenMS
{
  Param modelConfigDefaults()
  {
    const SpecEmbedding::ModelConfig published;
    Param param;
    param.setValue("embedding_dim", static_cast<int>(published.embedding_dim), "Width of the token embeddings and transformer layers.");
    param.setMinInt("embedding_dim", 4);
    param.setValue("n_head", static_cast<int>(published.n_head), "Attention heads per layer; must divide embedding_dim.");
    param.setMinInt("n_head", 1);
    param.setValue("n_layer", static_cast<int>(published.n_layer), "Transformer encoder layers.");
    param.setMinInt("n_layer", 1);
    param.setValue("dim_feedforward", static_cast<int>(published.dim_feedforward), "Hidden width of the transformer and decoder feed-forward layers.");
    param.setMinInt("dim_feedforward", 1);
    param.setValue("dim_target", static_cast<int>(published.dim_target), "Length of the spectrum embedding.");
    param.setMinInt("dim_target", 1);
    param.setValue("activation", published.activation, "Feed-forward activation; with selu the transformer layers use gelu.");
    param.setValidStrings("activation", ListUtils::create<String>("relu,selu,gelu"));
    param.setValue("dropout", published.dropout, "Dropout probability during training.");
    param.setMinFloat("dropout", 0.0);
    param.setMaxFloat("dropout", 0.9);
    return param;
  }

  SpecEmbedding::ModelConfig modelConfigFromParam(const Param& param)
  {
    SpecEmbedding::ModelConfig config;
    config.embedding_dim = static_cast<int>(param.getValue("embedding_dim"));
    config.n_head = static_cast<int>(param.getValue("n_head"));
    config.n_layer = static_cast<int>(param.getValue("n_layer"));
    config.dim_feedforward = static_cast<int>(param.getValue("dim_feedforward"));
    config.dim_target = static_cast<int>(param.getValue("dim_target"));
    config.activation = param.getValue("activation").toString();
    config.dropout = static_cast<double>(param.getValue("dropout"));
    config.validate();
    return config;
  }
}
