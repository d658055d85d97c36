#pragma once
#include <string>

namespace SpecEmbedding
{
  /// The current time as ISO 8601 UTC ("2026-12-01T20:29:01Z"), for the provenance of written files.
  std::string currentTimeIso8601();
}
