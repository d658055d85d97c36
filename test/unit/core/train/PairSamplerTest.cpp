#include "core/Errors.h"
#include "core/train/CompoundSet.h"
#include "core/train/PairSampler.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

using namespace SpecEmbedding;

namespace
{
  /// n compounds with 1 to 3 spectra each; a spectrum's precursor m/z encodes (compound, spectrum).
  CompoundSet makeCompounds(size_t n)
  {
    CompoundSet set;
    for (size_t c = 0; c < n; ++c)
    {
      Compound compound;
      compound.key = "KEY" + std::to_string(c);
      for (size_t s = 0; s < 1 + c % 3; ++s)
      {
        TokenSequence tokens;
        tokens.mz = {static_cast<float>(100 * c + s), 50.0f, 60.0f, 70.0f, 80.0f, 90.0f, 95.0f};
        tokens.intensity = {2.0f, 0.1f, 0.2f, 1.0f, 0.05f, 0.25f, 0.5f};
        compound.spectra.push_back(tokens);
      }
      set.compounds.push_back(compound);
    }
    return set;
  }

  Spectrum annotated(const std::string& inchikey, double precursor)
  {
    Spectrum spectrum;
    spectrum.id = inchikey;
    spectrum.inchikey = inchikey;
    spectrum.precursor_mz = precursor;
    spectrum.mz = {50.0, 60.0};
    spectrum.intensity = {1.0, 2.0};
    return spectrum;
  }
}

TEST(TrainSampler, BatchesHoldDistinctCompoundsAndEachCompoundEpochFactorTimes)
{
  const auto compounds = makeCompounds(10);
  const PairSampler sampler(compounds, PairSamplerOptions().compounds_per_batch(4).epoch_factor(3).augment_probability(0.5).seed(42));
  EXPECT_EQ(sampler.batchesPerEpoch(), 8u); // 30 samples in batches of 4
  for (size_t epoch = 0; epoch < 20; ++epoch)
  {
    const auto plan = sampler.epochPlan(epoch);
    ASSERT_EQ(plan.size(), 8u);
    std::map<size_t, size_t> visits;
    for (size_t b = 0; b < plan.size(); ++b)
    {
      EXPECT_EQ(plan[b].size(), b + 1 < plan.size() ? 4u : 2u);
      EXPECT_EQ(std::set<size_t>(plan[b].begin(), plan[b].end()).size(), plan[b].size()) << "epoch " << epoch << " batch " << b;
      for (size_t c : plan[b]) ++visits[c];
    }
    ASSERT_EQ(visits.size(), 10u);
    for (const auto& [compound, count] : visits) EXPECT_EQ(count, 3u);
  }
}

TEST(TrainSampler, MassWindowRoundsBatchNeighboursInPrecursorMz)
{
  // makeCompounds orders the compounds by precursor m/z (100 x compound), so a mass window is a
  // run of consecutive indices, wrapping round from the heaviest to the lightest.
  const auto compounds = makeCompounds(10);
  const PairSampler windows_only(compounds, PairSamplerOptions().compounds_per_batch(4).epoch_factor(3).augment_probability(0.5).seed(42).mass_window_rounds(3));
  EXPECT_EQ(windows_only.batchesPerEpoch(), 9u); // 3 rounds of 4 + 4 + 2
  std::set<size_t> first_members;
  for (size_t epoch = 0; epoch < 10; ++epoch)
  {
    const auto plan = windows_only.epochPlan(epoch);
    ASSERT_EQ(plan.size(), 9u);
    std::map<size_t, size_t> visits;
    for (const auto& batch : plan)
    {
      for (size_t i = 1; i < batch.size(); ++i) EXPECT_EQ(batch[i], (batch[i - 1] + 1) % 10) << "epoch " << epoch;
      for (size_t c : batch) ++visits[c];
      first_members.insert(batch.front());
    }
    ASSERT_EQ(visits.size(), 10u);
    for (const auto& [compound, count] : visits) EXPECT_EQ(count, 3u);
  }
  EXPECT_GT(first_members.size(), 3u) << "the window edges move from round to round";

  const PairSampler mixed(compounds, PairSamplerOptions().compounds_per_batch(4).epoch_factor(3).augment_probability(0.5).seed(42).mass_window_rounds(1));
  EXPECT_EQ(mixed.batchesPerEpoch(), 8u); // 20 random samples in 5 batches, one window round of 3
  std::map<size_t, size_t> visits;
  for (const auto& batch : mixed.epochPlan(0))
  {
    EXPECT_EQ(std::set<size_t>(batch.begin(), batch.end()).size(), batch.size());
    for (size_t c : batch) ++visits[c];
  }
  for (const auto& [compound, count] : visits) EXPECT_EQ(count, 3u);
  EXPECT_THROW(PairSampler(compounds, PairSamplerOptions().compounds_per_batch(4).epoch_factor(3).augment_probability(0.5).seed(42).mass_window_rounds(4)), ParameterError);
}

