#pragma once
// What LibTorch's unpickler (torch::pickle_load) trusts in a file and we may not: a model, library or
// checkpoint file can be truncated, corrupt or hostile. PickleFile checks both before and after it.
#include <ATen/core/ivalue.h>

#include <string>

namespace SpecEmbedding
{
  /// Throws std::runtime_error when the pickle (an archive's data.pkl) states a length or memo index
  /// that it cannot hold, or takes more values from the stack than it put there: LibTorch allocates and
  /// zero-fills such a length (up to 4 GiB for a string of a 400 kB file), reserves memo room for such an
  /// index before it finds the pickle too short, and pops an empty stack or one below its mark unchecked.
  /// Also refuses opcodes that are not pickle opcodes and a pickle without STOP.
  void checkPickle(const std::string& pickle);

  /// Throws std::runtime_error unless every tensor in value is a dense CPU tensor that lies inside its
  /// storage and has no more elements than it: LibTorch rebuilds tensors with the sizes, strides, offset
  /// and device the pickle states, and reading one that reaches beyond its storage reads beyond the
  /// memory it owns.
  void checkTensorBounds(const c10::IValue& value);
}
