#include "EmbeddingLibrary.h"

#include "../ErrorText.h"
#include "../Errors.h"
#include "../io/PickleFile.h"
#include "../io/Sha256.h"
#include "../io/Timestamp.h"

#include <cmath>

namespace SpecEmbedding
{
  namespace
  {
    // The string fields of LibraryEntry under their names in the file.
    const std::vector<std::pair<const char*, std::string LibraryEntry::*>> kTextFields = {
      {"id", &LibraryEntry::id},         {"name", &LibraryEntry::name},         {"inchikey", &LibraryEntry::inchikey},
      {"smiles", &LibraryEntry::smiles}, {"formula", &LibraryEntry::formula},   {"ion_mode", &LibraryEntry::ion_mode},
      {"adduct", &LibraryEntry::adduct}};

    torch::Tensor tensorField(const c10::impl::GenericDict& dict, const std::string& key, torch::ScalarType type, int64_t dimensions)
    {
      const auto tensor = dict.at(key).toTensor();
      if (tensor.scalar_type() != type || tensor.dim() != dimensions) throw std::runtime_error("field '" + key + "' has the wrong type or shape");
      return tensor.contiguous();
    }
  }

  EmbeddingLibrary EmbeddingLibrary::build(const std::vector<Spectrum>& spectra, const torch::Tensor& raw_embeddings, const std::string& model_sha256,
                                           size_t decoys)
  {
    if (decoys > spectra.size()) throw std::invalid_argument("a library cannot have more decoys than spectra");
    if (!raw_embeddings.defined() || raw_embeddings.dim() != 2 || raw_embeddings.size(0) != static_cast<int64_t>(spectra.size()))
    {
      throw std::invalid_argument("library embeddings must be a [spectra, dimension] tensor, one row per spectrum");
    }
    if (model_sha256.empty()) throw std::invalid_argument("a library needs the checksum of the model that embedded it");
    const auto raw = raw_embeddings.detach().to(torch::kCPU, torch::kFloat32);
    const auto finite_rows = torch::isfinite(raw).all(1);
    for (size_t i = 0; i < spectra.size(); ++i)
    {
      if (!finite_rows[i].item<bool>()) throw InputError("spectrum '" + spectra[i].id + "' has a non-finite embedding");
    }

    EmbeddingLibrary library;
    library.model_sha256_ = model_sha256;
    library.decoys_ = decoys;
    library.embeddings_ = torch::nn::functional::normalize(raw, torch::nn::functional::NormalizeFuncOptions().p(2).dim(1)).contiguous();
    library.entries_.reserve(spectra.size());
    std::vector<float> peak_mz, peak_intensity;
    std::vector<int64_t> peak_offsets{0};
    for (const auto& spectrum : spectra)
    {
      library.entries_.push_back(spectrum);
      if (spectrum.mz.size() != spectrum.intensity.size()) throw InputError("spectrum '" + spectrum.id + "': m/z and intensity counts differ");
      for (size_t i = 0; i < spectrum.mz.size(); ++i)
      {
        if (!(spectrum.intensity[i] > 0.0) || !std::isfinite(spectrum.intensity[i]) || !std::isfinite(spectrum.mz[i])) continue;
        peak_mz.push_back(static_cast<float>(spectrum.mz[i]));
        peak_intensity.push_back(static_cast<float>(spectrum.intensity[i]));
      }
      peak_offsets.push_back(static_cast<int64_t>(peak_mz.size()));
    }
    library.peak_mz_ = torch::tensor(peak_mz, torch::kFloat32);
    library.peak_intensity_ = torch::tensor(peak_intensity, torch::kFloat32);
    library.peak_offsets_ = torch::tensor(peak_offsets, torch::kInt64);
    return library;
  }

  PeakList EmbeddingLibrary::peaks(size_t index) const
  {
    if (index >= size()) throw std::out_of_range("library entry " + std::to_string(index) + " does not exist");
    const auto* offsets = peak_offsets_.data_ptr<int64_t>();
    const auto* mz = peak_mz_.data_ptr<float>();
    const auto* intensity = peak_intensity_.data_ptr<float>();
    PeakList peaks;
    peaks.mz.assign(mz + offsets[index], mz + offsets[index + 1]);
    peaks.intensity.assign(intensity + offsets[index], intensity + offsets[index + 1]);
    return peaks;
  }

  std::string EmbeddingLibrary::contentChecksum() const
  {
    Sha256 sha;
    sha.update(model_sha256_);
    sha.update(embeddings_);
    for (const auto& [name, field] : kTextFields)
    {
      sha.update(std::string(name));
      for (const auto& entry : entries_) sha.update(entry.*field);
    }
    for (const auto& entry : entries_)
    {
      const int64_t charge = entry.charge;
      sha.update(&entry.precursor_mz, sizeof entry.precursor_mz);
      sha.update(&charge, sizeof charge);
    }
    sha.update(peak_mz_);
    sha.update(peak_intensity_);
    sha.update(peak_offsets_);
    if (decoys_ > 0)
    {
      const int64_t decoys = static_cast<int64_t>(decoys_);
      sha.update(&decoys, sizeof decoys);
    }
    return sha.hex();
  }