TEST(TrainSampler, StructureRoundsBatchEachCompoundWithItsNeighbours)
{
  // Compound c's nearest neighbour is c ^ 1, then the rest: groups of two are the pairs {2k, 2k + 1},
  // and batches of four hold two whole pairs.
  const auto compounds = makeCompounds(12);
  std::vector<std::vector<size_t>> neighbours(12);
  for (size_t c = 0; c < 12; ++c)
  {
    neighbours[c].push_back(c ^ 1);
    for (size_t other = 0; other < 12; ++other)
      if (other != c && other != (c ^ 1)) neighbours[c].push_back(other);
  }
  const PairSampler sampler(compounds, PairSamplerOptions().compounds_per_batch(4).epoch_factor(3).augment_probability(0.5).seed(42).structure_rounds(3).structure_group(2), &neighbours);
  EXPECT_EQ(sampler.batchesPerEpoch(), 9u);
  for (size_t epoch = 0; epoch < 5; ++epoch)
  {
    std::map<size_t, size_t> visits;
    for (const auto& batch : sampler.epochPlan(epoch))
    {
      ASSERT_EQ(batch.size(), 4u);
      const std::set<size_t> members(batch.begin(), batch.end());
      EXPECT_EQ(members.size(), 4u);
      for (size_t c : batch)
      {
        EXPECT_TRUE(members.count(c ^ 1)) << "epoch " << epoch << ": compound " << c << " without its neighbour";
        ++visits[c];
      }
    }
    ASSERT_EQ(visits.size(), 12u);
    for (const auto& [compound, count] : visits) EXPECT_EQ(count, 3u);
  }
  EXPECT_THROW(PairSampler(compounds, PairSamplerOptions().compounds_per_batch(4).epoch_factor(3).augment_probability(0.5).seed(42).structure_rounds(1).structure_group(2), nullptr), ParameterError);
  EXPECT_THROW(PairSampler(compounds, PairSamplerOptions().compounds_per_batch(4).epoch_factor(3).augment_probability(0.5).seed(42).mass_window_rounds(2).structure_rounds(2).structure_group(2), &neighbours), ParameterError);
}

TEST(TrainSampler, BatchLargerThanTheCompoundsTakesEachOnce)
{
  const auto compounds = makeCompounds(5);
  const PairSampler sampler(compounds, PairSamplerOptions().compounds_per_batch(16).epoch_factor(10).augment_probability(0.5).seed(1));
  const auto plan = sampler.epochPlan(0);
  ASSERT_EQ(plan.size(), 10u);
  for (const auto& batch : plan) EXPECT_EQ(std::set<size_t>(batch.begin(), batch.end()).size(), 5u);
}

