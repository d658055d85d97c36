#pragma once
// Reading and writing whole files: the one home of both for the core and the tools.
#include <functional>
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

  /// Writes a file so that it appears complete or not at all: `write` writes temporaryPathFor(path),
  /// which is renamed to path when `write` returned. On any failure the temporary file is removed, path
  /// keeps what it held, and an OutputError naming path reports it.
  void writeFileAtomically(const std::string& path, const std::function<void(const std::string& temporary)>& write);

  /// writeFileAtomically with the given content.
  void writeFileAtomically(const std::string& path, const std::string& bytes);
}
