#pragma once
// Reading and writing whole files: the one home of both for the core and the tools.
#include "../Errors.h"

#include <functional>
#include <iosfwd>
#include <string>

namespace SpecEmbedding
{
  /// The whole file as bytes. Throws InputError naming the path when it does not exist, is not a
  /// regular file or cannot be read.
  std::string readFile(const std::string& path);

  /// The temporary sibling an output is written to before it is moved into place: in the same folder
  /// (so that the move is a rename), hidden, and with the output's extension last (OpenMS's writers
  /// choose the format by it): "out/.hits.partial.mzTab" for "out/hits.mzTab".
  std::string temporaryPathFor(const std::string& path);

  /// An output that appears complete or not at all, however long it takes to write: writers write
  /// temporary() (temporaryPathFor(path)), and commit() moves it into place. Destroyed uncommitted (an
  /// error), it removes the temporary file, and path keeps what it held.
  class PendingFile
  {
  public:
    /// Throws OutputError when path is a folder.
    explicit PendingFile(std::string path);
    ~PendingFile();
    PendingFile(const PendingFile&) = delete;
    PendingFile& operator=(const PendingFile&) = delete;

    const std::string& path() const { return path_; }
    const std::string& temporary() const { return temporary_; }

    /// Moves the finished file into place. Throws OutputError naming path when the disk filled up (some
    /// writers, OpenMS's mzTab writer among them, stop silently then) or the move fails.
    void commit();

    /// A writer's error as the failure to write path: an OutputError that names path where the writer
    /// named the temporary file.
    OutputError failure(const std::exception& error) const;

    /// Throws the failure to write path when the stream writing temporary() has failed (disk full?).
    void checkWritten(const std::ostream& stream) const;

  private:
    std::string path_, temporary_;
    bool committed_ = false;
  };

  /// Writes a file so that it appears complete or not at all (PendingFile): `write` writes the temporary
  /// file, which is moved into place when `write` returned. On any failure the temporary file is removed,
  /// path keeps what it held, and an OutputError naming path reports it.
  void writeFileAtomically(const std::string& path, const std::function<void(const std::string& temporary)>& write);

  /// writeFileAtomically with the given content.
  void writeFileAtomically(const std::string& path, const std::string& bytes);
}
