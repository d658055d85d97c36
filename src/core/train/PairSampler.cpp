#include "PairSampler.h"

#include "../Errors.h"
#include "Randomness.h"

#include <algorithm>
#include <map>
#include <numeric>

namespace SpecEmbedding
{
  namespace
  {
    size_t batchesOf(size_t samples, size_t batch_size) { return (samples + batch_size - 1) / batch_size; }

    /// The median precursor m/z (first token) of a compound's spectra: robust to a stray adduct.
    float medianPrecursorMz(const Compound& compound)
    {
      std::vector<float> precursors;
      for (const auto& tokens : compound.spectra) precursors.push_back(tokens.mz.front());
      std::nth_element(precursors.begin(), precursors.begin() + precursors.size() / 2, precursors.end());
      return precursors[precursors.size() / 2];
    }
  }

  PairSampler::PairSampler(const CompoundSet& compounds, const PairSamplerOptions& options,
                           const std::vector<std::vector<size_t>>* neighbours)
    : compounds_(compounds), options_(options), augmenter_(options.augmentation()), neighbours_(neighbours)
  {
    if (compounds.size() == 0) throw ParameterError("the sampler needs at least one compound");
    if (options.compounds_per_batch() == 0 || options.epoch_factor() == 0) throw ParameterError("batch size and epoch factor must be positive");
    if (options.mass_window_rounds() + options.structure_rounds() > options.epoch_factor())
    {
      throw ParameterError("mass window and structure rounds together cannot exceed the epoch factor");
    }
    if (options.structure_rounds() > 0 && (!neighbours || neighbours->size() != compounds.size() || options.structure_group() < 2))
    {
      throw ParameterError("structure rounds need every compound's neighbours and groups of at least two");
    }
    std::map<std::string, Stratum> by_mode;
    for (size_t c = 0; c < compounds.size(); ++c) by_mode[compounds.compounds[c].ion_mode].members.push_back(c);
    std::vector<float> precursor_mz;
    if (options.mass_window_rounds() > 0)
    {
      for (const auto& compound : compounds.compounds) precursor_mz.push_back(medianPrecursorMz(compound));
    }
    for (auto& [mode, stratum] : by_mode)
    {
      stratum.batch_size = std::min(options.compounds_per_batch(), stratum.members.size());
      if (options.mass_window_rounds() > 0)
      {
        stratum.by_precursor_mz = stratum.members;
        std::stable_sort(stratum.by_precursor_mz.begin(), stratum.by_precursor_mz.end(),
                         [&](size_t a, size_t b) { return precursor_mz[a] < precursor_mz[b]; });
      }
      strata_.push_back(std::move(stratum));
    }
  }

  size_t PairSampler::batchesPerEpoch() const
  {
    const size_t special_rounds = options_.mass_window_rounds() + options_.structure_rounds();
    size_t batches = 0;
    for (const auto& stratum : strata_)
    {
      const size_t n = stratum.members.size();
      batches += batchesOf((options_.epoch_factor() - special_rounds) * n, stratum.batch_size) + special_rounds * batchesOf(n, stratum.batch_size);
    }
    return batches;
  }

  std::vector<std::vector<size_t>> PairSampler::epochPlan(size_t epoch) const
  {
    auto random = derivedGenerator(options_.seed(), RandomPurpose::EpochPlan, epoch);
    const size_t mass_window_rounds = options_.mass_window_rounds(), structure_rounds = options_.structure_rounds();
    std::vector<std::vector<size_t>> plan;
    const auto append = [&](std::vector<std::vector<size_t>> batches) { plan.insert(plan.end(), batches.begin(), batches.end()); };
    for (const auto& stratum : strata_)
    {
      append(randomRoundBatches(stratum, options_.epoch_factor() - mass_window_rounds - structure_rounds, random));
      append(massWindowBatches(stratum, mass_window_rounds, random));
      append(structureBatches(stratum, structure_rounds, random));
    }
    // One random-only stratum keeps its rounds in order; otherwise the batches are mixed.
    if (strata_.size() > 1 || mass_window_rounds > 0 || structure_rounds > 0) std::shuffle(plan.begin(), plan.end(), random);
    return plan;
  }

