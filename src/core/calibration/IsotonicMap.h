#pragma once
// A non-decreasing map of one score to what it means, fitted on held-out compounds.
#include <nlohmann/json.hpp>

#include <utility>
#include <vector>

namespace SpecEmbedding
{
  /// A non-decreasing map fitted by isotonic regression (pool adjacent violators): the mean of y for
  /// each run of x, as knots, applied by linear interpolation between them and constant beyond the ends.
  class IsotonicMap
  {
  public:
    IsotonicMap() = default;

    /// Fits y as a non-decreasing function of x; points with non-finite values are left out. Throws
    /// std::invalid_argument without any point.
    static IsotonicMap fit(std::vector<std::pair<double, double>> points);

    double operator()(double x) const;

    const std::vector<double>& knots() const { return x_; }
    const std::vector<double>& values() const { return y_; }

    nlohmann::json toJson() const;
    /// Throws std::invalid_argument for knots that are not increasing or values that decrease.
    static IsotonicMap fromJson(const nlohmann::json& json);

  private:
    std::vector<double> x_, y_;
  };
}
