#include "TrainingCheckpoint.h"

#include "../Errors.h"
#include "../io/ModelFile.h"
#include "JsonNumber.h"

#include <torch/serialize.h>

#include <fstream>
#include <iterator>
#include <limits>

namespace SpecEmbedding
{
  namespace
  {
    WeightSnapshot tensorDict(const c10::IValue& value)
    {
      WeightSnapshot tensors;
      for (const auto& entry : value.toGenericDict()) tensors.insert(entry.key().toStringRef(), entry.value().toTensor());
      return tensors;
    }

    std::string stateKey(const torch::Tensor& parameter)
    {
      // How torch::optim::Optimizer keys its per-parameter state.
      return c10::guts::to_string(parameter.unsafeGetTensorImpl());
    }

    WeightSnapshot optimizerState(const torch::nn::Module& model, const torch::optim::AdamW& optimizer)
    {
      WeightSnapshot state;
      for (const auto& item : model.named_parameters())
      {
        const auto found = optimizer.state().find(stateKey(item.value()));
        if (found == optimizer.state().end()) continue; // no update yet
        const auto& adam = static_cast<const torch::optim::AdamWParamState&>(*found->second);
        state.insert(item.key() + "/exp_avg", adam.exp_avg().clone());
        state.insert(item.key() + "/exp_avg_sq", adam.exp_avg_sq().clone());
        state.insert(item.key() + "/step", torch::tensor(adam.step(), torch::kLong));
      }
      return state;
    }

    void restoreOptimizerState(const torch::nn::Module& model, torch::optim::AdamW& optimizer, const WeightSnapshot& state)
    {
      optimizer.state().clear();
      for (const auto& item : model.named_parameters())
      {
        const auto exp_avg = state.find(item.key() + "/exp_avg");
        if (exp_avg == state.end()) continue;
        auto adam = std::make_unique<torch::optim::AdamWParamState>();
        adam->step(state.at(item.key() + "/step").item<int64_t>());
        adam->exp_avg(exp_avg->value().clone());
        adam->exp_avg_sq(state.at(item.key() + "/exp_avg_sq").clone());
        optimizer.state()[stateKey(item.value())] = std::move(adam);
      }
    }
  }

  TrainingProgress::TrainingProgress()
    : best_hit_ratio(std::numeric_limits<double>::quiet_NaN()), best_validation_loss(std::numeric_limits<double>::quiet_NaN())
  {
  }

  nlohmann::json TrainingProgress::toJson() const
  {
    auto reports_json = nlohmann::json::array();
    for (const auto& report : reports) reports_json.push_back(report.toJson());
    return {{"epoch", epoch}, {"step_in_epoch", step_in_epoch}, {"global_step", global_step},
            {"epoch_loss_sum", epoch_loss_sum}, {"epoch_samples", epoch_samples}, {"epoch_step_seconds", epoch_step_seconds},
            {"elapsed_seconds", elapsed_seconds}, {"best_epoch", best_epoch}, {"best_hit_ratio", jsonNumber(best_hit_ratio)},
            {"best_validation_loss", jsonNumber(best_validation_loss)}, {"epochs_without_improvement", epochs_without_improvement},
            {"stopped_early", stopped_early}, {"averaged_epochs", averaged_epochs}, {"reports", reports_json}};
  }

  TrainingProgress TrainingProgress::fromJson(const nlohmann::json& json)
  {
    TrainingProgress progress;
    progress.epoch = json.at("epoch").get<size_t>();
    progress.step_in_epoch = json.at("step_in_epoch").get<size_t>();
    progress.global_step = json.at("global_step").get<size_t>();
    progress.epoch_loss_sum = json.at("epoch_loss_sum").get<double>();
    progress.epoch_samples = json.at("epoch_samples").get<size_t>();
    progress.epoch_step_seconds = json.at("epoch_step_seconds").get<double>();
    progress.elapsed_seconds = json.at("elapsed_seconds").get<double>();
    progress.best_epoch = json.at("best_epoch").get<size_t>();
    progress.best_hit_ratio = numberFromJson(json, "best_hit_ratio");
    progress.best_validation_loss = numberFromJson(json, "best_validation_loss");
    progress.epochs_without_improvement = json.at("epochs_without_improvement").get<size_t>();
    progress.stopped_early = json.at("stopped_early").get<bool>();
    progress.averaged_epochs = json.at("averaged_epochs").get<size_t>();
    for (const auto& report : json.at("reports")) progress.reports.push_back(EpochReport::fromJson(report));
    return progress;
  }

  void TrainingCheckpoint::save(const std::string& path, const nlohmann::json& run, const TrainingProgress& progress,
                                const torch::nn::Module& model, const WeightSnapshot& best, const WeightSnapshot& average,
                                const torch::optim::AdamW& optimizer)
  {
    c10::impl::GenericDict file(c10::StringType::get(), c10::AnyType::get());
    file.insert("format", std::string(kFormat));
    file.insert("format_version", static_cast<int64_t>(kFormatVersion));
    file.insert("run", run.dump());
    file.insert("progress", progress.toJson().dump());
    file.insert("model", snapshotWeights(model));
    file.insert("best_model", best);
    file.insert("average_model", average);
    file.insert("optimizer", optimizerState(model, optimizer));
    const auto bytes = torch::pickle_save(file);
    writeFileAtomically(path, std::string(bytes.begin(), bytes.end()));
  }

  TrainingProgress TrainingCheckpoint::load(const std::string& path, const nlohmann::json& run, torch::nn::Module& model,
                                            WeightSnapshot& best, WeightSnapshot& average, torch::optim::AdamW& optimizer)
  {
    const auto fail = [&](const std::string& why) { return ModelError("training checkpoint '" + path + "' " + why); };
    std::ifstream in(path, std::ios::binary);
    if (!in) throw fail("cannot be opened");
    const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());

    try
    {
      const auto loaded = torch::pickle_load(bytes);
      if (!loaded.isGenericDict()) throw fail("is not a training checkpoint");
      const auto file = loaded.toGenericDict();
      if (!file.contains("format") || file.at("format").toStringRef() != kFormat) throw fail("is not a training checkpoint");
      if (file.at("format_version").toInt() > kFormatVersion) throw fail("was written by a newer version");
      const auto stored_run = nlohmann::json::parse(file.at("run").toStringRef());
      if (stored_run != run)
      {
        std::string differing;
        for (const auto& [key, value] : run.items())
        {
          if (!stored_run.contains(key) || stored_run.at(key) != value) differing += (differing.empty() ? "" : ", ") + key;
        }
        throw ParameterError("training checkpoint '" + path + "' belongs to another run (its " + differing +
                             " differ); remove it or train without resuming");
      }
      auto progress = TrainingProgress::fromJson(nlohmann::json::parse(file.at("progress").toStringRef()));
      restoreWeights(model, tensorDict(file.at("model")), "training checkpoint '" + path + "'");
      best = tensorDict(file.at("best_model"));
      average = tensorDict(file.at("average_model"));
      restoreOptimizerState(model, optimizer, tensorDict(file.at("optimizer")));
      return progress;
    }
    catch (const ModelError&)
    {
      throw;
    }
    catch (const ParameterError&)
    {
      throw;
    }
    catch (const std::exception& error)
    {
      throw fail(std::string("is unreadable (truncated or corrupt?): ") + error.what());
    }
  }
}
