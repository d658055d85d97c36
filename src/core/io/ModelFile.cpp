#include "ModelFile.h"

#include "../ErrorText.h"
#include "../Errors.h"
#include "Sha256.h"

#include <torch/serialize.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iomanip>
#include <iterator>
#include <sstream>

namespace SpecEmbedding
{
  namespace
  {
    std::string readFile(const std::string& path)
    {
      std::ifstream in(path, std::ios::binary);
      if (!in) throw ModelError("cannot open model file '" + path + "'");
      return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
  }

  std::string currentTimeIso8601()
  {
    const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    std::ostringstream out;
    out << std::put_time(&utc, "%Y-%m-%dT%H:%M:%SZ");
    return out.str();
  }

  void writeFileAtomically(const std::string& path, const std::string& bytes)
  {
    const std::string temporary = path + ".tmp";
    {
      std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
      if (!out) throw InputError("cannot write '" + path + "'");
      out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      out.close();
      if (!out)
      {
        std::remove(temporary.c_str());
        throw InputError("cannot write '" + path + "' (disk full?)");
      }
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0)
    {
      std::remove(temporary.c_str());
      throw InputError("cannot move the finished file into place at '" + path + "'");
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

  std::string ModelFile::save(const std::string& path, SpectrumEncoder& encoder, nlohmann::json provenance)
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
                             {"tokenizer", {{"max_len", encoder->config().max_len}, {"precursor_intensity", Tokenizer::kPrecursorIntensity}}},
                             {"provenance", provenance}, {"weights_sha256", checksum}};
    c10::impl::GenericDict file(c10::StringType::get(), c10::AnyType::get());
    file.insert("header", header.dump(1));
    file.insert("weights", weights);
    const auto bytes = torch::pickle_save(file);
    writeFileAtomically(path, std::string(bytes.begin(), bytes.end()));
    return checksum;
  }

  LoadedModel ModelFile::load(const std::string& path)
  {
    const auto bytes = readFile(path);
    const auto fail = [&](const std::string& why) { return ModelError("model file '" + path + "' " + why); };
    c10::IValue file;
    try
    {
      file = torch::pickle_load(std::vector<char>(bytes.begin(), bytes.end()));
    }
    catch (const std::exception& error)
    {
      throw fail(std::string("is not a readable SpecEmbedding model (truncated or corrupt?): ") + errorText(error));
    }
    if (!file.isGenericDict()) throw fail("is not a SpecEmbedding model");
    const auto dict = file.toGenericDict();
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
    }
    catch (const std::exception& error)
    {
      throw fail(std::string("has an invalid header: ") + error.what());
    }

    const auto weights = dict.at("weights").toGenericDict();
    torch::NoGradGuard no_grad;
    size_t matched = 0;
    for (auto& item : model.encoder->named_parameters())
    {
      const auto& name = item.key();
      if (!weights.contains(name)) throw fail("lacks weight '" + name + "'");
      const auto tensor = weights.at(name).toTensor();
      if (tensor.sizes() != item.value().sizes()) throw fail("has weight '" + name + "' of the wrong shape");
      item.value().copy_(tensor);
      ++matched;
    }
    if (matched != weights.size()) throw fail("holds weights the architecture does not have");
    if (weightsChecksum(*model.encoder) != model.weights_sha256) throw fail("is corrupt: its weights do not match their checksum");
    model.encoder->eval();
    return model;
  }
}
