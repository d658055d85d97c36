#pragma once
// The encoder architecture as OpenMS parameters (-model:embedding_dim, ...), defaults as published.
#include "core/model/ModelConfig.h"

#include <OpenMS/DATASTRUCTURES/Param.h>

namespace OpenMS
{
  /// Parameters embedding_dim, n_head, n_layer, dim_feedforward, dim_target, activation, dropout.
  Param modelConfigDefaults();

  SpecEmbedding::ModelConfig modelConfigFromParam(const Param& param);
}
