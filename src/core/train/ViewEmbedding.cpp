#include "ViewEmbedding.h"

namespace SpecEmbedding
{
  torch::Tensor embedViews(SpectrumEncoderImpl& encoder, const std::vector<TokenSequence>& views)
  {
    std::vector<torch::Tensor> outputs;
    std::vector<int64_t> row_of_view(views.size());
    int64_t row = 0;
    PrecisionScope scope(encoder.precision()); // the weights are cast once for all sub-batches
    for (const auto& batch : batchesByLength(views, kViewsPerForward, kTokensPerForward))
    {
      std::vector<const TokenSequence*> members;
      for (size_t i : batch)
      {
        members.push_back(&views[i]);
        row_of_view[i] = row++;
      }
      outputs.push_back(encoder.forward(members));
    }
    return torch::cat(outputs).index_select(0, torch::tensor(row_of_view, torch::kLong));
  }
}
