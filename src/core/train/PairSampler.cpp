#include "PairSampler.h"

#include "../Errors.h"
#include "Randomness.h"

#include <algorithm>
#include <numeric>

namespace SpecEmbedding
{
  PairSampler::PairSampler(const CompoundSet& compounds, size_t batch_size, size_t epoch_factor, double augment_probability,
                           const Augmenter& augmenter, uint64_t seed)
    : compounds_(compounds), batch_size_(std::min(batch_size, compounds.size())), epoch_factor_(epoch_factor),
      augment_probability_(augment_probability), augmenter_(augmenter), seed_(seed)
  {
    if (compounds.size() == 0) throw ParameterError("the sampler needs at least one compound");
    if (batch_size == 0 || epoch_factor == 0) throw ParameterError("batch size and epoch factor must be positive");
  }

  size_t PairSampler::batchesPerEpoch() const
  {
    return (epoch_factor_ * compounds_.size() + batch_size_ - 1) / batch_size_;
  }

  std::vector<std::vector<size_t>> PairSampler::epochPlan(size_t epoch) const
  {
    // One random permutation per round, rounds laid end to end and cut into batches. A batch
    // within one round has distinct compounds by construction; a batch straddling two rounds may
    // meet a compound twice. Such a repeat in the new round's part is swapped with a compound from
    // further on in that round that is not in the batch: there are always enough, since
    // batch_size <= compounds. Swapping within a round keeps every compound epoch_factor times.
    const size_t n = compounds_.size();
    auto random = derivedGenerator(seed_, RandomPurpose::EpochPlan, epoch);
    std::vector<size_t> sequence;
    sequence.reserve(epoch_factor_ * n);
    std::vector<size_t> round(n);
    for (size_t r = 0; r < epoch_factor_; ++r)
    {
      std::iota(round.begin(), round.end(), 0);
      std::shuffle(round.begin(), round.end(), random);
      sequence.insert(sequence.end(), round.begin(), round.end());
    }

    std::vector<char> in_tail(n);
    for (size_t r = 1; r < epoch_factor_; ++r)
    {
      const size_t boundary = r * n;
      const size_t batch_start = boundary / batch_size_ * batch_size_;
      if (batch_start == boundary) continue;
      const size_t batch_end = std::min(batch_start + batch_size_, sequence.size());
      std::fill(in_tail.begin(), in_tail.end(), 0);
      for (size_t i = batch_start; i < boundary; ++i) in_tail[sequence[i]] = 1;
      for (size_t i = boundary; i < batch_end; ++i)
      {
        if (!in_tail[sequence[i]]) continue;
        std::vector<size_t> replacements;
        for (size_t j = batch_end; j < boundary + n; ++j)
        {
          if (!in_tail[sequence[j]]) replacements.push_back(j);
        }
        std::uniform_int_distribution<size_t> pick(0, replacements.size() - 1);
        std::swap(sequence[i], sequence[replacements[pick(random)]]);
      }
    }

    std::vector<std::vector<size_t>> plan;
    for (size_t start = 0; start < sequence.size(); start += batch_size_)
    {
      plan.emplace_back(sequence.begin() + start, sequence.begin() + std::min(sequence.size(), start + batch_size_));
    }
    return plan;
  }

  ViewBatch PairSampler::views(const std::vector<size_t>& compounds, size_t epoch, size_t step) const
  {
    auto random = derivedGenerator(seed_, RandomPurpose::Views, epoch, step);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    ViewBatch batch;
    batch.compounds = compounds;
    batch.views.reserve(kViews * compounds.size());
    for (size_t index : compounds)
    {
      const auto& spectra = compounds_.compounds[index].spectra;
      std::uniform_int_distribution<size_t> pick(0, spectra.size() - 1);
      if (uniform(random) < augment_probability_)
      {
        const auto& spectrum = spectra[pick(random)];
        for (size_t v = 0; v < kViews; ++v) batch.views.push_back(augmenter_(spectrum, random));
      }
      else
      {
        for (size_t v = 0; v < kViews; ++v) batch.views.push_back(spectra[pick(random)]);
      }
    }
    return batch;
  }
}
