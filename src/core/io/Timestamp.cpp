#include "Timestamp.h"

#include <chrono>
#include <ctime>
#include <iomanip>
#include <sstream>

namespace SpecEmbedding
{
  std::string currentTimeIso8601()
  {
    const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    std::ostringstream out;
    out << std::put_time(&utc, "%Y-%m-%dT%H:%M:%SZ");
    return out.str();
  }
}
