#include "Files.h"

#include "../Errors.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <ostream>

#include <sys/statvfs.h>

namespace SpecEmbedding
{
  std::string readFile(const std::string& path)
  {
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error))
    {
      throw InputError("cannot open '" + path + "': it does not exist or is not a regular file");
    }
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    std::string bytes(in ? static_cast<size_t>(in.tellg()) : 0, '\0');
    if (!in || !in.seekg(0) || !in.read(bytes.data(), static_cast<std::streamsize>(bytes.size())))
    {
      throw InputError("cannot read '" + path + "'");
    }
    return bytes;
  }

  std::string temporaryPathFor(const std::string& path)
  {
    const std::filesystem::path target(path);
    const auto name = "." + target.stem().string() + ".partial" + target.extension().string();
    return (target.parent_path() / name).string();
  }

  PendingFile::PendingFile(std::string path) : path_(std::move(path)), temporary_(temporaryPathFor(path_))
  {
    if (std::filesystem::is_directory(path_)) throw OutputError("cannot write '" + path_ + "': it is a folder");
  }

  PendingFile::~PendingFile()
  {
    if (!committed_) std::remove(temporary_.c_str());
  }

  void PendingFile::checkWritten(const std::ostream& stream) const
  {
    if (!stream) throw failure(OutputError("cannot write '" + path_ + "' (disk full?)"));
  }

  OutputError PendingFile::failure(const std::exception& error) const
  {
    std::string why = error.what();
    for (size_t at = why.find(temporary_); at != std::string::npos; at = why.find(temporary_)) why.replace(at, temporary_.size(), path_);
    return OutputError(why.find(path_) != std::string::npos ? why : "cannot write '" + path_ + "': " + why);
  }

  void PendingFile::commit()
  {
    struct statvfs space;
    if (statvfs(temporary_.c_str(), &space) == 0 && space.f_bavail == 0)
    {
      throw OutputError("cannot write '" + path_ + "': the disk is full");
    }
    if (std::rename(temporary_.c_str(), path_.c_str()) != 0)
    {
      throw OutputError("cannot move the finished output into place at '" + path_ + "': " + std::strerror(errno));
    }
    committed_ = true;
  }

  void writeFileAtomically(const std::string& path, const std::function<void(const std::string&)>& write)
  {
    PendingFile file(path);
    try
    {
      write(file.temporary());
    }
    catch (const std::exception& error)
    {
      // A writer only writes: whatever it throws is a write failure of path, named as the user gave it.
      throw file.failure(error);
    }
    file.commit();
  }

  void writeFileAtomically(const std::string& path, const std::string& bytes)
  {
    writeFileAtomically(path, [&](const std::string& temporary) {
      std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
      if (!out) throw OutputError("cannot write '" + path + "': " + std::strerror(errno));
      out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      out.close();
      if (!out) throw OutputError("cannot write '" + path + "' (disk full?)");
    });
  }
}
