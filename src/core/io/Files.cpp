#include "Files.h"

#include "../Errors.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

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

  void writeFileAtomically(const std::string& path, const std::function<void(const std::string&)>& write)
  {
    if (std::filesystem::is_directory(path)) throw OutputError("cannot write '" + path + "': it is a folder");
    const auto temporary = temporaryPathFor(path);
    try
    {
      write(temporary);
    }
    catch (const std::exception& error)
    {
      // A writer only writes: whatever it throws is a write failure of path, named as the user gave it.
      std::remove(temporary.c_str());
      std::string why = error.what();
      for (size_t at = why.find(temporary); at != std::string::npos; at = why.find(temporary)) why.replace(at, temporary.size(), path);
      throw OutputError(why.find(path) != std::string::npos ? why : "cannot write '" + path + "': " + why);
    }
    // Some writers (OpenMS's mzTab writer) stop silently when the disk fills up; a file system with no
    // block left after writing most likely cut the file short.
    struct statvfs space;
    if (statvfs(temporary.c_str(), &space) == 0 && space.f_bavail == 0)
    {
      std::remove(temporary.c_str());
      throw OutputError("cannot write '" + path + "': the disk is full");
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0)
    {
      const std::string why = std::strerror(errno);
      std::remove(temporary.c_str());
      throw OutputError("cannot move the finished output into place at '" + path + "': " + why);
    }
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
