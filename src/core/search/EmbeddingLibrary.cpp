#include "EmbeddingLibrary.h"

#include "../ErrorText.h"
#include "../Errors.h"
#include "../io/PickleFile.h"
#include "../io/Sha256.h"
#include "../io/Timestamp.h"

#include <cmath>
#include <cstring>
#include <functional>

namespace SpecEmbedding
{
  namespace
  {
    // The string fields of LibraryEntry under their names in the file, in the order of the text columns.
    const std::vector<std::pair<const char*, std::string LibraryEntry::*>> kTextFields = {
      {"id", &LibraryEntry::id},         {"name", &LibraryEntry::name},         {"inchikey", &LibraryEntry::inchikey},
      {"smiles", &LibraryEntry::smiles}, {"formula", &LibraryEntry::formula},   {"ion_mode", &LibraryEntry::ion_mode},
      {"adduct", &LibraryEntry::adduct}};
    constexpr size_t kSmilesField = 3;
    constexpr size_t kIonModeField = 5;

    torch::Tensor tensorField(const c10::impl::GenericDict& dict, const std::string& key, torch::ScalarType type, int64_t dimensions)
    {
      const auto tensor = dict.at(key).toTensor();
      if (tensor.scalar_type() != type || tensor.dim() != dimensions) throw std::runtime_error("field '" + key + "' has the wrong type or shape");
      return tensor.contiguous();
    }

    /// The text columns of `count` entries, field by field: text(field, i) gives each value.
    std::pair<torch::Tensor, torch::Tensor> textColumns(size_t count, const std::function<std::string_view(size_t, size_t)>& text)
    {
      std::string bytes;
      std::vector<int64_t> offsets{0};
      offsets.reserve(kTextFields.size() * count + 1);
      for (size_t field = 0; field < kTextFields.size(); ++field)
      {
        for (size_t i = 0; i < count; ++i)
        {
          bytes.append(text(field, i));
          offsets.push_back(static_cast<int64_t>(bytes.size()));
        }
      }
      auto text_tensor = torch::empty({static_cast<int64_t>(bytes.size())}, torch::kUInt8);
      std::memcpy(text_tensor.data_ptr(), bytes.data(), bytes.size());
      return {text_tensor, torch::tensor(offsets, torch::kInt64)};
    }
  }

  EmbeddingLibrary EmbeddingLibrary::build(const std::vector<Spectrum>& spectra, const torch::Tensor& raw_embeddings, const std::string& model_sha256,
                                           size_t decoys, torch::ScalarType precision)
  {
    if (decoys > spectra.size()) throw std::invalid_argument("a library cannot have more decoys than spectra");
    if (!raw_embeddings.defined() || raw_embeddings.dim() != 2 || raw_embeddings.size(0) != static_cast<int64_t>(spectra.size()))
    {
      throw std::invalid_argument("library embeddings must be a [spectra, dimension] tensor, one row per spectrum");
    }
    if (precision != torch::kFloat32 && precision != torch::kFloat16) throw std::invalid_argument("a library keeps float32 or float16 embeddings");
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
    library.embeddings_ =
      torch::nn::functional::normalize(raw, torch::nn::functional::NormalizeFuncOptions().p(2).dim(1)).to(precision).contiguous();
    std::tie(library.text_, library.text_offsets_) =
      textColumns(spectra.size(), [&](size_t field, size_t i) -> std::string_view { return spectra[i].*kTextFields[field].second; });
    std::vector<double> precursor_mz;
    std::vector<int64_t> charge;
    std::vector<float> peak_mz, peak_intensity;
    std::vector<int64_t> peak_offsets{0};
    for (const auto& spectrum : spectra)
    {
      precursor_mz.push_back(spectrum.precursor_mz);
      charge.push_back(spectrum.charge);
      if (spectrum.mz.size() != spectrum.intensity.size()) throw InputError("spectrum '" + spectrum.id + "': m/z and intensity counts differ");
      for (size_t i = 0; i < spectrum.mz.size(); ++i)
      {
        if (!(spectrum.intensity[i] > 0.0) || !std::isfinite(spectrum.intensity[i]) || !std::isfinite(spectrum.mz[i])) continue;
        peak_mz.push_back(static_cast<float>(spectrum.mz[i]));
        peak_intensity.push_back(static_cast<float>(spectrum.intensity[i]));
      }
      peak_offsets.push_back(static_cast<int64_t>(peak_mz.size()));
    }
    library.precursor_mz_ = torch::tensor(precursor_mz, torch::kFloat64);
    library.charge_ = torch::tensor(charge, torch::kInt64);
    library.peak_mz_ = torch::tensor(peak_mz, torch::kFloat32);
    library.peak_intensity_ = torch::tensor(peak_intensity, torch::kFloat32);
    library.peak_offsets_ = torch::tensor(peak_offsets, torch::kInt64);
    return library;
  }

