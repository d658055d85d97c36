#include "ApproximateIndex.h"

#include "../Errors.h"

#ifdef SPECEMBEDDING_WITH_FAISS
#include <faiss/Clustering.h>
#include <faiss/IndexFlat.h>
#endif

#include <algorithm>
#include <cmath>

namespace SpecEmbedding
{
  ApproximateIndex::ApproximateIndex(torch::Tensor centroids, torch::Tensor targets, torch::Tensor decoys)
    : centroids_(std::move(centroids)), targets_(std::move(targets)), decoys_(std::move(decoys))
  {
  }

  int64_t ApproximateIndex::defaultLists(int64_t entries)
  {
    return std::clamp<int64_t>(static_cast<int64_t>(std::lround(4.0 * std::sqrt(static_cast<double>(entries)))), 1, 65536);
  }

  std::pair<torch::Tensor, std::vector<int64_t>> ApproximateIndex::cluster(const torch::Tensor& embeddings, int64_t lists, uint64_t seed)
  {
#ifndef SPECEMBEDDING_WITH_FAISS
    (void)embeddings, (void)lists, (void)seed;
    throw ParameterError("this build has no approximate search index (it was built without FAISS; Debian: libfaiss-dev)");
#else
    const int64_t rows = embeddings.size(0), dim = embeddings.size(1);
    lists = std::clamp<int64_t>(lists, 1, std::max<int64_t>(rows, 1));
    faiss::ClusteringParameters parameters;
    parameters.niter = 20;
    parameters.spherical = true; // unit-length centroids: inner product is cosine
    parameters.max_points_per_centroid = 256;
    parameters.seed = static_cast<int>(seed);
    faiss::Clustering clustering(static_cast<int>(dim), static_cast<int>(lists), parameters);
    faiss::IndexFlatIP assign(dim);
    // FAISS samples its training rows from all of them with the seed; it needs them as float32.
    const auto all = embeddings.to(torch::kFloat32).contiguous();
    clustering.train(rows, all.data_ptr<float>(), assign);
    std::vector<float> similarity(rows);
    std::vector<faiss::Index::idx_t> labels(rows);
    assign.search(rows, all.data_ptr<float>(), 1, similarity.data(), labels.data());
    auto centroids = torch::from_blob(clustering.centroids.data(), {lists, dim}, torch::kFloat32).clone();
    return {centroids, std::vector<int64_t>(labels.begin(), labels.end())};
#endif
  }

  torch::Tensor ApproximateIndex::probe(const torch::Tensor& queries, int64_t probes) const
  {
    probes = std::min(probes, lists());
    return std::get<1>(torch::topk(torch::mm(queries, centroids_.t()), probes, 1, true, true)).contiguous();
  }

  std::vector<std::pair<int64_t, int64_t>> ApproximateIndex::rowsOf(int64_t list) const
  {
    const auto* targets = targets_.data_ptr<int64_t>();
    const auto* decoys = decoys_.data_ptr<int64_t>();
    std::vector<std::pair<int64_t, int64_t>> rows;
    if (targets[list + 1] > targets[list]) rows.emplace_back(targets[list], targets[list + 1]);
    if (decoys[list + 1] > decoys[list]) rows.emplace_back(decoys[list], decoys[list + 1]);
    return rows;
  }
}
