#include "PrecursorFeatureIndex.h"

#include <OpenMS/DATASTRUCTURES/ListUtils.h>

#include <algorithm>
#include <cmath>

namespace OpenMS
{
  PrecursorFeatureIndex::PrecursorFeatureIndex() : DefaultParamHandler("PrecursorFeatureIndex")
  {
    defaults_.setValue("feature_linking", "convex_hull",
                       "How an MS2 spectrum is linked to the feature of its precursor (with -in_features): convex_hull: the precursor lies in "
                       "the bounding box of one of the feature's convex hulls widened by the tolerances (features without hulls, and the "
                       "sub-features of a consensusXML, by their centroid); centroid: within the tolerances of the feature's RT and m/z.");
    defaults_.setValidStrings("feature_linking", ListUtils::create<String>("convex_hull,centroid"));
    defaults_.setValue("rt_tolerance", 5.0, "RT tolerance (seconds) for linking MS2 spectra to features.");
    defaults_.setMinFloat("rt_tolerance", 0.0);
    defaults_.setValue("mz_tolerance", 20.0, "m/z tolerance (in -mz_measure) for linking MS2 spectra to features.");
    defaults_.setMinFloat("mz_tolerance", 0.0);
    defaults_.setValue("mz_measure", "ppm", "Unit of -mz_tolerance.");
    defaults_.setValidStrings("mz_measure", ListUtils::create<String>("ppm,Da"));
    defaultsToParam_();
  }

  void PrecursorFeatureIndex::updateMembers_()
  {
    use_hulls_ = param_.getValue("feature_linking") == "convex_hull";
    rt_tolerance_ = param_.getValue("rt_tolerance");
    mz_tolerance_ = param_.getValue("mz_tolerance");
    mz_in_ppm_ = param_.getValue("mz_measure") == "ppm";
  }

  double PrecursorFeatureIndex::mzTolerance_(double mz) const
  {
    return mz_in_ppm_ ? mz * mz_tolerance_ * 1e-6 : mz_tolerance_;
  }

  void PrecursorFeatureIndex::addBox_(Size map_index, double rt_min, double rt_max, double mz_min, double mz_max, double rt, double mz,
                                      Size feature)
  {
    if (maps_.size() <= map_index) maps_.resize(map_index + 1);
    auto& map = maps_[map_index];
    const Region region{mz_min - mzTolerance_(mz_min), mz_max + mzTolerance_(mz_max), rt_min - rt_tolerance_, rt_max + rt_tolerance_, mz, rt,
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
      if (!use_hulls_ || feature.getConvexHulls().empty())
      {
        without_hull_ += use_hulls_;
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
