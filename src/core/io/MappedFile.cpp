#include "MappedFile.h"

#include "../Errors.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace SpecEmbedding
{
  MappedFile::MappedFile(const std::string& path)
  {
    const int descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (descriptor < 0) throw InputError("cannot open '" + path + "': " + std::strerror(errno));
    struct stat status {};
    const bool regular = ::fstat(descriptor, &status) == 0 && S_ISREG(status.st_mode);
    if (!regular || status.st_size == 0)
    {
      ::close(descriptor);
      throw InputError("cannot map '" + path + "': " + (regular ? "the file is empty" : "not a regular file"));
    }
    size_ = static_cast<size_t>(status.st_size);
    void* mapped = ::mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_PRIVATE, descriptor, 0);
    const int error = errno;
    ::close(descriptor); // the mapping keeps the file
    if (mapped == MAP_FAILED) throw InputError("cannot map '" + path + "': " + std::strerror(error));
    data_ = static_cast<char*>(mapped);
  }

  MappedFile::~MappedFile()
  {
    ::munmap(data_, size_);
  }
}
