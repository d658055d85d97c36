#include "EpochReport.h"

#include "JsonNumber.h"

#include <cmath>
#include <limits>
#include <sstream>

namespace SpecEmbedding
{
  std::string EpochReport::tsvHeader()
  {
    return "epoch\ttrain_loss\tvalidation_loss\tvalidation_top1_hit_ratio\tviews_per_second\telapsed_s\tremaining_s\tlearning_rate\tbest"
           "\tvalidation_analog_tanimoto";
  }

  std::string EpochReport::label() const
  {
    return averaged_from > 0 ? std::to_string(averaged_from) + "-" + std::to_string(epoch) : std::to_string(epoch);
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
    row << label() << '\t';
    value(train_loss) << '\t';
    value(validation_loss) << '\t';
    value(validation_hit_ratio) << '\t';
    value(views_per_second) << '\t';
    value(elapsed_seconds) << '\t';
    value(remaining_seconds) << '\t';
    value(learning_rate) << '\t' << (best ? "yes" : "no") << '\t';
    value(validation_analog_tanimoto);
    return row.str();
  }

  nlohmann::json EpochReport::toJson() const
  {
    return {{"epoch", epoch}, {"epochs", epochs}, {"averaged_from", averaged_from}, {"train_loss", jsonNumber(train_loss)},
            {"validation_loss", jsonNumber(validation_loss)}, {"validation_hit_ratio", jsonNumber(validation_hit_ratio)},
            {"views_per_second", jsonNumber(views_per_second)}, {"elapsed_seconds", jsonNumber(elapsed_seconds)},
            {"remaining_seconds", jsonNumber(remaining_seconds)}, {"learning_rate", jsonNumber(learning_rate)}, {"best", best},
            {"validation_analog_tanimoto", jsonNumber(validation_analog_tanimoto)}};
  }

  EpochReport EpochReport::fromJson(const nlohmann::json& json)
  {
    EpochReport report;
    report.epoch = json.at("epoch").get<size_t>();
    report.epochs = json.at("epochs").get<size_t>();
    report.averaged_from = json.at("averaged_from").get<size_t>();
    report.train_loss = numberFromJson(json, "train_loss");
    report.validation_loss = numberFromJson(json, "validation_loss");
    report.validation_hit_ratio = numberFromJson(json, "validation_hit_ratio");
    report.views_per_second = numberFromJson(json, "views_per_second");
    report.elapsed_seconds = numberFromJson(json, "elapsed_seconds");
    report.remaining_seconds = numberFromJson(json, "remaining_seconds");
    report.learning_rate = numberFromJson(json, "learning_rate");
    report.best = json.at("best").get<bool>();
    // Reports of checkpoints written before the analog figure have none.
    report.validation_analog_tanimoto = json.contains("validation_analog_tanimoto") ? numberFromJson(json, "validation_analog_tanimoto")
                                                                                   : std::numeric_limits<double>::quiet_NaN();
    return report;
  }
}
