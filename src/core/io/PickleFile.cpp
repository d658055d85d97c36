#include "PickleFile.h"

#include "Files.h"
#include "PickleChecks.h"

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
      explicit BytesReader(const std::string& bytes) : bytes_(bytes) {}
      size_t size() const override { return bytes_.size(); }
      size_t read(uint64_t position, void* buffer, size_t count, const char*) const override
      {
        if (position >= bytes_.size()) return 0;
        count = std::min<size_t>(count, bytes_.size() - position);
        std::memcpy(buffer, bytes_.data() + position, count);
        return count;
      }

    private:
      const std::string& bytes_;
    };
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
    caffe2::serialize::PyTorchStreamReader archive(std::make_shared<BytesReader>(bytes));
    {
      const auto [pickle, size] = archive.getRecord("data.pkl");
      checkPickle(std::string(static_cast<const char*>(pickle.get()), size));
    }
    auto storages = std::make_shared<torch::jit::DeserializationStorageContext>();
    const std::string storage_folder = "data/";
    for (const auto& name : archive.getAllRecords())
    {
      if (name.compare(0, storage_folder.size(), storage_folder) != 0) continue;
      auto [data, size] = archive.getRecord(name);
      storages->addStorage(name.substr(storage_folder.size()),
                           c10::Storage(c10::Storage::use_byte_size_t(), size, std::move(data), nullptr, false));
    }
    auto value = torch::jit::readArchiveAndTensors("data", "", "", c10::nullopt, c10::nullopt, c10::nullopt, archive,
                                                   torch::jit::Unpickler::defaultTypeParser, storages);
    checkTensorBounds(value);
    return value;
  }
}