  std::vector<std::vector<size_t>> PairSampler::randomRoundBatches(const Stratum& stratum, size_t rounds, std::mt19937_64& random) const
  {
    // One random permutation per round, rounds laid end to end and cut into batches. A batch
    // within one round has distinct compounds by construction; a batch straddling two rounds may
    // meet a compound twice. Such a repeat in the new round's part is swapped with a compound from
    // further on in that round that is not in the batch: there are always enough, since
    // batch_size <= compounds. Swapping within a round keeps every compound once per round.
    // Positions 0..n-1 stand for the stratum's members until the batches are made.
    const size_t n = stratum.members.size(), batch_size = stratum.batch_size;
    std::vector<size_t> sequence;
    sequence.reserve(rounds * n);
    std::vector<size_t> round(n);
    for (size_t r = 0; r < rounds; ++r)
    {
      std::iota(round.begin(), round.end(), 0);
      std::shuffle(round.begin(), round.end(), random);
      sequence.insert(sequence.end(), round.begin(), round.end());
    }

    std::vector<char> in_tail(n);
    for (size_t r = 1; r < rounds; ++r)
    {
      const size_t boundary = r * n;
      const size_t batch_start = boundary / batch_size * batch_size;
      if (batch_start == boundary) continue;
      const size_t batch_end = std::min(batch_start + batch_size, sequence.size());
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
    for (size_t start = 0; start < sequence.size(); start += batch_size)
    {
      std::vector<size_t> batch;
      for (size_t i = start; i < std::min(sequence.size(), start + batch_size); ++i) batch.push_back(stratum.members[sequence[i]]);
      plan.push_back(std::move(batch));
    }
    return plan;
  }

  std::vector<std::vector<size_t>> PairSampler::massWindowBatches(const Stratum& stratum, size_t rounds, std::mt19937_64& random) const
  {
    // The random phase moves the window edges from round to round, so that compounds at an edge
    // meet their heavier neighbours in one round and their lighter ones in another. The batch
    // that wraps round holds the heaviest and the lightest compounds.
    std::vector<std::vector<size_t>> plan;
    if (rounds == 0) return plan;
    const size_t n = stratum.members.size(), batch_size = stratum.batch_size;
    std::uniform_int_distribution<size_t> phase(0, batch_size - 1);
    for (size_t r = 0; r < rounds; ++r)
    {
      const size_t offset = phase(random);
      for (size_t start = 0; start < n; start += batch_size)
      {
        std::vector<size_t> batch;
        for (size_t i = start; i < std::min(n, start + batch_size); ++i) batch.push_back(stratum.by_precursor_mz[(offset + i) % n]);
        plan.push_back(std::move(batch));
      }
    }
    return plan;
  }

  std::vector<std::vector<size_t>> PairSampler::structureBatches(const Stratum& stratum, size_t rounds, std::mt19937_64& random) const
  {
    // A group never holds a compound twice, nor does a round, so batches of consecutive groups hold
    // distinct compounds; a group cut by a batch boundary only loses some of its pairs. Neighbours are
    // of the same stratum (Trainer), and only ungrouped members join a group.
    std::vector<std::vector<size_t>> plan;
    if (rounds == 0) return plan;
    const size_t n = stratum.members.size(), batch_size = stratum.batch_size;
    std::vector<size_t> anchors, sequence;
    std::vector<char> grouped(compounds_.size(), 1);
    for (size_t r = 0; r < rounds; ++r)
    {
      anchors = stratum.members;
      std::shuffle(anchors.begin(), anchors.end(), random);
      for (const size_t member : stratum.members) grouped[member] = 0;
      sequence.clear();
      for (const size_t anchor : anchors)
      {
        if (grouped[anchor]) continue;
        grouped[anchor] = 1;
        sequence.push_back(anchor);
        size_t members = 1;
        for (const size_t neighbour : (*neighbours_)[anchor])
        {
          if (members == options_.structure_group()) break;
          if (grouped[neighbour]) continue;
          grouped[neighbour] = 1;
          sequence.push_back(neighbour);
          ++members;
        }
      }
      for (size_t start = 0; start < n; start += batch_size)
      {
        plan.emplace_back(sequence.begin() + start, sequence.begin() + std::min(n, start + batch_size));
      }
    }
    return plan;
  }

  ViewBatch PairSampler::views(const std::vector<size_t>& compounds, size_t epoch, size_t step) const
  {
    auto random = derivedGenerator(options_.seed(), RandomPurpose::Views, epoch, step);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    ViewBatch batch;
    batch.compounds = compounds;
    batch.views.reserve(kViews * compounds.size());
    for (size_t index : compounds)
    {
      const auto& spectra = compounds_.compounds[index].spectra;
      std::uniform_int_distribution<size_t> pick(0, spectra.size() - 1);
      if (uniform(random) < options_.augment_probability())
      {
        const auto& spectrum = spectra[pick(random)];
        for (size_t v = 0; v < kViews; ++v) batch.views.push_back(augmenter_(spectrum, random));
      }
      else
      {
        for (size_t v = 0; v < kViews; ++v)
        {
          const auto& spectrum = spectra[pick(random)];
          batch.views.push_back(options_.augment_replicates() ? augmenter_(spectrum, random) : spectrum);
        }
      }
    }
    if (options_.precursor_dropout() > 0.0)
    {
      for (auto& view : batch.views)
      {
        if (view.size() < 2 || !(uniform(random) < options_.precursor_dropout())) continue;
        view.mz.erase(view.mz.begin());
        view.intensity.erase(view.intensity.begin());
      }
    }
    return batch;
  }
}
