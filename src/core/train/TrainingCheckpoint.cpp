#include "TrainingCheckpoint.h"

#include "../Errors.h"
#include "../io/PickleFile.h"

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
        state.insert(item.key() + "/exp_avg", adam.exp_avg().to(torch::kCPU, false, true));
        state.insert(item.key() + "/exp_avg_sq", adam.exp_avg_sq().to(torch::kCPU, false, true));
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
        // On the parameter's device (the checkpoint keeps CPU copies).
        adam->exp_avg(exp_avg->value().to(item.value().device(), false, true));
        adam->exp_avg_sq(state.at(item.key() + "/exp_avg_sq").to(item.value().device(), false, true));
        optimizer.state()[stateKey(item.value())] = std::move(adam);
      }
    }
  }

  nlohmann::json TrainingProgress::toJson() const
  {
    auto reports_json = nlohmann::json::array();
    for (const auto& report : reports) reports_json.push_back(report.toJson());
    return {{"epoch", epoch}, {"step_in_epoch", step_in_epoch}, {"global_step", global_step},
            {"epoch_loss_sum", epoch_loss_sum}, {"epoch_samples", epoch_samples}, {"epoch_step_seconds", epoch_step_seconds},
            {"elapsed_seconds", elapsed_seconds}, {"reports", reports_json}};
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
    for (const auto& report : json.at("reports")) progress.reports.push_back(EpochReport::fromJson(report));
    return progress;
  }

  void TrainingCheckpoint::save(const std::string& path, const nlohmann::json& run, const TrainingProgress& progress,
                                const WeightSelection& selection, const torch::nn::Module& model, const torch::optim::AdamW& optimizer)
  {
    auto progress_json = progress.toJson();
    selection.writeJson(progress_json);
    c10::impl::GenericDict file(c10::StringType::get(), c10::AnyType::get());
    file.insert("format", std::string(kFormat));
    file.insert("format_version", static_cast<int64_t>(kFormatVersion));
    file.insert("run", run.dump());
    file.insert("progress", progress_json.dump());
    file.insert("model", snapshotWeights(model));
    file.insert("best_model", selection.best());
    file.insert("average_model", selection.average());
    file.insert("optimizer", optimizerState(model, optimizer));
    savePickle(path, file);
  }

  TrainingProgress TrainingCheckpoint::load(const std::string& path, const nlohmann::json& run, torch::nn::Module& model,
                                            WeightSelection& selection, torch::optim::AdamW& optimizer)
  {
    const auto fail = [&](const std::string& why) { return ModelError("training checkpoint '" + path + "' " + why); };
    try
    {
      const auto file = loadPickledDict(path, "training checkpoint", fail);
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
      const auto progress_json = nlohmann::json::parse(file.at("progress").toStringRef());
      auto progress = TrainingProgress::fromJson(progress_json);
      restoreWeights(model, tensorDict(file.at("model")), "training checkpoint '" + path + "'");
      selection.restore(progress_json, tensorDict(file.at("best_model")), tensorDict(file.at("average_model")));
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
