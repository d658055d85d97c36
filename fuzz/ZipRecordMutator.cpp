// libFuzzer's custom mutator for the PyTorch zip archives (model files, embedding libraries, reference
// checkpoints). Byte mutations of the whole archive rarely survive it: a record that grows or shrinks
// moves every offset after it. So most mutations open the archive, mutate one record (mostly
// data.pkl, the pickle that every reader interprets) and write the archive anew; the rest mutate the
// raw bytes, which fuzzes the zip container itself.
#include <caffe2/serialize/inline_container.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <sstream>
#include <string>
#include <vector>

extern "C" size_t LLVMFuzzerMutate(uint8_t* data, size_t size, size_t max_size);

namespace
{
  struct Record
  {
    std::string name;
    std::string bytes;
  };

  std::vector<Record> readRecords(const uint8_t* data, size_t size)
  {
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    caffe2::serialize::PyTorchStreamReader reader(&in);
    std::vector<Record> records;
    for (const auto& name : reader.getAllRecords())
    {
      const auto [bytes, length] = reader.getRecord(name);
      records.push_back({name, std::string(static_cast<const char*>(bytes.get()), length)});
    }
    return records;
  }

  std::string writeRecords(const std::vector<Record>& records)
  {
    std::string archive;
    caffe2::serialize::PyTorchStreamWriter writer([&](const void* bytes, size_t size) {
      archive.append(static_cast<const char*>(bytes), size);
      return size;
    });
    for (const auto& record : records) writer.writeRecord(record.name, record.bytes.data(), record.bytes.size());
    writer.writeEndOfFile();
    return archive;
  }
}

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t* data, size_t size, size_t max_size, unsigned int seed)
{
  std::minstd_rand random(seed);
  if (random() % 8 == 0) return LLVMFuzzerMutate(data, size, max_size);
  std::vector<Record> records;
  try
  {
    records = readRecords(data, size);
  }
  catch (const std::exception&)
  {
    return LLVMFuzzerMutate(data, size, max_size); // not an archive (any more)
  }
  if (records.empty()) return LLVMFuzzerMutate(data, size, max_size);

  size_t chosen = random() % records.size();
  if (random() % 4 != 0)
  {
    for (size_t i = 0; i < records.size(); ++i)
    {
      if (records[i].name == "data.pkl") chosen = i;
    }
  }
  auto& bytes = records[chosen].bytes;
  const size_t length = bytes.size();
  // Room to grow by a quarter; what the archive may not exceed is checked after writing it.
  bytes.resize(length + length / 4 + 16);
  bytes.resize(LLVMFuzzerMutate(reinterpret_cast<uint8_t*>(bytes.data()), length, bytes.size()));

  std::string archive;
  try
  {
    archive = writeRecords(records);
  }
  catch (const std::exception&)
  {
    return LLVMFuzzerMutate(data, size, max_size);
  }
  if (archive.size() > max_size) return LLVMFuzzerMutate(data, size, max_size);
  std::memcpy(data, archive.data(), archive.size());
  return archive.size();
}
