#include "PickleFile.h"

#include "Files.h"

#include <torch/serialize.h>

namespace SpecEmbedding
{
  void savePickle(const std::string& path, const c10::IValue& value)
  {
    const auto bytes = torch::pickle_save(value);
    writeFileAtomically(path, std::string(bytes.begin(), bytes.end()));
  }

  c10::IValue loadPickle(const std::string& path)
  {
    const auto bytes = readFile(path);
    return torch::pickle_load(std::vector<char>(bytes.begin(), bytes.end()));
  }
}
