#pragma once
// Exceptions of the core library. Each kind maps to one TOPP exit code in the tools.
#include <stdexcept>
#include <string>

namespace SpecEmbedding
{
  /// Bad input data: a file or a record that cannot be used. The message names both.
  class InputError : public std::runtime_error
  {
  public:
    using std::runtime_error::runtime_error;
  };

  /// An output that cannot be written (read-only folder, full disk, a folder in its place). The message names it.
  class OutputError : public std::runtime_error
  {
  public:
    using std::runtime_error::runtime_error;
  };

  /// A model file or checkpoint that is unreadable or does not fit the expected architecture.
  class ModelError : public std::runtime_error
  {
  public:
    using std::runtime_error::runtime_error;
  };

  /// A parameter value or combination that cannot work.
  class ParameterError : public std::runtime_error
  {
  public:
    using std::runtime_error::runtime_error;
  };

  /// The processes of a distributed training run lost each other: one did not join, died or timed out.
  class GroupError : public std::runtime_error
  {
  public:
    using std::runtime_error::runtime_error;
  };
}
