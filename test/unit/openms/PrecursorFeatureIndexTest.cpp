#include "openms/PrecursorFeatureIndex.h"

#include <gtest/gtest.h>

#include <random>

using namespace OpenMS;

namespace
{
  /// A feature at (rt, mz) whose mass traces' hulls span rt +- 10 s, one per isotope (1.00336 Da apart).
  Feature makeFeature(double rt, double mz, int isotopes)
  {
    Feature feature;
    feature.setRT(rt);
    feature.setMZ(mz);
    for (int i = 0; i < isotopes; ++i)
    {
      ConvexHull2D hull;
      const double trace_mz = mz + i * 1.00336;
      hull.addPoint({rt - 10.0, trace_mz - 0.001});
      hull.addPoint({rt + 10.0, trace_mz + 0.001});
      feature.getConvexHulls().push_back(hull);
    }
    return feature;
  }

  PrecursorFeatureIndex makeIndex(const String& linking, double rt_tolerance = 5.0, double mz_tolerance = 20.0, const String& measure = "ppm")
  {
    PrecursorFeatureIndex index;
    Param param = index.getParameters();
    param.setValue("feature_linking", linking);
    param.setValue("rt_tolerance", rt_tolerance);
    param.setValue("mz_tolerance", mz_tolerance);
    param.setValue("mz_measure", measure);
    index.setParameters(param);
    return index;
  }

  std::optional<Size> featureOf(const PrecursorFeatureIndex& index, double rt, double mz, Size map = 0)
  {
    const auto link = index.find(map, rt, mz);
    return link ? std::optional<Size>(link->feature) : std::nullopt;
  }
}

TEST(PrecursorFeatureIndex, ConvexHullLinksInsideTheWidenedHullsOnly)
{
  FeatureMap features;
  features.push_back(makeFeature(100.0, 300.0, 2));
  features.push_back(makeFeature(200.0, 500.0, 1));
  auto index = makeIndex("convex_hull");
  index.build(features);
  EXPECT_EQ(featureOf(index, 100.0, 300.0), 0u);
  EXPECT_EQ(featureOf(index, 114.9, 300.0), 0u);        // hull edge 110 + 5 s
  EXPECT_EQ(featureOf(index, 115.1, 300.0), std::nullopt);
  EXPECT_EQ(featureOf(index, 95.0, 301.00336), 0u);     // the M+1 trace
  EXPECT_EQ(featureOf(index, 100.0, 300.0 + 0.001 + 300.001 * 19e-6), 0u);
  EXPECT_EQ(featureOf(index, 100.0, 300.0 + 0.001 + 300.001 * 21e-6), std::nullopt);
  EXPECT_EQ(featureOf(index, 200.0, 500.0), 1u);
  EXPECT_EQ(featureOf(index, 200.0, 400.0), std::nullopt);
  EXPECT_EQ(featureOf(index, 100.0, 300.0, 1), std::nullopt); // a featureXML is map 0
  EXPECT_EQ(index.featuresWithoutHull(), 0u);
}

TEST(PrecursorFeatureIndex, CentroidLinkingUsesTheTolerancesAroundTheCentroid)
{
  FeatureMap features;
  features.push_back(makeFeature(100.0, 300.0, 2));
  auto index = makeIndex("centroid", 3.0, 0.01, "Da");
  index.build(features);
  EXPECT_EQ(featureOf(index, 102.9, 300.009), 0u);
  EXPECT_EQ(featureOf(index, 103.1, 300.0), std::nullopt);
  EXPECT_EQ(featureOf(index, 100.0, 300.011), std::nullopt);
  EXPECT_EQ(featureOf(index, 100.0, 301.00336), std::nullopt); // isotope traces count only with hulls
}

TEST(PrecursorFeatureIndex, FeaturesWithoutHullAreLinkedByTheirCentroid)
{
  FeatureMap features;
  Feature bare;
  bare.setRT(50.0);
  bare.setMZ(250.0);
  features.push_back(bare);
  auto index = makeIndex("convex_hull");
  index.build(features);
  EXPECT_EQ(index.featuresWithoutHull(), 1u);
  EXPECT_EQ(featureOf(index, 54.0, 250.0), 0u);
  EXPECT_EQ(featureOf(index, 56.0, 250.0), std::nullopt);
}

