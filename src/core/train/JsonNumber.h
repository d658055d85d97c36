#pragma once
// JSON has no NaN or infinity: such numbers travel as null, and come back as NaN.
#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>

namespace SpecEmbedding
{
  inline nlohmann::json jsonNumber(double value)
  {
    return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
  }

  inline double numberFromJson(const nlohmann::json& json, const char* key)
  {
    const auto& value = json.at(key);
    return value.is_null() ? std::numeric_limits<double>::quiet_NaN() : value.get<double>();
  }
}
