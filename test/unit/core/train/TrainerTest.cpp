#include "core/Errors.h"
#include "core/search/MorganFingerprints.h"
#include "core/train/Trainer.h"
#include "support/TestSupport.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>

using namespace SpecEmbedding;

namespace
{
  const std::vector<std::string> kSmiles = {"CCO", "CCCO", "CCCCO", "c1ccccc1", "c1ccccc1O", "CC(=O)O",
                                            "CCN", "CCCN", "OCCO", "CC(C)O", "C1CCCCC1", "CCOC"};

  std::string inchikey(size_t compound)
  {
    return std::string(13, 'A') + static_cast<char>('A' + compound) + "-UHFFFAOYSA-N";
  }

  /// Spectra of `compounds` compounds: each has its own eight fragment m/z values; its spectra
  /// vary the intensities and add two random noise peaks.
  std::vector<Spectrum> syntheticSpectra(size_t compounds, size_t spectra_per_compound, uint64_t seed = 1)
  {
    std::mt19937_64 random(seed);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    std::vector<Spectrum> spectra;
    for (size_t c = 0; c < compounds; ++c)
    {
      for (size_t s = 0; s < spectra_per_compound; ++s)
      {
        Spectrum spectrum;
        spectrum.id = "c" + std::to_string(c) + "s" + std::to_string(s);
        spectrum.inchikey = inchikey(c);
        spectrum.smiles = kSmiles[c % kSmiles.size()];
        spectrum.precursor_mz = 150.0 + 13.0 * static_cast<double>(c);
        std::vector<std::pair<double, double>> peaks;
        for (size_t p = 0; p < 8; ++p)
        {
          peaks.emplace_back(40.0 + static_cast<double>((c * 37 + p * 53) % 400), 0.2 + 0.8 * static_cast<double>((p * 7 + c) % 8) / 7.0 * (0.8 + 0.4 * uniform(random)));
        }
        for (int noise = 0; noise < 2; ++noise) peaks.emplace_back(40.0 + 400.0 * uniform(random), 0.1 * uniform(random));
        std::sort(peaks.begin(), peaks.end());
        for (const auto& [mz, intensity] : peaks)
        {
          spectrum.mz.push_back(mz);
          spectrum.intensity.push_back(intensity);
        }
        spectra.push_back(spectrum);
      }
    }
    return spectra;
  }

  ModelConfig tinyConfig()
  {
    auto config = TestSupport::smallConfig(16, 2, 1);
    config.dim_feedforward = 32;
    config.dim_target = 16;
    config.max_len = 16;
    return config;
  }

  SpectrumEncoder tinyEncoder(uint64_t seed)
  {
    torch::manual_seed(seed);
    return SpectrumEncoder(tinyConfig());
  }

  TrainerOptions fastOptions()
  {
    TrainerOptions options;
    options.epochs = 3;
    options.compounds_per_batch = 6;
    options.epoch_factor = 2;
    options.validation_fraction = 0.25;
    options.learning_rate = 3e-3;
    if (!MorganFingerprints::available()) options.loss = LossKind::SupCon; // a build without RDKit
    return options;
  }

  struct SimulatedCrash
  {
  };

  /// Trains a fresh encoder (initial weights from `seed`) until the process is "killed" after `step`.
  void trainUntilCrash(const TrainerOptions& options, const std::vector<Spectrum>& spectra, uint64_t seed, size_t step)
  {
    auto encoder = tinyEncoder(seed);
    EXPECT_THROW(Trainer(options).train(spectra, nullptr, encoder, {},
                                        [step](size_t done, size_t) { if (done == step) throw SimulatedCrash{}; }),
                 SimulatedCrash);
  }

  void expectSameWeights(const SpectrumEncoder& actual, const SpectrumEncoder& expected)
  {
    const auto expected_weights = expected->named_parameters();
    for (const auto& item : actual->named_parameters())
    {
      EXPECT_TRUE(torch::equal(item.value(), expected_weights[item.key()])) << item.key();
    }
  }
}