TEST(PrecursorFeatureIndex, OverlappingFeaturesLinkToTheNearestMz)
{
  // Feature 0's M+1 trace overlaps feature 1's monoisotopic trace: a precursor there is feature 1's.
  FeatureMap features;
  features.push_back(makeFeature(100.0, 300.0, 2));
  features.push_back(makeFeature(102.0, 301.0035, 1));
  auto index = makeIndex("convex_hull");
  index.build(features);
  const auto link = index.find(0, 101.0, 301.0034);
  ASSERT_TRUE(link);
  EXPECT_EQ(link->feature, 1u);
  EXPECT_EQ(link->candidates, 2u);
  EXPECT_EQ(index.find(0, 100.0, 300.0)->candidates, 1u);
}

TEST(PrecursorFeatureIndex, ConsensusMapsLinkTheSubFeatureOfTheSpectrumsOwnMap)
{
  ConsensusMap consensus;
  consensus.getColumnHeaders()[0].filename = "a.mzML";
  consensus.getColumnHeaders()[1].filename = "b.mzML";
  ConsensusFeature both;
  both.insert(FeatureHandle(0, Peak2D({100.0, 300.0}, 1.0), 1));
  both.insert(FeatureHandle(1, Peak2D({130.0, 300.0}, 1.0), 2));
  consensus.push_back(both);
  ConsensusFeature only_b;
  only_b.insert(FeatureHandle(1, Peak2D({200.0, 400.0}, 1.0), 3));
  consensus.push_back(only_b);
  auto index = makeIndex("convex_hull");
  index.build(consensus);
  EXPECT_EQ(featureOf(index, 101.0, 300.0, 0), 0u);
  EXPECT_EQ(featureOf(index, 101.0, 300.0, 1), std::nullopt); // map 1's sub-feature elutes at 130 s
  EXPECT_EQ(featureOf(index, 131.0, 300.0, 1), 0u);
  EXPECT_EQ(featureOf(index, 200.0, 400.0, 1), 1u);
  EXPECT_EQ(featureOf(index, 200.0, 400.0, 0), std::nullopt);
  EXPECT_EQ(featureOf(index, 200.0, 400.0, 2), std::nullopt);
}

TEST(PrecursorFeatureIndex, AgreesWithAScanOverAllFeatures)
{
  std::mt19937 random(7);
  std::uniform_real_distribution<double> rt(0.0, 600.0), mz(100.0, 1000.0);
  FeatureMap features;
  for (int i = 0; i < 2000; ++i) features.push_back(makeFeature(rt(random), mz(random), 1 + i % 3));
  for (const String linking : {"convex_hull", "centroid"})
  {
    auto index = makeIndex(linking, 5.0, 20.0, "ppm");
    index.build(features);
    for (int q = 0; q < 2000; ++q)
    {
      // Half of the queries near a feature, so that links are tested too.
      const Feature& near = features[q % features.size()];
      const double query_rt = q % 2 ? rt(random) : near.getRT() + (q % 7) - 3.0;
      const double query_mz = q % 2 ? mz(random) : near.getMZ() + ((q % 5) - 2) * 0.002;
      std::optional<Size> expected;
      std::pair<double, double> nearest;
      for (Size f = 0; f < features.size(); ++f)
      {
        bool holds = false;
        if (linking == "centroid")
        {
          holds = std::fabs(features[f].getRT() - query_rt) <= 5.0 && std::fabs(features[f].getMZ() - query_mz) <= features[f].getMZ() * 20e-6;
        }
        for (const auto& hull : features[f].getConvexHulls())
        {
          if (linking == "centroid") break;
          const auto box = hull.getBoundingBox();
          holds = holds || (query_rt >= box.minX() - 5.0 && query_rt <= box.maxX() + 5.0 && query_mz >= box.minY() - box.minY() * 20e-6 &&
                            query_mz <= box.maxY() + box.maxY() * 20e-6);
        }
        const std::pair<double, double> distance(std::fabs(features[f].getMZ() - query_mz), std::fabs(features[f].getRT() - query_rt));
        if (holds && (!expected || distance < nearest))
        {
          expected = f;
          nearest = distance;
        }
      }
      EXPECT_EQ(featureOf(index, query_rt, query_mz), expected) << linking << " query " << q;
    }
  }
}
