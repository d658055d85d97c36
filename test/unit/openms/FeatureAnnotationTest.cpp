#include "openms/FeatureAnnotation.h"
#include "support/TestSupport.h"

#include "core/io/Files.h"

#include <OpenMS/FORMAT/FeatureXMLFile.h>
#include <OpenMS/FORMAT/MzTabFile.h>

#include <gtest/gtest.h>

#include <filesystem>

using namespace OpenMS;
using SpecEmbedding::Hit;
using SpecEmbedding::TestSupport::makeSpectrum;

TEST(FeatureAnnotation, LinksSpectraToTheirFeatureAndWritesTheFeatureHits)
{
  // The run's first feature spans RT 412.6-415.5 s around m/z 288.1854 (test/data/features).
  const String features_file = String(TEST_DATA_DIR) + "/features/SiriusExport_1_input.featureXML";
  FeatureAnnotation annotation(features_file, PrecursorFeatureIndex().getDefaults(), 1);
  auto entry = makeSpectrum("MSBNK-1", 288.1855, {80.0}, {1.0}, "AAAAAAAAAAAAAA-BBBBBBBBBB-N", "CCO");
  const auto library = SpecEmbedding::EmbeddingLibrary::build({entry}, torch::ones({1, 2}), "model");
  const auto out_mztab = SpecEmbedding::TestSupport::temporaryPath("features.mzTab");
  const auto out_features = SpecEmbedding::TestSupport::temporaryPath("annotated.featureXML");
  annotation.writeTo(out_mztab, out_features, DataProcessing());
  const SearchRun run{{"run.mzML"}, "library.msp", &library, "model", 2, SpecEmbedding::SearchParameters()};
  annotation.begin(run);

  SearchedBlock block;
  block.spectra = {makeSpectrum("in the feature", 288.1853), makeSpectrum("in none", 500.0)};
  block.spectra[0].retention_time = 414.0;
  block.spectra[1].retention_time = 414.0;
  block.input_index = {0, 1};
  annotation.link(block);
  ASSERT_EQ(block.features.size(), 2u);
  ASSERT_TRUE(block.features[0].has_value());
  EXPECT_EQ(*block.features[0], 0u);
  EXPECT_EQ(block.feature_ids[0], "7872560933242676860");
  EXPECT_FALSE(block.features[1].has_value());
  EXPECT_EQ(block.feature_ids[1], "");

  block.hits = {{Hit{0, 0, 1, 0.9, 0.9, NAN}}, {Hit{1, 0, 1, 0.8, 0.8, NAN}}};
  annotation.add(block);
  annotation.finish();
  EXPECT_FALSE(std::filesystem::exists(out_mztab));
  annotation.commit();
  MzTab mztab;
  MzTabFile().load(out_mztab, mztab);
  ASSERT_EQ(mztab.getSmallMoleculeSectionRows().size(), 1u); // the one linked spectrum's hit
  EXPECT_EQ(mztab.getSmallMoleculeSectionRows()[0].inchi_key.toCellString(), "AAAAAAAAAAAAAA-BBBBBBBBBB-N");
  FeatureMap annotated;
  FeatureXMLFile().load(out_features, annotated);
  EXPECT_EQ(annotated[0].getPeptideIdentifications().size(), 1u);
  EXPECT_TRUE(annotated[1].getPeptideIdentifications().empty());
}