TEST(TrainSampler, PlansAndViewsDependOnlyOnSeedEpochAndStep)
{
  const auto compounds = makeCompounds(12);
  const PairSampler sampler(compounds, PairSamplerOptions().compounds_per_batch(5).epoch_factor(2).augment_probability(0.5).seed(9));
  const PairSampler same(compounds, PairSamplerOptions().compounds_per_batch(5).epoch_factor(2).augment_probability(0.5).seed(9));
  EXPECT_EQ(sampler.epochPlan(3), same.epochPlan(3));
  EXPECT_NE(sampler.epochPlan(3), sampler.epochPlan(4));
  const auto plan = sampler.epochPlan(3);
  const auto a = sampler.views(plan[2], 3, 2);
  sampler.views(plan[1], 3, 1); // drawing other batches in between changes nothing
  const auto b = same.views(plan[2], 3, 2);
  ASSERT_EQ(a.views.size(), b.views.size());
  for (size_t i = 0; i < a.views.size(); ++i) EXPECT_EQ(a.views[i].intensity, b.views[i].intensity);
}

TEST(TrainSampler, TwoViewsPerCompoundFromItsOwnSpectra)
{
  const auto compounds = makeCompounds(9);
  for (double probability : {0.0, 1.0})
  {
    const PairSampler sampler(compounds, PairSamplerOptions().compounds_per_batch(4).epoch_factor(1).augment_probability(probability).seed(5));
    const auto plan = sampler.epochPlan(0);
    for (size_t step = 0; step < plan.size(); ++step)
    {
      const auto batch = sampler.views(plan[step], 0, step);
      EXPECT_EQ(batch.compounds, plan[step]);
      ASSERT_EQ(batch.views.size(), 2 * plan[step].size());
      for (size_t i = 0; i < batch.compounds.size(); ++i)
      {
        for (size_t v = 0; v < 2; ++v)
        {
          const auto& view = batch.views[2 * i + v];
          // The precursor m/z names the source: 100 x compound + spectrum.
          EXPECT_EQ(static_cast<size_t>(view.mz[0]) / 100, batch.compounds[i]);
          if (probability == 0.0) EXPECT_EQ(view.size(), 7u); // unchanged spectra
        }
        if (probability == 1.0)
        {
          // Two augmentations of one spectrum: same source, different intensities.
          EXPECT_EQ(batch.views[2 * i].mz[0], batch.views[2 * i + 1].mz[0]);
          EXPECT_NE(batch.views[2 * i].intensity, batch.views[2 * i + 1].intensity);
        }
      }
    }
  }
}

TEST(TrainSampler, PrecursorDropoutRemovesThePrecursorTokenOfViews)
{
  const auto compounds = makeCompounds(6);
  const PairSampler always(compounds, PairSamplerOptions().compounds_per_batch(6).epoch_factor(1).augment_probability(0.0).precursor_dropout(1.0));
  const auto batch = always.views(always.epochPlan(0)[0], 0, 0);
  for (const auto& view : batch.views)
  {
    ASSERT_EQ(view.size(), 6u); // the 6 fragments of makeCompounds, no precursor token
    EXPECT_EQ(view.mz[0], 50.0f);
  }
  const PairSampler half(compounds, PairSamplerOptions().compounds_per_batch(6).epoch_factor(1).augment_probability(0.0).precursor_dropout(0.5));
  size_t dropped = 0, views = 0;
  for (size_t step = 0; step < 50; ++step)
  {
    for (const auto& view : half.views(half.epochPlan(0)[0], 0, step).views)
    {
      dropped += view.size() == 6;
      ++views;
    }
  }
  EXPECT_GT(dropped, views / 3);
  EXPECT_LT(dropped, 2 * views / 3);
}

TEST(TrainSampler, BatchesNeverMixIonModes)
{
  auto compounds = makeCompounds(14);
  for (size_t c = 0; c < compounds.size(); ++c) compounds.compounds[c].ion_mode = c % 3 == 0 ? "negative" : "positive";
  const PairSampler sampler(compounds, PairSamplerOptions().compounds_per_batch(4).epoch_factor(2).seed(3).mass_window_rounds(1));
  EXPECT_EQ(sampler.batchesPerEpoch(), 10u); // per round (a random and a mass window one): 5 negative in 4 + 1, 9 positive in 4 + 4 + 1
  for (size_t epoch = 0; epoch < 5; ++epoch)
  {
    std::map<size_t, size_t> visits;
    for (const auto& batch : sampler.epochPlan(epoch))
    {
      for (size_t c : batch)
      {
        EXPECT_EQ(compounds.compounds[c].ion_mode, compounds.compounds[batch[0]].ion_mode) << "epoch " << epoch;
        ++visits[c];
      }
    }
    ASSERT_EQ(visits.size(), 14u);
    for (const auto& [compound, count] : visits) EXPECT_EQ(count, 2u);
  }
}

