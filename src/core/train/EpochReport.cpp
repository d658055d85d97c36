#include "EpochReport.h"

#include <cmath>
#include <limits>
#include <sstream>

namespace SpecEmbedding
{
  namespace
  {
    // JSON has no NaN: it travels as null.
    nlohmann::json number(double value)
    {
      return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
    }

    double number(const nlohmann::json& json, const char* key)
    {
      const auto& value = json.at(key);
      return value.is_null() ? std::numeric_limits<double>::quiet_NaN() : value.get<double>();
    }
  }

  std::string EpochReport::tsvHeader()
  {
    return "epoch\ttrain_loss\tvalidation_loss\tvalidation_top1_hit_ratio\tviews_per_second\telapsed_s\tremaining_s\tlearning_rate\tbest";
  }

  std::string EpochReport::tsvRow() const
  {
    std::ostringstream row;
    row.precision(8);
    const auto value = [&](double x) -> std::ostringstream& {
      if (std::isfinite(x)) row << x;
      else row << "NA";
      return row;
    };
    row << epoch << '\t';
    value(train_loss) << '\t';
    value(validation_loss) << '\t';
    value(validation_hit_ratio) << '\t';
    value(views_per_second) << '\t';
    value(elapsed_seconds) << '\t';
    value(remaining_seconds) << '\t';
    value(learning_rate) << '\t' << (best ? "yes" : "no");
    return row.str();
  }

  nlohmann::json EpochReport::toJson() const
  {
    return {{"epoch", epoch}, {"epochs", epochs}, {"train_loss", number(train_loss)},
            {"validation_loss", number(validation_loss)}, {"validation_hit_ratio", number(validation_hit_ratio)},
            {"views_per_second", number(views_per_second)}, {"elapsed_seconds", number(elapsed_seconds)},
            {"remaining_seconds", number(remaining_seconds)}, {"learning_rate", number(learning_rate)}, {"best", best}};
  }

  EpochReport EpochReport::fromJson(const nlohmann::json& json)
  {
    EpochReport report;
    report.epoch = json.at("epoch").get<size_t>();
    report.epochs = json.at("epochs").get<size_t>();
    report.train_loss = number(json, "train_loss");
    report.validation_loss = number(json, "validation_loss");
    report.validation_hit_ratio = number(json, "validation_hit_ratio");
    report.views_per_second = number(json, "views_per_second");
    report.elapsed_seconds = number(json, "elapsed_seconds");
    report.remaining_seconds = number(json, "remaining_seconds");
    report.learning_rate = number(json, "learning_rate");
    report.best = json.at("best").get<bool>();
    return report;
  }
}
