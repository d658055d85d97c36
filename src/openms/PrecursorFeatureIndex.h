#pragma once
// Which LC-MS feature an MS2 spectrum belongs to: the feature whose RT and m/z region holds the spectrum's
// precursor, as OpenMS's IDMapper assigns identifications to features, indexed by m/z so that linking a run
// costs a binary search per spectrum rather than a pass over the features.
#include "core/Settings.h"

#include <OpenMS/DATASTRUCTURES/DefaultParamHandler.h>
#include <OpenMS/KERNEL/ConsensusMap.h>
#include <OpenMS/KERNEL/FeatureMap.h>

#include <optional>
#include <vector>

namespace OpenMS
{
  /// Where a spectrum's precursor must lie to belong to a feature: the user settings (see PrecursorFeatureIndex).
  struct FeatureLinkingOptions
  {
    enum class Region
    {
      ConvexHull,
      Centroid
    };
    Region region = Region::ConvexHull;
    double rt_tolerance = 5.0;  ///< seconds
    double mz_tolerance = 20.0; ///< in mz_in_ppm ? ppm of the feature's m/z : Da
    bool mz_in_ppm = true;

    static const SpecEmbedding::SettingTable<FeatureLinkingOptions>& settings();
  };
}

namespace SpecEmbedding
{
  template <>
  struct EnumWords<OpenMS::FeatureLinkingOptions::Region>
  {
    using Region = OpenMS::FeatureLinkingOptions::Region;
    static constexpr const char* what = "feature linking";
    static constexpr std::pair<Region, const char*> words[] = {{Region::ConvexHull, "convex_hull"}, {Region::Centroid, "centroid"}};
  };
}

namespace OpenMS
{
  /// Parameters (FeatureLinkingOptions):
  /// - feature_linking: convex_hull (default): the precursor lies in the bounding box of one of the feature's
  ///   convex hulls (its mass traces, so an isotope's precursor links too), widened by the tolerances; a
  ///   feature without hulls (FeatureFinderMetabo without -algorithm:ffm:report_convex_hulls) and a consensus
  ///   map's sub-features (consensusXML stores no hulls) are linked by their centroid. centroid: the precursor
  ///   lies within rt_tolerance and mz_tolerance of the feature's centroid.
  /// - rt_tolerance (s, default 5) and mz_tolerance (default 20) in mz_measure (ppm of the feature's m/z, or
  ///   Da): IDMapper's defaults.
  /// A precursor inside several features links to the one with the nearest m/z, then RT.
  class PrecursorFeatureIndex : public DefaultParamHandler
  {
  public:
    struct Link
    {
      Size feature;    ///< the feature's position in its FeatureMap or ConsensusMap
      Size candidates; ///< how many features hold the precursor (more than 1: linked to the nearest)
    };

    PrecursorFeatureIndex();

    /// Indexes the features of one run, whose map index is 0.
    void build(const FeatureMap& features);

    /// Indexes the sub-features of a consensus map by their map index; find() returns the consensus feature.
    void build(const ConsensusMap& features);

    /// The feature of map map_index that holds a precursor at rt (s) and mz; none when no feature does.
    std::optional<Link> find(Size map_index, double rt, double mz) const;

    /// Features linked by their centroid under convex_hull linking, as they have no convex hull.
    Size featuresWithoutHull() const { return without_hull_; }

  protected:
    void updateMembers_() override;

  private:
    struct Region
    {
      double mz_min, mz_max, rt_min, rt_max;
      double mz, rt; ///< the feature's centroid, for choosing between overlapping features
      Size feature;
    };
    struct MapRegions
    {
      std::vector<Region> regions; ///< sorted by mz_min
      double widest = 0.0;         ///< largest mz_max - mz_min
    };

    double mzTolerance_(double mz) const;
    void addCentroid_(Size map_index, double rt, double mz, Size feature);
    void addBox_(Size map_index, double rt_min, double rt_max, double mz_min, double mz_max, double rt, double mz, Size feature);
    void sort_();

    FeatureLinkingOptions options_;
    std::vector<MapRegions> maps_;
    Size without_hull_ = 0;
  };
}
