#include "AnalogHits.h"

#include <algorithm>
#include <limits>

namespace SpecEmbedding
{
  AnalogHits bestAnalogHits(const torch::Tensor& queries, const std::vector<int>& query_groups, const torch::Tensor& library,
                            const std::vector<int>& library_groups, int64_t k)
  {
    namespace F = torch::nn::functional;
    torch::NoGradGuard no_grad;
    auto scores = torch::matmul(F::normalize(queries, F::NormalizeFuncOptions().dim(1)), F::normalize(library, F::NormalizeFuncOptions().dim(1)).t());
    const auto other_group = torch::tensor(query_groups, torch::kInt).view({-1, 1}).ne(torch::tensor(library_groups, torch::kInt).view({1, -1}));
    scores.masked_fill_(other_group, -std::numeric_limits<float>::infinity());
    auto [cosine, index] = torch::topk(scores, std::min<int64_t>(k, library.size(0)), 1);
    return {cosine, index};
  }
}
