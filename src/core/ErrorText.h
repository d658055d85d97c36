#pragma once
#include <exception>
#include <string>

namespace SpecEmbedding
{
  /// The message of an exception for users: torch's errors without their C++ backtrace.
  std::string errorText(const std::exception& error);
}