TEST(TrainCompoundSet, GroupsByFirstInchikeyBlockAndCountsSkippedSpectra)
{
  std::vector<Spectrum> spectra = {annotated("AAAAAAAAAAAAAA-BBBBBBBBBB-N", 200.0), annotated("CCCCCCCCCCCCCC-BBBBBBBBBB-N", 300.0),
                                   annotated("AAAAAAAAAAAAAA-DDDDDDDDDD-N", 210.0), annotated("", 220.0), annotated("EEEEEEEEEEEEEE-X", 0.0)};
  spectra[0].smiles = "CCO";
  const auto set = groupByCompound(spectra, Tokenizer(10));
  ASSERT_EQ(set.size(), 2u);
  EXPECT_EQ(set.compounds[0].key, "AAAAAAAAAAAAAA");
  EXPECT_EQ(set.compounds[0].spectra.size(), 2u);
  EXPECT_EQ(set.compounds[0].smiles, "CCO");
  EXPECT_EQ(set.skippedCount(), 2u);
  EXPECT_EQ(set.skipped.at("without InChIKey"), 1u);
  EXPECT_EQ(set.skipped.at("no precursor m/z"), 1u);
}

TEST(TrainCompoundSet, AMoleculeInTwoIonModesIsTwoCompoundsOnOneSideOfTheSplit)
{
  std::vector<Spectrum> spectra;
  for (size_t c = 0; c < 10; ++c)
  {
    for (const std::string mode : {"positive", "negative"})
    {
      auto spectrum = annotated(std::string(13, 'A') + static_cast<char>('A' + c) + "-BBBBBBBBBB-N", 200.0 + c);
      spectrum.ion_mode = mode;
      spectra.push_back(spectrum);
    }
  }
  const auto set = groupByCompound(spectra, Tokenizer(10));
  ASSERT_EQ(set.size(), 20u);
  EXPECT_EQ(set.compounds[0].key, set.compounds[1].key);
  EXPECT_EQ(set.compounds[0].ion_mode, "negative");
  EXPECT_EQ(set.compounds[1].ion_mode, "positive");
  EXPECT_EQ(set.spectraByIonMode(), (std::map<std::string, size_t>{{"negative", 10}, {"positive", 10}}));
  const auto [training, validation] = splitByCompound(set, 0.3, 5);
  EXPECT_EQ(validation.size(), 6u); // three molecules, in both modes
  std::set<std::string> validation_keys;
  for (const auto& compound : validation.compounds) validation_keys.insert(compound.key);
  EXPECT_EQ(validation_keys.size(), 3u);
  for (const auto& compound : training.compounds) EXPECT_FALSE(validation_keys.count(compound.key));
}

TEST(TrainCompoundSet, ValidationSplitIsByCompoundAndReproducible)
{
  const auto all = makeCompounds(20);
  const auto [training, validation] = splitByCompound(all, 0.2, 3);
  EXPECT_EQ(validation.size(), 4u);
  EXPECT_EQ(training.size(), 16u);
  std::set<std::string> keys;
  for (const auto& compound : training.compounds) keys.insert(compound.key);
  for (const auto& compound : validation.compounds) EXPECT_TRUE(keys.insert(compound.key).second);
  EXPECT_EQ(splitByCompound(all, 0.2, 3).second.compounds[0].key, validation.compounds[0].key);
  EXPECT_THROW(splitByCompound(makeCompounds(2), 0.1, 3), ParameterError);
}
