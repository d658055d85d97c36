#include "IsotonicMap.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace SpecEmbedding
{
  IsotonicMap IsotonicMap::fit(std::vector<std::pair<double, double>> points)
  {
    points.erase(std::remove_if(points.begin(), points.end(),
                                [](const auto& p) { return !std::isfinite(p.first) || !std::isfinite(p.second); }),
                 points.end());
    if (points.empty()) throw std::invalid_argument("an isotonic fit needs at least one point");
    std::sort(points.begin(), points.end());
    // Pool adjacent violators over blocks (sum of x, sum of y, count).
    struct Block
    {
      double x, y;
      size_t n;
    };
    std::vector<Block> blocks;
    for (const auto& [x, y] : points)
    {
      blocks.push_back({x, y, 1});
      while (blocks.size() > 1)
      {
        const auto& last = blocks.back();
        const auto& before = blocks[blocks.size() - 2];
        // Merge equal x too, so that knots increase strictly.
        if (before.y / before.n < last.y / last.n && before.x / before.n < last.x / last.n) break;
        const Block merged{before.x + last.x, before.y + last.y, before.n + last.n};
        blocks.pop_back();
        blocks.back() = merged;
      }
    }
    IsotonicMap map;
    for (const auto& block : blocks)
    {
      map.x_.push_back(block.x / block.n);
      map.y_.push_back(block.y / block.n);
    }
    return map;
  }

  double IsotonicMap::operator()(double x) const
  {
    if (x_.empty() || std::isnan(x)) return std::nan("");
    if (x <= x_.front()) return y_.front();
    if (x >= x_.back()) return y_.back();
    const auto upper = std::upper_bound(x_.begin(), x_.end(), x) - x_.begin();
    const double t = (x - x_[upper - 1]) / (x_[upper] - x_[upper - 1]);
    return y_[upper - 1] + t * (y_[upper] - y_[upper - 1]);
  }

  nlohmann::json IsotonicMap::toJson() const
  {
    return {{"knots", x_}, {"values", y_}};
  }

  IsotonicMap IsotonicMap::fromJson(const nlohmann::json& json)
  {
    IsotonicMap map;
    json.at("knots").get_to(map.x_);
    json.at("values").get_to(map.y_);
    if (map.x_.size() != map.y_.size() || map.x_.empty()) throw std::invalid_argument("an isotonic map needs as many values as knots");
    for (size_t i = 1; i < map.x_.size(); ++i)
    {
      if (!(map.x_[i] > map.x_[i - 1]) || map.y_[i] < map.y_[i - 1]) throw std::invalid_argument("an isotonic map must increase");
    }
    return map;
  }
}
