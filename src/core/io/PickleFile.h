#pragma once
// The core's files (model, embedding library, training checkpoint) are PyTorch pickles holding one
// plain dict, which torch.load() in Python reads as well.
#include "../ErrorText.h"
#include "../Errors.h"

#include <ATen/core/ivalue.h>

#include <string>

namespace SpecEmbedding
{
  /// Pickles value into path, atomically (writeFileAtomically).
  void savePickle(const std::string& path, const c10::IValue& value);

  /// The unpickled content of path. Throws InputError when the file cannot be read; the unpickler's
  /// own exceptions and those of the checks around it (PickleChecks.h) for a truncated, corrupt or
  /// foreign file propagate for the caller to name the file's kind.
  c10::IValue loadPickle(const std::string& path);

  /// As loadPickle, but the tensors' storages are the file itself, memory-mapped: loading reads the
  /// archive's directory and pickle only, and pages of tensor data are read when first used. The
  /// tensors may be written to (copy-on-write); the file never is.
  c10::IValue loadPickleMapped(const std::string& path);

  /// The dict that the pickle in path holds, for a file that holds a `what` ("SpecEmbedding model"): an
  /// InputError for a missing or unreadable file propagates; an unpickler's or check's error, or content
  /// that is no dict, becomes `fail`'s error (what fail(why) returns, thrown) saying that the file is not a
  /// readable `what`. mapped: loadPickleMapped, else loadPickle.
  template <class Fail>
  c10::impl::GenericDict loadPickledDict(const std::string& path, const std::string& what, const Fail& fail, bool mapped = false)
  {
    c10::IValue content;
    try
    {
      content = mapped ? loadPickleMapped(path) : loadPickle(path);
    }
    catch (const InputError&)
    {
      throw;
    }
    catch (const std::exception& error)
    {
      throw fail("is not a readable " + what + " (truncated or corrupt?): " + errorText(error));
    }
    if (!content.isGenericDict()) throw fail("is not a " + what);
    return content.toGenericDict();
  }
}