TEST(Trainer, ReducesTheLossOnSyntheticSpectra)
{
  // SupCon alone does not lower its loss on these 9 nearly alike compounds (at learning rates 3e-3
  // to 3e-4 it rises); it does learn on real spectra (TOPP test trainer_supcon_learns).
  if (!MorganFingerprints::available()) GTEST_SKIP() << "this build has no RDKit: SupCon alone";
  auto options = fastOptions();
  options.epochs = 8;
  auto encoder = tinyEncoder(3);
  const auto outcome = Trainer(options).train(syntheticSpectra(12, 3), nullptr, encoder);
  ASSERT_EQ(outcome.reports.size(), 9u); // the untrained baseline, then 8 epochs
  EXPECT_EQ(outcome.training_compounds, 9u);
  EXPECT_EQ(outcome.validation_compounds, 3u);
  const auto& untrained = outcome.reports.front();
  EXPECT_EQ(untrained.epoch, 0u);
  EXPECT_TRUE(std::isnan(untrained.train_loss));
  EXPECT_TRUE(std::isfinite(untrained.validation_loss));
  EXPECT_LT(outcome.reports.back().train_loss, 0.7 * outcome.reports[1].train_loss);
  EXPECT_LT(outcome.reports.back().validation_loss, untrained.validation_loss);
  for (const auto& report : std::vector<EpochReport>(outcome.reports.begin() + 1, outcome.reports.end()))
  {
    EXPECT_GT(report.views_per_second, 0.0);
    EXPECT_GE(report.validation_hit_ratio, 0.0);
    EXPECT_LE(report.validation_hit_ratio, 1.0);
  }
  EXPECT_GE(outcome.best_epoch, 1u);
  EXPECT_FALSE(encoder->is_training());
}

TEST(Trainer, ResumeAfterAnInterruptionGivesTheUninterruptedWeights)
{
  auto options = fastOptions();
  options.checkpoint_interval_steps = 2;
  const auto spectra = syntheticSpectra(12, 3);

  options.checkpoint_path = TestSupport::temporaryPath("uninterrupted.ckpt");
  auto uninterrupted = tinyEncoder(5);
  const auto expected = Trainer(options).train(spectra, nullptr, uninterrupted);

  // Killed after step 5 (steps per epoch: 3); the last checkpoint was written at step 4.
  options.checkpoint_path = TestSupport::temporaryPath("interrupted.ckpt");
  trainUntilCrash(options, spectra, 5, 5);

  options.resume = true;
  auto resumed = tinyEncoder(99); // other initial weights: the checkpoint must replace them
  std::vector<size_t> steps;
  const auto outcome = Trainer(options).train(spectra, nullptr, resumed, {}, [&](size_t step, size_t) { steps.push_back(step); });
  EXPECT_TRUE(outcome.resumed);
  EXPECT_EQ(steps.front(), 5u);
  EXPECT_EQ(steps.back(), 9u);

  expectSameWeights(resumed, uninterrupted);
  ASSERT_EQ(outcome.reports.size(), expected.reports.size());
  for (size_t i = 0; i < outcome.reports.size(); ++i)
  {
    EXPECT_EQ(outcome.reports[i].epoch, expected.reports[i].epoch);
    EXPECT_TRUE(outcome.reports[i].train_loss == expected.reports[i].train_loss ||
                (std::isnan(outcome.reports[i].train_loss) && std::isnan(expected.reports[i].train_loss)));
    EXPECT_EQ(outcome.reports[i].validation_loss, expected.reports[i].validation_loss);
  }
}

namespace
{
  /// The weights at the end of every epoch, taken from the epoch callback.
  struct EpochWeights
  {
    SpectrumEncoder* encoder;
    std::map<size_t, std::map<std::string, torch::Tensor>> by_epoch;

    void operator()(const EpochReport& report, const TrainingOutcome& /*outcome*/)
    {
      if (report.averaged_from > 0 || report.epoch == 0) return;
      for (const auto& item : (*encoder)->named_parameters()) by_epoch[report.epoch][item.key()] = item.value().detach().clone();
    }

    torch::Tensor mean(const std::string& name, size_t first, size_t last) const
    {
      auto sum = torch::zeros_like(by_epoch.at(first).at(name));
      for (size_t epoch = first; epoch <= last; ++epoch) sum += by_epoch.at(epoch).at(name);
      return sum / static_cast<double>(last - first + 1);
    }
  };
}

TEST(Trainer, AveragesTheWeightsOfTheLaterEpochs)
{
  auto options = fastOptions();
  options.epochs = 4;
  options.average_from_epoch = 2;
  options.validation_fraction = 0.0; // without validation the average is kept in any case
  options.log_path = TestSupport::temporaryPath("averaged.tsv");
  auto encoder = tinyEncoder(10);
  EpochWeights epochs{&encoder, {}};
  std::vector<EpochReport> reports;
  const auto outcome = Trainer(options).train(syntheticSpectra(12, 2), nullptr, encoder, [&](const EpochReport& report, const TrainingOutcome& so_far) {
    epochs(report, so_far);
    reports.push_back(report);
  });
  ASSERT_EQ(reports.size(), 5u); // four epochs, then their average
  EXPECT_EQ(reports.back().averaged_from, 2u);
  EXPECT_EQ(reports.back().epoch, 4u);
  EXPECT_EQ(reports.back().label(), "2-4");
  EXPECT_TRUE(reports.back().best);
  EXPECT_EQ(outcome.best_averaged_from, 2u);
  EXPECT_EQ(outcome.best_epoch, 4u);
  EXPECT_EQ(outcome.selection(), "average of the weights of epochs 2-4");
  for (const auto& item : encoder->named_parameters())
  {
    EXPECT_TRUE(torch::allclose(item.value(), epochs.mean(item.key(), 2, 4), 1e-5, 1e-6)) << item.key();
    EXPECT_FALSE(torch::equal(item.value(), epochs.by_epoch.at(4).at(item.key()))) << item.key();
  }
  std::ifstream log(options.log_path);
  std::string line, last;
  while (std::getline(log, line)) last = line;
  EXPECT_EQ(last.substr(0, 4), "2-4\t");
}

