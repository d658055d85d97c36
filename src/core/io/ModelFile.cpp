#include "ModelFile.h"

#include "../ErrorText.h"
#include "../Errors.h"
#include "NamedTensors.h"
#include "PickleFile.h"
#include "Sha256.h"
#include "Timestamp.h"

#include <algorithm>

namespace SpecEmbedding
{
  namespace
  {
    /// The tokenizer's settings for readers of the file outside this project.
    nlohmann::json tokenizerJson(const Tokenizer& tokenizer)
    {
      nlohmann::json json = {{"max_len", tokenizer.maxLength()}, {"precursor_intensity", tokenizer.precursorIntensity("positive")}};
      if (tokenizer.ionModeToken()) json["negative_mode_precursor_intensity"] = tokenizer.precursorIntensity("negative");
      return json;
    }
  }

  std::string ModelFile::weightsChecksum(const torch::nn::Module& module)
  {
    Sha256 sha;
    for (const auto& item : module.named_parameters())
    {
      sha.update(item.key());
      sha.update(item.value().detach().to(torch::kCPU, torch::kFloat32).contiguous());
    }
    return sha.hex();
  }

  bool LoadedModel::serves(const std::string& ion_mode) const
  {
    return ion_mode.empty() || ion_modes.empty() || std::find(ion_modes.begin(), ion_modes.end(), ion_mode) != ion_modes.end();
  }

  std::string ModelFile::save(const std::string& path, SpectrumEncoder& encoder, nlohmann::json provenance,
                              const std::vector<std::string>& ion_modes, const ModelCalibration& calibration)
  {
    provenance["tool_version"] = SPECEMBEDDING_VERSION;
    provenance["created"] = currentTimeIso8601();
    const auto checksum = weightsChecksum(*encoder);

    c10::Dict<std::string, at::Tensor> weights;
    for (const auto& item : encoder->named_parameters())
    {
      weights.insert(item.key(), item.value().detach().to(torch::kCPU).contiguous().clone());
    }
    nlohmann::json header = {{"format", kFormat}, {"format_version", kFormatVersion},
                             {"architecture", encoder->config().toJson()},
                             {"tokenizer", tokenizerJson(encoder->config().tokenizer())},
                             {"provenance", provenance}, {"weights_sha256", checksum}, {"ion_modes", ion_modes},
                             {"calibration", calibration.toJson()}};
    c10::impl::GenericDict file(c10::StringType::get(), c10::AnyType::get());
    if (calibration.scorer)
    {
      // The trees beside the header, each with its checksum there.
      auto scorer = calibration.scorer->toJson();
      const auto trees = calibration.scorer->treesJson();
      c10::List<std::string> stored;
      for (const auto& one : trees)
      {
        scorer["trees_sha256"].push_back(sha256Hex(one));
        stored.push_back(one);
      }
      header["scorer"] = scorer;
      file.insert("scorer_trees", stored);
    }
    file.insert("header", header.dump(1));
    file.insert("weights", weights);
    savePickle(path, file);
    return checksum;
  }

  LoadedModel ModelFile::load(const std::string& path)
  {
    const auto fail = [&](const std::string& why) { return ModelError("model file '" + path + "' " + why); };
    const auto dict = loadPickledDict(path, "SpecEmbedding model", fail);
    if (!dict.contains("header") || !dict.contains("weights")) throw fail("is not a SpecEmbedding model (no header or weights)");

    nlohmann::json header;
    try
    {
      header = nlohmann::json::parse(dict.at("header").toStringRef());
    }
    catch (const std::exception& error)
    {
      throw fail(std::string("has an unreadable header: ") + error.what());
    }
    if (header.value("format", "") != kFormat) throw fail("is not a SpecEmbedding model");
    if (header.value("format_version", 0) > kFormatVersion)
    {
      throw fail("was written by a newer version (format " + std::to_string(header.value("format_version", 0)) + ")");
    }

    LoadedModel model;
    try
    {
      model.encoder = SpectrumEncoder(ModelConfig::fromJson(header.at("architecture")));
      model.provenance = header.value("provenance", nlohmann::json::object());
      model.weights_sha256 = header.at("weights_sha256").get<std::string>();
      model.ion_modes = header.value("ion_modes", std::vector<std::string>());
      model.calibration = ModelCalibration::fromJson(header.value("calibration", nlohmann::json::object()));
    }
    catch (const std::exception& error)
    {
      throw fail(std::string("has an invalid header: ") + error.what());
    }
    if (header.contains("scorer"))
    {
      try
      {
        std::vector<std::string> trees;
        for (const auto& one : dict.at("scorer_trees").toListRef()) trees.push_back(one.toStringRef());
        const auto checksums = header.at("scorer").at("trees_sha256").get<std::vector<std::string>>();
        if (checksums.size() != trees.size()) throw std::invalid_argument("a checksum per set of trees is missing");
        for (size_t i = 0; i < trees.size(); ++i)
        {
          if (sha256Hex(trees[i]) != checksums[i]) throw std::invalid_argument("its trees do not match their checksums");
        }
        model.calibration.scorer = CandidateScorer::fromJson(header.at("scorer"), trees);
      }
      catch (const ParameterError&)
      {
        model.scorer_unavailable = true; // a build without XGBoost: the rest of the model still works
      }
      catch (const std::exception& error)
      {
        throw fail(std::string("has a broken scorer section: ") + errorText(error));
      }
    }

    NamedTensors weights;
    try
    {
      for (const auto& entry : dict.at("weights").toGenericDict()) weights.emplace_back(entry.key().toStringRef(), entry.value().toTensor());
    }
    catch (const std::exception& error)
    {
      throw fail(std::string("has unreadable weights: ") + errorText(error));
    }
    loadNamedTensors(*model.encoder, weights, "model file '" + path + "'", "the file");
    if (weightsChecksum(*model.encoder) != model.weights_sha256) throw fail("is corrupt: its weights do not match their checksum");
    model.encoder->eval();
    return model;
  }
}
