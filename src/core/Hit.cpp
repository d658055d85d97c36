#include "Hit.h"

#include "Errors.h"

namespace SpecEmbedding
{
  std::string toString(HitKind kind)
  {
    switch (kind)
    {
      case HitKind::Unfiltered: return "unfiltered";
      case HitKind::Identity: return "identity";
      case HitKind::Analog: return "analog";
    }
    throw ParameterError("unknown hit kind");
  }
}