  EmbeddingLibrary EmbeddingLibrary::merge(const std::vector<EmbeddingLibrary>& shards, const std::vector<std::string>& shard_names)
  {
    if (shards.empty() || shard_names.size() != shards.size()) throw std::invalid_argument("merge needs one name per shard, and a shard");
    const auto& first = shards.front();
    for (size_t s = 1; s < shards.size(); ++s)
    {
      if (shards[s].model_sha256_ != first.model_sha256_)
      {
        throw ModelError("library shard '" + shard_names[s] + "' was embedded with model " + shards[s].model_sha256_ + ", but '" +
                         shard_names[0] + "' with model " + first.model_sha256_ + ": shards of one library need one model");
      }
      if (shards[s].precision() != first.precision() || shards[s].dimension() != first.dimension())
      {
        throw ModelError("library shard '" + shard_names[s] + "' keeps its embeddings in another precision or dimension than '" +
                         shard_names[0] + "'");
      }
    }
    // Every shard's targets in order, then every shard's decoys: the decoys stay at the end.
    std::vector<std::pair<size_t, size_t>> order; // shard, entry
    for (const bool decoys : {false, true})
    {
      for (size_t s = 0; s < shards.size(); ++s)
      {
        for (size_t i = 0; i < shards[s].size(); ++i)
        {
          if (shards[s].isDecoy(i) == decoys) order.emplace_back(s, i);
        }
      }
    }
    size_t decoys = 0;
    for (const auto& shard : shards) decoys += shard.decoys_;
    return assemble(shards, order, decoys);
  }

  EmbeddingLibrary EmbeddingLibrary::assemble(const std::vector<EmbeddingLibrary>& sources, const std::vector<std::pair<size_t, size_t>>& order,
                                              size_t decoys)
  {
    EmbeddingLibrary assembled;
    assembled.model_sha256_ = sources.front().model_sha256_;
    assembled.decoys_ = decoys;
    std::vector<torch::Tensor> embeddings, precursor_mz, charge, peak_mz, peak_intensity;
    std::vector<int64_t> peak_offsets{0};
    // Consecutive entries of one source are copied as one run.
    for (size_t begin = 0; begin < order.size();)
    {
      const auto [s, first_entry] = order[begin];
      size_t end = begin + 1;
      while (end < order.size() && order[end].first == s && order[end].second == order[end - 1].second + 1) ++end;
      const auto from = static_cast<int64_t>(first_entry), to = static_cast<int64_t>(first_entry + (end - begin));
      const auto& source = sources[s];
      embeddings.push_back(source.embeddings_.slice(0, from, to));
      precursor_mz.push_back(source.precursor_mz_.slice(0, from, to));
      charge.push_back(source.charge_.slice(0, from, to));
      const auto* offsets = source.peak_offsets_.data_ptr<int64_t>();
      peak_mz.push_back(source.peak_mz_.slice(0, offsets[from], offsets[to]));
      peak_intensity.push_back(source.peak_intensity_.slice(0, offsets[from], offsets[to]));
      for (auto i = from; i < to; ++i) peak_offsets.push_back(peak_offsets.back() + offsets[i + 1] - offsets[i]);
      begin = end;
    }
    assembled.embeddings_ = torch::cat(embeddings).contiguous();
    assembled.precursor_mz_ = torch::cat(precursor_mz).contiguous();
    assembled.charge_ = torch::cat(charge).contiguous();
    assembled.peak_mz_ = torch::cat(peak_mz).contiguous();
    assembled.peak_intensity_ = torch::cat(peak_intensity).contiguous();
    assembled.peak_offsets_ = torch::tensor(peak_offsets, torch::kInt64);
    std::tie(assembled.text_, assembled.text_offsets_) = textColumns(order.size(), [&](size_t field, size_t i) {
      return sources[order[i].first].text(field, order[i].second);
    });
    return assembled;
  }

  EmbeddingLibrary EmbeddingLibrary::withCompounds(bool neighbours) const
  {
    std::vector<std::string> keys, smiles;
    for (size_t i = 0; i < size(); ++i)
    {
      keys.push_back(isDecoy(i) ? std::string() : entry(i).compoundKey());
      smiles.emplace_back(text(kSmilesField, i));
    }
    auto library = *this;
    library.compounds_ = LibraryCompounds::of(keys, smiles, neighbours);
    return library;
  }

