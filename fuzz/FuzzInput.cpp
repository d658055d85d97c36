#include "FuzzInput.h"

#include <cstdio>
#include <cstdlib>
#include <cxxabi.h>
#include <filesystem>
#include <fstream>
#include <memory>
#include <typeinfo>
#include <unistd.h>

namespace SpecEmbeddingFuzz
{
  namespace
  {
    std::string folder()
    {
      std::error_code error;
      return std::filesystem::is_directory("/dev/shm", error) ? "/dev/shm" : std::filesystem::temp_directory_path().string();
    }

    /// Removes the input file at exit; a crash leaves it, which does no harm (one per process).
    struct InputFile
    {
      std::string path;
      ~InputFile()
      {
        if (!path.empty()) std::remove(path.c_str());
      }
    };
  }

  const std::string& writeInput(const uint8_t* data, size_t size, const std::string& extension)
  {
    static InputFile file;
    const auto path = folder() + "/specembedding-fuzz-" + std::to_string(::getpid()) + extension;
    if (file.path != path)
    {
      if (!file.path.empty()) std::remove(file.path.c_str());
      file.path = path;
    }
    std::ofstream out(file.path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    out.close();
    if (!out)
    {
      std::fprintf(stderr, "cannot write the fuzz input '%s'\n", file.path.c_str());
      std::exit(1);
    }
    return file.path;
  }

  void undocumentedError(const std::exception& error)
  {
    int status = 0;
    const std::unique_ptr<char, void (*)(void*)> type(abi::__cxa_demangle(typeid(error).name(), nullptr, nullptr, &status), std::free);
    std::fprintf(stderr, "undocumented exception %s: %s\n", status == 0 ? type.get() : typeid(error).name(), error.what());
    std::abort();
  }
}