  void EmbeddingLibrary::save(const std::string& path) const
  {
    c10::impl::GenericDict file(c10::StringType::get(), c10::AnyType::get());
    file.insert("format", std::string(kFormat));
    file.insert("format_version", static_cast<int64_t>(decoys_ > 0 ? kFormatVersion : 1));
    file.insert("tool_version", std::string(SPECEMBEDDING_VERSION));
    file.insert("created", currentTimeIso8601());
    file.insert("model_sha256", model_sha256_);
    file.insert("embeddings", embeddings_);
    for (const auto& [name, field] : kTextFields)
    {
      c10::List<std::string> values;
      values.reserve(entries_.size());
      for (const auto& entry : entries_) values.push_back(entry.*field);
      file.insert(name, values);
    }
    std::vector<double> precursor_mz;
    std::vector<int64_t> charge;
    for (const auto& entry : entries_)
    {
      precursor_mz.push_back(entry.precursor_mz);
      charge.push_back(entry.charge);
    }
    file.insert("precursor_mz", torch::tensor(precursor_mz, torch::kFloat64));
    file.insert("charge", torch::tensor(charge, torch::kInt64));
    file.insert("peak_mz", peak_mz_);
    file.insert("peak_intensity", peak_intensity_);
    file.insert("peak_offsets", peak_offsets_);
    if (decoys_ > 0) file.insert("decoys", static_cast<int64_t>(decoys_));
    file.insert("content_sha256", contentChecksum());
    savePickle(path, file);
  }

  EmbeddingLibrary EmbeddingLibrary::load(const std::string& path)
  {
    const auto fail = [&](const std::string& why) { return InputError("library file '" + path + "' " + why); };
    c10::IValue content;
    try
    {
      content = loadPickle(path);
    }
    catch (const InputError&)
    {
      throw;
    }
    catch (const std::exception& error)
    {
      throw fail("is not a readable SpecEmbedding library (truncated or corrupt?): " + errorText(error));
    }
    if (!content.isGenericDict()) throw fail("is not a SpecEmbedding library");
    const auto dict = content.toGenericDict();
    if (!dict.contains("format") || !dict.at("format").isString() || dict.at("format").toStringRef() != kFormat)
    {
      throw fail("is not a SpecEmbedding library");
    }

    EmbeddingLibrary library;
    std::string stored_checksum;
    try
    {
      const auto version = dict.at("format_version").toInt();
      if (version > kFormatVersion) throw fail("was written by a newer version (library format " + std::to_string(version) + ")");
      library.model_sha256_ = dict.at("model_sha256").toStringRef();
      stored_checksum = dict.at("content_sha256").toStringRef();
      library.embeddings_ = tensorField(dict, "embeddings", torch::kFloat32, 2);
      const auto count = library.embeddings_.size(0);
      const auto precursor_mz = tensorField(dict, "precursor_mz", torch::kFloat64, 1);
      const auto charge = tensorField(dict, "charge", torch::kInt64, 1);
      if (precursor_mz.size(0) != count || charge.size(0) != count) throw std::runtime_error("precursor or charge count differs from the embeddings");
      library.entries_.resize(count);
      for (const auto& [name, field] : kTextFields)
      {
        const auto values = dict.at(name).toListRef();
        if (static_cast<int64_t>(values.size()) != count) throw std::runtime_error(std::string("field '") + name + "' count differs from the embeddings");
        for (int64_t i = 0; i < count; ++i) library.entries_[i].*field = values[i].toStringRef();
      }
      for (int64_t i = 0; i < count; ++i)
      {
        library.entries_[i].precursor_mz = precursor_mz.data_ptr<double>()[i];
        library.entries_[i].charge = static_cast<int>(charge.data_ptr<int64_t>()[i]);
      }
      library.peak_mz_ = tensorField(dict, "peak_mz", torch::kFloat32, 1);
      library.peak_intensity_ = tensorField(dict, "peak_intensity", torch::kFloat32, 1);
      library.peak_offsets_ = tensorField(dict, "peak_offsets", torch::kInt64, 1);
      const int64_t decoys = dict.contains("decoys") ? dict.at("decoys").toInt() : 0;
      if (decoys < 0 || decoys > count) throw std::runtime_error("more decoys than entries");
      library.decoys_ = static_cast<size_t>(decoys);
    }
    catch (const InputError&)
    {
      throw;
    }
    catch (const std::exception& error)
    {
      throw fail("has missing or invalid content: " + errorText(error));
    }
    if (library.contentChecksum() != stored_checksum) throw fail("is corrupt: its content does not match its checksum");
    // The checksum shows the file is unchanged, not that its writer was right; bad offsets would make
    // peaks() read out of bounds.
    const auto& offsets = library.peak_offsets_;
    if (offsets.size(0) != static_cast<int64_t>(library.size()) + 1 || offsets[0].item<int64_t>() != 0 ||
        offsets[-1].item<int64_t>() != library.peak_mz_.size(0) || library.peak_intensity_.size(0) != library.peak_mz_.size(0) ||
        (offsets.diff() < 0).any().item<bool>())
    {
      throw fail("has inconsistent peak offsets");
    }
    return library;
  }

  void EmbeddingLibrary::requireModel(const std::string& model_sha256, const std::string& library_path) const
  {
    if (model_sha256 != model_sha256_)
    {
      throw ModelError("library '" + library_path + "' was embedded with model " + model_sha256_ + " but the search uses model " +
                       model_sha256 + ": re-embed the library with -out_library");
    }
  }
}
