#include "PrecursorFeatureIndex.h"

#include "SettingParams.h"

#include <OpenMS/DATASTRUCTURES/ListUtils.h>

#include <algorithm>
#include <cmath>

namespace OpenMS
{
  const SpecEmbedding::SettingTable<FeatureLinkingOptions>& FeatureLinkingOptions::settings()
  {
    using O = FeatureLinkingOptions;
    static const SpecEmbedding::SettingTable<O> table = {
      SpecEmbedding::enumSetting("feature_linking", &O::region,
                                 "How an MS2 spectrum is linked to the feature of its precursor (with -in_features): convex_hull: the "
                                 "precursor lies in the bounding box of one of the feature's convex hulls widened by the tolerances "
                                 "(features without hulls, and the sub-features of a consensusXML, by their centroid); centroid: within "
                                 "the tolerances of the feature's RT and m/z."),
      SpecEmbedding::numberSetting("rt_tolerance", &O::rt_tolerance, "RT tolerance (seconds) for linking MS2 spectra to features.", 0.0),
      SpecEmbedding::numberSetting("mz_tolerance", &O::mz_tolerance, "m/z tolerance (in -mz_measure) for linking MS2 spectra to features.", 0.0),
      SpecEmbedding::wordSetting<O>("mz_measure", {"ppm", "Da"}, [](const O& o) { return std::string(o.mz_in_ppm ? "ppm" : "Da"); },
                                    [](O& o, const std::string& word) { o.mz_in_ppm = word == "ppm"; }, "Unit of -mz_tolerance."),
    };
    return table;
  }

  PrecursorFeatureIndex::PrecursorFeatureIndex() : DefaultParamHandler("PrecursorFeatureIndex")
  {
    defaults_ = settingsToParam(FeatureLinkingOptions::settings());
    defaultsToParam_();
  }

  void PrecursorFeatureIndex::updateMembers_()
  {
    options_ = settingsFromParam(FeatureLinkingOptions::settings(), param_);
  }

  double PrecursorFeatureIndex::mzTolerance_(double mz) const
  {
    return options_.mz_in_ppm ? mz * options_.mz_tolerance * 1e-6 : options_.mz_tolerance;
  }

  void PrecursorFeatureIndex::addBox_(Size map_index, double rt_min, double rt_max, double mz_min, double mz_max, double rt, double mz,
                                      Size feature)
  {
    if (maps_.size() <= map_index) maps_.resize(map_index + 1);
    auto& map = maps_[map_index];
    const Region region{mz_min - mzTolerance_(mz_min), mz_max + mzTolerance_(mz_max), rt_min - options_.rt_tolerance, rt_max + options_.rt_tolerance, mz, rt,
                        feature};
    map.widest = std::max(map.widest, region.mz_max - region.mz_min);
    map.regions.push_back(region);
  }

  void PrecursorFeatureIndex::addCentroid_(Size map_index, double rt, double mz, Size feature)
  {
    addBox_(map_index, rt, rt, mz, mz, rt, mz, feature);
  }

  void PrecursorFeatureIndex::sort_()
  {
    for (auto& map : maps_)
    {
      std::sort(map.regions.begin(), map.regions.end(), [](const Region& a, const Region& b) { return a.mz_min < b.mz_min; });
    }
  }

  void PrecursorFeatureIndex::build(const FeatureMap& features)
  {
    maps_.assign(1, {});
    without_hull_ = 0;
    for (Size i = 0; i < features.size(); ++i)
    {
      const Feature& feature = features[i];
      if (!(options_.region == FeatureLinkingOptions::Region::ConvexHull) || feature.getConvexHulls().empty())
      {
        without_hull_ += (options_.region == FeatureLinkingOptions::Region::ConvexHull);
        addCentroid_(0, feature.getRT(), feature.getMZ(), i);
        continue;
      }
      for (const auto& hull : feature.getConvexHulls())
      {
        const auto box = hull.getBoundingBox();
        addBox_(0, box.minX(), box.maxX(), box.minY(), box.maxY(), feature.getRT(), feature.getMZ(), i);
      }
    }
    sort_();
  }

  void PrecursorFeatureIndex::build(const ConsensusMap& features)
  {
    maps_.assign(features.getColumnHeaders().size(), {});
    without_hull_ = 0;
    for (Size i = 0; i < features.size(); ++i)
    {
      for (const auto& handle : features[i].getFeatures()) addCentroid_(handle.getMapIndex(), handle.getRT(), handle.getMZ(), i);
    }
    sort_();
  }

  std::optional<PrecursorFeatureIndex::Link> PrecursorFeatureIndex::find(Size map_index, double rt, double mz) const
  {
    if (map_index >= maps_.size()) return std::nullopt;
    const auto& map = maps_[map_index];
    // Regions that can hold mz start at most `widest` below it.
    auto it = std::lower_bound(map.regions.begin(), map.regions.end(), mz - map.widest,
                               [](const Region& region, double value) { return region.mz_min < value; });
    const Region* nearest = nullptr;
    std::vector<Size> holding;
    for (; it != map.regions.end() && it->mz_min <= mz; ++it)
    {
      if (mz > it->mz_max || rt < it->rt_min || rt > it->rt_max) continue;
      if (std::find(holding.begin(), holding.end(), it->feature) == holding.end()) holding.push_back(it->feature);
      const auto distance = [&](const Region& region) { return std::make_pair(std::fabs(region.mz - mz), std::fabs(region.rt - rt)); };
      if (!nearest || distance(*it) < distance(*nearest) || (distance(*it) == distance(*nearest) && it->feature < nearest->feature))
      {
        nearest = &*it;
      }
    }
    if (!nearest) return std::nullopt;
    return Link{nearest->feature, holding.size()};
  }
}