  EmbeddingLibrary EmbeddingLibrary::withApproximateIndex(int64_t lists, uint64_t seed) const
  {
    const auto [centroids, list_of] = ApproximateIndex::cluster(embeddings_, lists, seed);
    const int64_t count = centroids.size(0);
    // Targets list by list, then decoys list by list; within a list, in library order.
    std::vector<std::pair<size_t, size_t>> order;
    std::vector<int64_t> target_offsets{0}, decoy_offsets;
    const size_t targets = size() - decoys_;
    for (const bool decoys : {false, true})
    {
      std::vector<std::vector<size_t>> members(count);
      for (size_t i = decoys ? targets : 0; i < (decoys ? size() : targets); ++i) members[list_of[i]].push_back(i);
      auto& offsets = decoys ? decoy_offsets : target_offsets;
      if (decoys) offsets.push_back(static_cast<int64_t>(order.size()));
      for (const auto& list : members)
      {
        for (const auto i : list) order.emplace_back(0, i);
        offsets.push_back(static_cast<int64_t>(order.size()));
      }
    }
    auto indexed = assemble({*this}, order, decoys_);
    indexed.index_ = ApproximateIndex(centroids, torch::tensor(target_offsets, torch::kInt64), torch::tensor(decoy_offsets, torch::kInt64));
    if (!compounds_.empty())
    {
      // The entries move, the compounds and their neighbours stay.
      std::vector<int64_t> compound_of;
      for (const auto& [source, entry] : order) compound_of.push_back(compounds_.compoundOf(entry));
      indexed.compounds_ = LibraryCompounds(torch::tensor(compound_of, torch::kInt64), compounds_.neighboursTensor(), compounds_.neighbourTanimotoTensor());
    }
    return indexed;
  }

  torch::Tensor EmbeddingLibrary::embeddingRows(int64_t begin, int64_t end) const
  {
    return embeddings_.slice(0, begin, end).to(torch::kFloat32).contiguous();
  }

  torch::Tensor EmbeddingLibrary::embeddingsAt(const torch::Tensor& indices) const
  {
    return embeddings_.index_select(0, indices).to(torch::kFloat32).contiguous();
  }

  std::string_view EmbeddingLibrary::text(size_t field, size_t index) const
  {
    const auto* offsets = text_offsets_.data_ptr<int64_t>() + field * size() + index;
    requireSpan(offsets[0], offsets[1], text_.size(0), index);
    return std::string_view(reinterpret_cast<const char*>(text_.data_ptr<uint8_t>()) + offsets[0], static_cast<size_t>(offsets[1] - offsets[0]));
  }

  void EmbeddingLibrary::requireSpan(int64_t begin, int64_t end, int64_t column_size, size_t index)
  {
    if (begin < 0 || begin > end || end > column_size)
    {
      throw InputError("library entry " + std::to_string(index) + " points outside its file's columns: the library file is corrupt");
    }
  }

  std::string_view EmbeddingLibrary::ionMode(size_t index) const
  {
    return text(kIonModeField, index);
  }

  LibraryEntry EmbeddingLibrary::entry(size_t index) const
  {
    if (index >= size()) throw std::out_of_range("library entry " + std::to_string(index) + " does not exist");
    LibraryEntry entry;
    for (size_t field = 0; field < kTextFields.size(); ++field) entry.*kTextFields[field].second = std::string(text(field, index));
    entry.precursor_mz = precursorMz(index);
    entry.charge = static_cast<int>(charge_.data_ptr<int64_t>()[index]);
    return entry;
  }

  PeakList EmbeddingLibrary::peaks(size_t index) const
  {
    if (index >= size()) throw std::out_of_range("library entry " + std::to_string(index) + " does not exist");
    const auto* offsets = peak_offsets_.data_ptr<int64_t>();
    const auto* mz = peak_mz_.data_ptr<float>();
    const auto* intensity = peak_intensity_.data_ptr<float>();
    requireSpan(offsets[index], offsets[index + 1], peak_mz_.size(0), index);
    PeakList peaks;
    peaks.mz.assign(mz + offsets[index], mz + offsets[index + 1]);
    peaks.intensity.assign(intensity + offsets[index], intensity + offsets[index + 1]);
    if (precursorMz(index) > 0.0) peaks.precursor_mz = precursorMz(index);
    return peaks;
  }

  std::shared_ptr<const FragmentIndex> EmbeddingLibrary::fragmentIndex(double fragment_tolerance) const
  {
    const std::lock_guard<std::mutex> lock(fragment_indexes_->mutex);
    auto& index = fragment_indexes_->by_tolerance[fragment_tolerance];
    if (!index) index = std::make_shared<const FragmentIndex>(size(), [this](int64_t j) { return peaks(static_cast<size_t>(j)); }, fragment_tolerance);
    return index;
  }

