#include "core/Errors.h"
#include "core/Hit.h"
#include "core/Settings.h"
#include "core/search/DecoySpectra.h"

#include <gtest/gtest.h>

using namespace SpecEmbedding;

TEST(Words, EachValueHasOneWordBothWays)
{
  EXPECT_EQ(toString(HitKind::Analog), "analog");
  EXPECT_EQ(fromWord<HitKind>("identity"), HitKind::Identity);
  EXPECT_EQ(wordsOf<DecoyMethod>(), (std::vector<std::string>{"spectrum_based", "isomer_like"}));
  for (const auto& word : wordsOf<DecoyMethod>()) EXPECT_EQ(toString(fromWord<DecoyMethod>(word)), word);
  try
  {
    fromWord<DecoyMethod>("shuffled");
    FAIL() << "an unknown word was read";
  }
  catch (const ParameterError& error)
  {
    EXPECT_STREQ(error.what(), "the decoy method must be one of spectrum_based, isomer_like, got 'shuffled'");
  }
}

TEST(Words, AnEnumSettingOffersTheWordsAsItsChoices)
{
  struct Options
  {
    DecoyMethod method = DecoyMethod::IsomerLike;
  };
  const SettingTable<Options> table = {enumSetting("decoy_method", &Options::method, "How decoys are made.")};
  EXPECT_EQ(table[0].choices, wordsOf<DecoyMethod>());
  Options options;
  EXPECT_EQ(std::get<std::string>(table[0].get(options)), "isomer_like");
  table[0].set(options, std::string("spectrum_based"));
  EXPECT_EQ(options.method, DecoyMethod::SpectrumBased);
  EXPECT_EQ(settingsToJson(table, options).at("decoy_method"), "spectrum_based");
}