TEST(Trainer, ValidatesTheAverageAndKeepsIt)
{
  auto options = fastOptions();
  options.epochs = 4;
  options.average_from_epoch = 3;
  auto encoder = tinyEncoder(11);
  EpochWeights epochs{&encoder, {}};
  const auto outcome = Trainer(options).train(syntheticSpectra(12, 3), nullptr, encoder, std::ref(epochs));
  const auto& average = outcome.reports.back();
  ASSERT_EQ(average.averaged_from, 3u);
  EXPECT_TRUE(std::isfinite(average.validation_loss));
  EXPECT_TRUE(std::isfinite(average.validation_hit_ratio));
  EXPECT_EQ(outcome.best_validation_loss, average.validation_loss);
  EXPECT_EQ(outcome.best_averaged_from, 3u);
  for (const auto& item : encoder->named_parameters())
  {
    EXPECT_TRUE(torch::allclose(item.value(), epochs.mean(item.key(), 3, 4), 1e-5, 1e-6)) << item.key();
  }
}

TEST(Trainer, KeepsTheBestEpochWhenItStopsBeforeAveraging)
{
  auto options = fastOptions();
  options.epochs = 10;
  options.patience = 2;
  options.average_from_epoch = 5;
  options.learning_rate = 1e-30; // every epoch validates the same: stops after epoch 3
  std::vector<std::string> warnings;
  auto encoder = tinyEncoder(2);
  const auto outcome =
    Trainer(options, [&](const std::string& message) { warnings.push_back(message); }).train(syntheticSpectra(12, 2), nullptr, encoder);
  EXPECT_TRUE(outcome.stopped_early);
  EXPECT_EQ(outcome.best_epoch, 1u);
  EXPECT_EQ(outcome.best_averaged_from, 0u);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("before average_from_epoch (5)"), std::string::npos);
}

TEST(Trainer, ResumedAveragingGivesTheUninterruptedAverage)
{
  auto options = fastOptions();
  options.epochs = 4;
  options.average_from_epoch = 2;
  options.validation_fraction = 0.0;
  const auto spectra = syntheticSpectra(12, 2);

  options.checkpoint_path = TestSupport::temporaryPath("averaged-uninterrupted.ckpt");
  auto uninterrupted = tinyEncoder(12);
  Trainer(options).train(spectra, nullptr, uninterrupted);

  // 3 steps per epoch: killed in epoch 4, after the checkpoint of epoch 3 holds the average of epochs 2 and 3.
  options.checkpoint_path = TestSupport::temporaryPath("averaged-interrupted.ckpt");
  trainUntilCrash(options, spectra, 12, 11);
  options.resume = true;
  auto resumed = tinyEncoder(98);
  const auto outcome = Trainer(options).train(spectra, nullptr, resumed);
  EXPECT_EQ(outcome.best_averaged_from, 2u);
  expectSameWeights(resumed, uninterrupted);
}

TEST(Trainer, RefusesToAverageFromAnEpochAfterTheLast)
{
  auto options = fastOptions();
  options.average_from_epoch = options.epochs + 1;
  EXPECT_THROW(Trainer{options}, ParameterError);
}

TEST(Trainer, RefusesToResumeACheckpointOfAnotherRun)
{
  auto options = fastOptions();
  options.epochs = 1;
  options.checkpoint_path = TestSupport::temporaryPath("other-run.ckpt");
  const auto spectra = syntheticSpectra(12, 2);
  auto encoder = tinyEncoder(1);
  Trainer(options).train(spectra, nullptr, encoder);
  options.resume = true;
  options.learning_rate *= 2;
  EXPECT_THROW(Trainer(options).train(spectra, nullptr, encoder), ParameterError);
}

TEST(Trainer, StopsEarlyWhenValidationDoesNotImprove)
{
  auto options = fastOptions();
  options.epochs = 10;
  options.patience = 2;
  options.learning_rate = 1e-30; // updates vanish in float32: every epoch validates the same
  auto encoder = tinyEncoder(2);
  const auto outcome = Trainer(options).train(syntheticSpectra(12, 2), nullptr, encoder);
  EXPECT_TRUE(outcome.stopped_early);
  EXPECT_EQ(outcome.epochs_completed, 3u);
  EXPECT_EQ(outcome.best_epoch, 1u);
}

