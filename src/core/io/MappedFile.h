#pragma once
// A whole file mapped into memory, privately: pages are read from the file when first touched, writes
// stay in this process (copy-on-write), and the file is never changed.
#include <cstddef>
#include <string>

namespace SpecEmbedding
{
  class MappedFile
  {
  public:
    /// Throws InputError naming the file when it cannot be opened or mapped (missing, a folder, empty).
    explicit MappedFile(const std::string& path);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    char* data() const { return data_; }
    size_t size() const { return size_; }

  private:
    char* data_ = nullptr;
    size_t size_ = 0;
  };
}
