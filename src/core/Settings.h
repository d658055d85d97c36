#pragma once
// The user settings of an options struct, spelled once: a table of them drives the TOPP parameters
// (registration and reading, openms/SettingParams.h), the JSON written into model files and checkpoints,
// and the range checks.
#include "Errors.h"
#include "Words.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

namespace SpecEmbedding
{
  /// A setting's value as the parameter layer sees it: integers, numbers, or one of several words.
  using SettingValue = std::variant<int64_t, double, std::string>;

  template <class Options>
  struct Setting
  {
    std::string name;        ///< TOPP parameter name and JSON key
    std::string description;
    std::function<SettingValue(const Options&)> get;
    std::function<void(Options&, const SettingValue&)> set;
    double min = -std::numeric_limits<double>::infinity(); ///< numbers: the smallest allowed value
    double max = std::numeric_limits<double>::infinity();
    std::vector<std::string> choices; ///< words: the allowed ones
    bool advanced = false;
  };

  template <class Options>
  using SettingTable = std::vector<Setting<Options>>;

  /// A number setting's maximum when it has none.
  constexpr double kAny = std::numeric_limits<double>::infinity();
  /// The tag of a setting shown only among the advanced parameters.
  constexpr bool kAdvanced = true;

  namespace Internal
  {
    /// A numeric setting whose value access(options) returns a reference to.
    template <class T, class Options, class Access>
    Setting<Options> numberSettingWith(std::string name, Access access, std::string description, double min, double max, bool advanced)
    {
      static_assert(std::is_arithmetic_v<T> && !std::is_same_v<T, bool>, "number settings hold integers or floating point numbers");
      Setting<Options> setting;
      setting.name = std::move(name);
      setting.description = std::move(description);
      setting.get = [access](const Options& options) -> SettingValue {
        if constexpr (std::is_integral_v<T>) return static_cast<int64_t>(access(options));
        else return static_cast<double>(access(options));
      };
      setting.set = [access](Options& options, const SettingValue& value) {
        if constexpr (std::is_integral_v<T>) access(options) = static_cast<T>(std::get<int64_t>(value));
        else access(options) = static_cast<T>(std::get<double>(value));
      };
      setting.min = min;
      setting.max = max;
      setting.advanced = advanced;
      return setting;
    }
  }

  /// A numeric member (integer or floating point) in [min, max].
  template <class Options, class T>
  Setting<Options> numberSetting(std::string name, T Options::*member, std::string description, double min,
                                 double max = std::numeric_limits<double>::infinity(), bool advanced = false)
  {
    return Internal::numberSettingWith<T, Options>(std::move(name), [member](auto& options) -> auto& { return options.*member; },
                                                   std::move(description), min, max, advanced);
  }

  /// A numeric member of a member (options.outer.inner) in [min, max].
  template <class Options, class Inner, class T>
  Setting<Options> numberSetting(std::string name, Inner Options::*outer, T Inner::*inner, std::string description, double min,
                                 double max = std::numeric_limits<double>::infinity(), bool advanced = false)
  {
    return Internal::numberSettingWith<T, Options>(
      std::move(name), [outer, inner](auto& options) -> auto& { return (options.*outer).*inner; }, std::move(description), min, max,
      advanced);
  }

  /// A setting that is one of several words, read and written through the given functions (enums,
  /// flags, nested members).
  template <class Options>
  Setting<Options> wordSetting(std::string name, std::vector<std::string> choices, std::function<std::string(const Options&)> get,
                               std::function<void(Options&, const std::string&)> set, std::string description, bool advanced = false)
  {
    Setting<Options> setting;
    setting.name = std::move(name);
    setting.description = std::move(description);
    setting.get = [get](const Options& options) -> SettingValue { return get(options); };
    setting.set = [set](Options& options, const SettingValue& value) { set(options, std::get<std::string>(value)); };
    setting.choices = std::move(choices);
    setting.advanced = advanced;
    return setting;
  }

  /// An enum member as one of its words (EnumWords).
  template <class Options, class Enum>
  Setting<Options> enumSetting(std::string name, Enum Options::*member, std::string description, bool advanced = false)
  {
    return wordSetting<Options>(
      std::move(name), wordsOf<Enum>(), [member](const Options& options) { return toString(options.*member); },
      [member](Options& options, const std::string& word) { options.*member = fromWord<Enum>(word); }, std::move(description), advanced);
  }

  /// A flag member as the words "true" and "false", as OpenMS tools spell their flags in parameters.
  template <class Options>
  Setting<Options> flagSetting(std::string name, bool Options::*member, std::string description, bool advanced = false)
  {
    return wordSetting<Options>(
      std::move(name), {"true", "false"}, [member](const Options& options) { return std::string(options.*member ? "true" : "false"); },
      [member](Options& options, const std::string& word) { options.*member = word == "true"; }, std::move(description), advanced);
  }

  /// Throws ParameterError naming the first setting outside its range or choices.
  template <class Options>
  void validateSettings(const SettingTable<Options>& table, const Options& options)
  {
    for (const auto& setting : table)
    {
      const auto value = setting.get(options);
      if (const auto* word = std::get_if<std::string>(&value))
      {
        bool allowed = setting.choices.empty();
        for (const auto& choice : setting.choices) allowed = allowed || choice == *word;
        if (!allowed) throw ParameterError(setting.name + " cannot be '" + *word + "'");
        continue;
      }
      const double number = std::holds_alternative<int64_t>(value) ? static_cast<double>(std::get<int64_t>(value)) : std::get<double>(value);
      if (!std::isfinite(number) || number < setting.min || number > setting.max)
      {
        std::string range = std::isfinite(setting.max) ? "in [" + std::to_string(setting.min) + ", " + std::to_string(setting.max) + "]"
                                                       : "at least " + std::to_string(setting.min);
        throw ParameterError(setting.name + " must be " + range + ", got " + std::to_string(number));
      }
    }
  }

  /// The settings under their names.
  template <class Options>
  nlohmann::json settingsToJson(const SettingTable<Options>& table, const Options& options)
  {
    nlohmann::json json = nlohmann::json::object();
    for (const auto& setting : table)
    {
      std::visit([&](const auto& value) { json[setting.name] = value; }, setting.get(options));
    }
    return json;
  }

  /// options with the settings that json (settingsToJson) holds; others keep their values.
  template <class Options>
  Options settingsFromJson(const SettingTable<Options>& table, const nlohmann::json& json, Options options = Options())
  {
    for (const auto& setting : table)
    {
      if (!json.contains(setting.name)) continue;
      const auto& value = json.at(setting.name);
      const auto current = setting.get(options);
      if (std::holds_alternative<int64_t>(current)) setting.set(options, value.template get<int64_t>());
      else if (std::holds_alternative<double>(current)) setting.set(options, value.template get<double>());
      else setting.set(options, value.template get<std::string>());
    }
    return options;
  }
}
