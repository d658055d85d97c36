#pragma once
// A table of core settings (core/Settings.h) as OpenMS parameters.
#include "core/Settings.h"

#include <OpenMS/DATASTRUCTURES/ListUtils.h>
#include <OpenMS/DATASTRUCTURES/Param.h>

#include <cmath>

namespace OpenMS
{
  /// The settings as Param entries with the values of `defaults`, their descriptions, limits and choices,
  /// tagged "advanced" where the table says so.
  template <class Options>
  Param settingsToParam(const SpecEmbedding::SettingTable<Options>& table, const Options& defaults = Options())
  {
    Param param;
    for (const auto& setting : table)
    {
      const StringList tags = setting.advanced ? ListUtils::create<String>("advanced") : StringList();
      const auto value = setting.get(defaults);
      if (const auto* integer = std::get_if<int64_t>(&value))
      {
        param.setValue(setting.name, static_cast<int>(*integer), setting.description, tags);
        if (std::isfinite(setting.min)) param.setMinInt(setting.name, static_cast<int>(setting.min));
        if (std::isfinite(setting.max)) param.setMaxInt(setting.name, static_cast<int>(setting.max));
      }
      else if (const auto* number = std::get_if<double>(&value))
      {
        param.setValue(setting.name, *number, setting.description, tags);
        if (std::isfinite(setting.min)) param.setMinFloat(setting.name, setting.min);
        if (std::isfinite(setting.max)) param.setMaxFloat(setting.name, setting.max);
      }
      else
      {
        param.setValue(setting.name, std::get<std::string>(value), setting.description, tags);
        if (!setting.choices.empty())
        {
          StringList choices;
          for (const auto& choice : setting.choices) choices.push_back(choice);
          param.setValidStrings(setting.name, choices);
        }
      }
    }
    return param;
  }

  /// options with every setting of the table read from param, which holds them (settingsToParam).
  template <class Options>
  Options settingsFromParam(const SpecEmbedding::SettingTable<Options>& table, const Param& param, Options options = Options())
  {
    for (const auto& setting : table)
    {
      const DataValue& value = param.getValue(setting.name);
      const auto current = setting.get(options);
      if (std::holds_alternative<int64_t>(current)) setting.set(options, static_cast<int64_t>(static_cast<int>(value)));
      else if (std::holds_alternative<double>(current)) setting.set(options, static_cast<double>(value));
      else setting.set(options, std::string(value.toString()));
    }
    return options;
  }
}