  std::string EmbeddingLibrary::contentChecksum() const
  {
    Sha256 sha;
    sha.update(model_sha256_);
    sha.update(embeddings_);
    sha.update(text_);
    sha.update(text_offsets_);
    sha.update(precursor_mz_);
    sha.update(charge_);
    sha.update(peak_mz_);
    sha.update(peak_intensity_);
    sha.update(peak_offsets_);
    const int64_t decoys = static_cast<int64_t>(decoys_);
    sha.update(&decoys, sizeof decoys);
    if (!index_.empty())
    {
      sha.update(index_.centroids());
      sha.update(index_.targetOffsets());
      sha.update(index_.decoyOffsets());
    }
    if (!compounds_.empty())
    {
      sha.update(compounds_.compoundOfTensor());
      sha.update(compounds_.neighboursTensor());
      sha.update(compounds_.neighbourTanimotoTensor());
    }
    return sha.hex();
  }

  std::string EmbeddingLibrary::legacyChecksum() const
  {
    Sha256 sha;
    sha.update(model_sha256_);
    sha.update(embeddings_);
    for (size_t field = 0; field < kTextFields.size(); ++field)
    {
      sha.update(std::string(kTextFields[field].first));
      for (size_t i = 0; i < size(); ++i) sha.update(std::string(text(field, i)));
    }
    for (size_t i = 0; i < size(); ++i)
    {
      const double precursor_mz = precursorMz(i);
      const int64_t charge = charge_.data_ptr<int64_t>()[i];
      sha.update(&precursor_mz, sizeof precursor_mz);
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

  void EmbeddingLibrary::checkStructure() const
  {
    if (!index_.empty())
    {
      const auto lists = index_.lists();
      const auto targets = static_cast<int64_t>(size() - decoys_);
      const auto ordered = [&](const torch::Tensor& offsets, int64_t first, int64_t last) {
        return offsets.size(0) == lists + 1 && offsets[0].item<int64_t>() == first && offsets[-1].item<int64_t>() == last &&
               !(offsets.diff() < 0).any().item<bool>();
      };
      if (index_.centroids().dim() != 2 || index_.centroids().size(1) != dimension() || !ordered(index_.targetOffsets(), 0, targets) ||
          !ordered(index_.decoyOffsets(), targets, static_cast<int64_t>(size())))
      {
        throw std::runtime_error("an approximate index that does not fit the library");
      }
    }
    const auto count = precursor_mz_.size(0);
    const auto fields = static_cast<int64_t>(kTextFields.size());
    if (embeddings_.size(0) != count || charge_.size(0) != count) throw std::runtime_error("the columns have different lengths");
    if (static_cast<int64_t>(decoys_) > count) throw std::runtime_error("more decoys than entries");
    // Only the ends here, so that loading does not read the columns; text() and peaks() check each entry's
    // offsets before they read.
    const auto spans = [](const torch::Tensor& offsets, int64_t length, int64_t end) {
      return offsets.size(0) == length && offsets[0].item<int64_t>() == 0 && offsets[-1].item<int64_t>() == end;
    };
    if (!spans(text_offsets_, fields * count + 1, text_.size(0))) throw std::runtime_error("inconsistent text offsets");
    if (!spans(peak_offsets_, count + 1, peak_mz_.size(0)) || peak_intensity_.size(0) != peak_mz_.size(0))
    {
      throw std::runtime_error("inconsistent peak offsets");
    }
  }

  void EmbeddingLibrary::save(const std::string& path) const
  {
    c10::impl::GenericDict file(c10::StringType::get(), c10::AnyType::get());
    file.insert("format", std::string(kFormat));
    file.insert("format_version", static_cast<int64_t>(kFormatVersion));
    file.insert("tool_version", std::string(SPECEMBEDDING_VERSION));
    file.insert("created", currentTimeIso8601());
    file.insert("model_sha256", model_sha256_);
    file.insert("embeddings", embeddings_);
    c10::List<std::string> field_names;
    for (const auto& [name, field] : kTextFields) field_names.push_back(name);
    file.insert("text_fields", field_names);
    file.insert("text", text_);
    file.insert("text_offsets", text_offsets_);
    file.insert("precursor_mz", precursor_mz_);
    file.insert("charge", charge_);
    file.insert("peak_mz", peak_mz_);
    file.insert("peak_intensity", peak_intensity_);
    file.insert("peak_offsets", peak_offsets_);
    file.insert("decoys", static_cast<int64_t>(decoys_));
    if (!index_.empty())
    {
      file.insert("ann_centroids", index_.centroids());
      file.insert("ann_target_offsets", index_.targetOffsets());
      file.insert("ann_decoy_offsets", index_.decoyOffsets());
    }
    if (!compounds_.empty())
    {
      file.insert("compound_of", compounds_.compoundOfTensor());
      file.insert("compound_neighbours", compounds_.neighboursTensor());
      file.insert("compound_neighbour_tanimoto", compounds_.neighbourTanimotoTensor());
    }
    file.insert("content_sha256", contentChecksum());
    savePickle(path, file);
  }

  EmbeddingLibrary EmbeddingLibrary::load(const std::string& path, LibraryCheck check)
  {
    const auto fail = [&](const std::string& why) { return InputError("library file '" + path + "' " + why); };
    const auto dict = loadPickledDict(path, "SpecEmbedding library", fail, true);
    if (!dict.contains("format") || !dict.at("format").isString() || dict.at("format").toStringRef() != kFormat)
    {
      throw fail("is not a SpecEmbedding library");
    }

    EmbeddingLibrary library;
    std::string stored_checksum;
    bool legacy = false;
    try
    {
      const auto version = dict.at("format_version").toInt();
      if (version > kFormatVersion) throw fail("was written by a newer version (library format " + std::to_string(version) + ")");
      legacy = version < 3;
      library.model_sha256_ = dict.at("model_sha256").toStringRef();
      stored_checksum = dict.at("content_sha256").toStringRef();
      library.embeddings_ = dict.at("embeddings").toTensor().contiguous();
      if (library.embeddings_.dim() != 2 || (library.precision() != torch::kFloat32 && library.precision() != torch::kFloat16))
      {
        throw std::runtime_error("the embeddings are not a float32 or float16 matrix");
      }
      library.precursor_mz_ = tensorField(dict, "precursor_mz", torch::kFloat64, 1);
      library.charge_ = tensorField(dict, "charge", torch::kInt64, 1);
      const auto count = library.precursor_mz_.size(0);
      if (legacy)
      {
        // Versions 1 and 2: a list of strings per field.
        std::vector<c10::ArrayRef<c10::IValue>> lists;
        for (const auto& [name, field] : kTextFields)
        {
          lists.push_back(dict.at(name).toListRef());
          if (static_cast<int64_t>(lists.back().size()) != count) throw std::runtime_error(std::string("field '") + name + "' count differs from the embeddings");
        }
        std::tie(library.text_, library.text_offsets_) = textColumns(static_cast<size_t>(count), [&](size_t field, size_t i) -> std::string_view {
          return lists[field][i].toStringRef();
        });
      }
      else
      {
        library.text_ = tensorField(dict, "text", torch::kUInt8, 1);
        library.text_offsets_ = tensorField(dict, "text_offsets", torch::kInt64, 1);
      }
      library.peak_mz_ = tensorField(dict, "peak_mz", torch::kFloat32, 1);
      library.peak_intensity_ = tensorField(dict, "peak_intensity", torch::kFloat32, 1);
      library.peak_offsets_ = tensorField(dict, "peak_offsets", torch::kInt64, 1);
      const int64_t decoys = dict.contains("decoys") ? dict.at("decoys").toInt() : 0;
      if (decoys < 0) throw std::runtime_error("a negative decoy count");
      library.decoys_ = static_cast<size_t>(decoys);
      if (dict.contains("ann_centroids"))
      {
        library.index_ = ApproximateIndex(tensorField(dict, "ann_centroids", torch::kFloat32, 2), tensorField(dict, "ann_target_offsets", torch::kInt64, 1),
                                          tensorField(dict, "ann_decoy_offsets", torch::kInt64, 1));
      }
      if (dict.contains("compound_of"))
      {
        library.compounds_ = LibraryCompounds(tensorField(dict, "compound_of", torch::kInt64, 1), tensorField(dict, "compound_neighbours", torch::kInt64, 2),
                                              tensorField(dict, "compound_neighbour_tanimoto", torch::kFloat32, 2));
        if (library.compounds_.entries() != static_cast<size_t>(count)) throw std::runtime_error("compounds of another number of entries");
      }
      library.checkStructure();
    }
    catch (const InputError&)
    {
      throw;
    }
    catch (const std::exception& error)
    {
      throw fail("has missing or invalid content: " + errorText(error));
    }
    if (check == LibraryCheck::Checksum && (legacy ? library.legacyChecksum() : library.contentChecksum()) != stored_checksum)
    {
      throw fail("is corrupt: its content does not match its checksum");
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
