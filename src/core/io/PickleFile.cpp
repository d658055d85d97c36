#include "PickleFile.h"

#include "Files.h"
#include "PickleChecks.h"

#include "MappedFile.h"

#include <caffe2/serialize/inline_container.h>
#include <torch/csrc/jit/serialization/import_read.h>
#include <torch/csrc/jit/serialization/storage_context.h>
#include <torch/serialize.h>

#include <algorithm>
#include <cstring>

namespace SpecEmbedding
{
  namespace
  {
    /// The archive's bytes for PyTorchStreamReader, without copying them.
    class BytesReader : public caffe2::serialize::ReadAdapterInterface
    {
    public:
      BytesReader(const char* data, size_t size) : data_(data), size_(size) {}
      size_t size() const override { return size_; }
      size_t read(uint64_t position, void* buffer, size_t count, const char*) const override
      {
        if (position >= size_) return 0;
        count = std::min<size_t>(count, size_ - position);
        std::memcpy(buffer, data_ + position, count);
        return count;
      }

    private:
      const char* data_;
      size_t size_;
    };

    /// Unpickles the archive's data.pkl with the given storages, checking the pickle before and the
    /// tensors' bounds after.
    c10::IValue unpickle(caffe2::serialize::PyTorchStreamReader& archive,
                         const std::shared_ptr<torch::jit::DeserializationStorageContext>& storages)
    {
      {
        const auto [pickle, size] = archive.getRecord("data.pkl");
        checkPickle(std::string(static_cast<const char*>(pickle.get()), size));
      }
      auto value = torch::jit::readArchiveAndTensors("data", "", "", c10::nullopt, c10::nullopt, c10::nullopt, archive,
                                                     torch::jit::Unpickler::defaultTypeParser, storages);
      checkTensorBounds(value);
      return value;
    }

    const std::string kStorageFolder = "data/";
    /// PyTorch's archive writer starts every record at a multiple of 64 bytes.
    constexpr size_t kRecordAlignment = 64;

    bool isStorage(const std::string& record) { return record.compare(0, kStorageFolder.size(), kStorageFolder) == 0; }
  }

  void savePickle(const std::string& path, const c10::IValue& value)
  {
    const auto bytes = torch::pickle_save(value);
    writeFileAtomically(path, std::string(bytes.begin(), bytes.end()));
  }

  c10::IValue loadPickle(const std::string& path)
  {
    // What torch::pickle_load does, with two repairs: the pickle is checked before LibTorch's unpickler
    // reads it, and each storage is as large as its record in the archive. LibTorch would size it by
    // the element count the pickle states, so that a corrupt count lets tensors read beyond the record.
    const auto bytes = readFile(path);
    caffe2::serialize::PyTorchStreamReader archive(std::make_shared<BytesReader>(bytes.data(), bytes.size()));
    auto storages = std::make_shared<torch::jit::DeserializationStorageContext>();
    for (const auto& name : archive.getAllRecords())
    {
      if (!isStorage(name)) continue;
      auto [data, size] = archive.getRecord(name);
      storages->addStorage(name.substr(kStorageFolder.size()),
                           c10::Storage(c10::Storage::use_byte_size_t(), size, std::move(data), nullptr, false));
    }
    return unpickle(archive, storages);
  }

  c10::IValue loadPickleMapped(const std::string& path)
  {
    const auto mapping = std::make_shared<MappedFile>(path);
    char* base = mapping->data();
    const size_t file_size = mapping->size();
    caffe2::serialize::PyTorchStreamReader archive(std::make_shared<BytesReader>(base, file_size));
    // A storage reaches at most to the next record (or the end of the file): tensors whose stated size
    // is corrupt cannot reach beyond the mapping (checkTensorBounds).
    std::vector<std::pair<size_t, std::string>> records;
    for (const auto& name : archive.getAllRecords()) records.emplace_back(archive.getRecordOffset(name), name);
    std::sort(records.begin(), records.end());
    auto storages = std::make_shared<torch::jit::DeserializationStorageContext>();
    for (size_t i = 0; i < records.size(); ++i)
    {
      const auto& [offset, name] = records[i];
      if (!isStorage(name)) continue;
      const size_t end = i + 1 < records.size() ? records[i + 1].first : file_size;
      if (offset > end) throw std::runtime_error("record '" + name + "' lies beyond the end of the file");
      if (offset % kRecordAlignment != 0)
      {
        // Not as PyTorch writes it: a copy, so that no tensor reads its values from misaligned addresses.
        auto [data, size] = archive.getRecord(name);
        storages->addStorage(name.substr(kStorageFolder.size()),
                             c10::Storage(c10::Storage::use_byte_size_t(), size, std::move(data), nullptr, false));
        continue;
      }
      // Each storage holds a reference to the mapping, which lives as long as any of them.
      c10::DataPtr data(base + offset, new std::shared_ptr<MappedFile>(mapping),
                        [](void* context) { delete static_cast<std::shared_ptr<MappedFile>*>(context); }, c10::Device(c10::kCPU));
      storages->addStorage(name.substr(kStorageFolder.size()),
                           c10::Storage(c10::Storage::use_byte_size_t(), end - offset, std::move(data), nullptr, false));
    }
    return unpickle(archive, storages);
  }
}
