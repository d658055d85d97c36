#include "ReplicateHitRatio.h"

#include "Randomness.h"

#include <limits>
#include <map>

namespace SpecEmbedding
{
  HitRatio replicateTopOneHitRatio(const torch::Tensor& embeddings, const std::vector<size_t>& compound_of_row, uint64_t seed,
                                   const torch::Tensor& distractors, const std::vector<int>& group_of_row,
                                   const std::vector<int>& group_of_distractor)
  {
    std::map<size_t, std::vector<int64_t>> rows_of_compound;
    for (size_t row = 0; row < compound_of_row.size(); ++row) rows_of_compound[compound_of_row[row]].push_back(static_cast<int64_t>(row));

    auto random = derivedGenerator(seed, RandomPurpose::ValidationQueries);
    std::vector<int64_t> queries;
    for (const auto& [compound, rows] : rows_of_compound)
    {
      if (rows.size() < 2) continue;
      std::uniform_int_distribution<size_t> pick(0, rows.size() - 1);
      queries.push_back(rows[pick(random)]);
    }
    HitRatio result;
    result.queries = queries.size();
    if (queries.empty())
    {
      result.ratio = std::numeric_limits<double>::quiet_NaN();
      return result;
    }

    torch::NoGradGuard no_grad;
    namespace F = torch::nn::functional;
    const auto normalized = F::normalize(embeddings, F::NormalizeFuncOptions().dim(-1));
    const auto query_rows = torch::tensor(queries, torch::kLong);
    const auto query_embeddings = normalized.index_select(0, query_rows);
    auto scores = torch::matmul(query_embeddings, normalized.t());
    // A query must not find itself.
    scores.scatter_(1, query_rows.view({-1, 1}), -std::numeric_limits<float>::infinity());
    if (distractors.defined() && distractors.size(0) > 0)
    {
      const auto distractor_scores = torch::matmul(query_embeddings, F::normalize(distractors, F::NormalizeFuncOptions().dim(-1)).t());
      scores = torch::cat({scores, distractor_scores}, 1);
    }
    if (!group_of_row.empty())
    {
      std::vector<int> groups(group_of_row);
      groups.insert(groups.end(), group_of_distractor.begin(), group_of_distractor.end());
      const auto candidate_groups = torch::tensor(groups, torch::kInt);
      std::vector<int> query_groups;
      for (const auto row : queries) query_groups.push_back(group_of_row[row]);
      const auto other_group = torch::tensor(query_groups, torch::kInt).view({-1, 1}).ne(candidate_groups.view({1, -1}));
      scores.masked_fill_(other_group, -std::numeric_limits<float>::infinity());
    }
    const auto best = scores.argmax(1);
    const auto best_rows = best.accessor<int64_t, 1>();
    size_t hits = 0;
    for (size_t i = 0; i < queries.size(); ++i)
    {
      hits += best_rows[i] < static_cast<int64_t>(compound_of_row.size()) && compound_of_row[best_rows[i]] == compound_of_row[queries[i]];
    }
    result.ratio = static_cast<double>(hits) / static_cast<double>(queries.size());
    return result;
  }
}