TEST(Trainer, ReportsEveryEpochToTheCallbackAndTheLog)
{
  auto options = fastOptions();
  options.log_path = TestSupport::temporaryPath("training.tsv");
  auto encoder = tinyEncoder(4);
  std::vector<size_t> epochs;
  std::vector<std::vector<std::string>> ion_modes;
  size_t steps = 0, total = 0;
  auto spectra = syntheticSpectra(12, 2);
  for (auto& spectrum : spectra) spectrum.ion_mode = "negative";
  Trainer(options).train(spectra, nullptr, encoder,
                         [&](const EpochReport& report, const TrainingOutcome& so_far) {
                           epochs.push_back(report.epoch);
                           ion_modes.push_back(so_far.knownIonModes());
                         },
                         [&](size_t step, size_t planned) { steps = step; total = planned; });
  EXPECT_EQ(epochs, (std::vector<size_t>{0, 1, 2, 3})); // 0: the untrained baseline
  // The outcome so far gives every epoch, the baseline too, the training spectra's known ion modes.
  EXPECT_EQ(ion_modes, std::vector<std::vector<std::string>>(4, {"negative"}));
  EXPECT_EQ(total, 9u); // 9 training compounds x 2 visits / 6 per batch x 3 epochs
  EXPECT_EQ(steps, total);

  std::ifstream log(options.log_path);
  std::string line;
  std::vector<std::string> lines;
  while (std::getline(log, line)) lines.push_back(line);
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[0], EpochReport::tsvHeader());
  EXPECT_EQ(lines[1].substr(0, 5), "0\tNA\t");
  EXPECT_EQ(lines[4].substr(0, 2), "3\t");
}

TEST(Trainer, UnparsableSmilesIsWarnedAboutAndLeftOutOfTheTanimotoTerm)
{
  if (!MorganFingerprints::available()) GTEST_SKIP() << "this build has no RDKit";
  auto options = fastOptions();
  options.epochs = 1;
  options.validation_fraction = 0.0;
  auto spectra = syntheticSpectra(6, 2);
  spectra[2].smiles = spectra[3].smiles = "C1CC(";
  std::vector<std::string> warnings;
  auto encoder = tinyEncoder(6);
  const auto outcome = Trainer(options, [&](const std::string& message) { warnings.push_back(message); }).train(spectra, nullptr, encoder);
  EXPECT_EQ(outcome.compounds_without_fingerprint, 1u);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find(inchikey(1).substr(0, 14)), std::string::npos);
  EXPECT_NE(warnings[0].find("C1CC("), std::string::npos);
  EXPECT_EQ(outcome.warnings, warnings);
  EXPECT_TRUE(std::isfinite(outcome.reports[0].train_loss));
}

TEST(Trainer, UsesAGivenValidationSetAndCountsSkippedSpectra)
{
  auto options = fastOptions();
  options.epochs = 1;
  auto training = syntheticSpectra(8, 2);
  training[0].inchikey.clear();
  training[1].precursor_mz = 0.0;
  const auto validation = syntheticSpectra(12, 2);
  const std::vector<Spectrum> held_out(validation.begin() + 16, validation.end());
  auto encoder = tinyEncoder(7);
  const auto outcome = Trainer(options).train(training, &held_out, encoder);
  EXPECT_EQ(outcome.training_compounds, 7u); // compound 0 lost both its spectra
  EXPECT_EQ(outcome.validation_compounds, 4u);
  EXPECT_EQ(outcome.skipped.at("without InChIKey"), 1u);
  EXPECT_EQ(outcome.skipped.at("no precursor m/z"), 1u);
  EXPECT_EQ(outcome.provenance()["training"]["spectra"], 14u);
}

TEST(Trainer, NeedsAnnotatedSpectraOfTwoCompounds)
{
  auto encoder = tinyEncoder(8);
  auto unannotated = syntheticSpectra(4, 2);
  for (auto& spectrum : unannotated) spectrum.inchikey.clear();
  EXPECT_THROW(Trainer(fastOptions()).train(unannotated, nullptr, encoder), InputError);
  EXPECT_THROW(Trainer(fastOptions()).train(syntheticSpectra(1, 5), nullptr, encoder), InputError);
  auto options = fastOptions();
  options.resume = true; // without a checkpoint path
  EXPECT_THROW(Trainer{options}, ParameterError);
}

TEST(TrainingOutcome, KnowsTheStatedIonModesOnly)
{
  TrainingOutcome outcome;
  outcome.ion_modes = {{"", 3}, {"positive", 2}, {"negative", 1}};
  EXPECT_EQ(outcome.knownIonModes(), (std::vector<std::string>{"negative", "positive"}));
}
