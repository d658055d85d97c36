#pragma once
// Every random draw of a training run comes from a generator derived from (seed, purpose, epoch,
// step). Nothing random carries over from one step to the next, so a resumed run replays any step
// exactly as the uninterrupted run would have drawn it.
#include <cstdint>
#include <random>

namespace SpecEmbedding
{
  /// What a derived generator is used for; each purpose gets an independent stream.
  enum class RandomPurpose : uint64_t
  {
    ValidationSplit = 1,
    EpochPlan,
    Views,
    Dropout,
    ValidationViews,
    ValidationQueries,
    ValidationDistractors,
    ConfidenceTwin,
    ScorerTwin
  };

  /// A well-mixed 64-bit seed for the given coordinates (SplitMix64 finaliser, chained).
  inline uint64_t deriveSeed(uint64_t seed, RandomPurpose purpose, uint64_t epoch = 0, uint64_t step = 0)
  {
    const auto mix = [](uint64_t x) {
      x += 0x9E3779B97F4A7C15ULL;
      x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
      x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
      return x ^ (x >> 31);
    };
    return mix(mix(mix(mix(seed) ^ static_cast<uint64_t>(purpose)) ^ epoch) ^ step);
  }

  inline std::mt19937_64 derivedGenerator(uint64_t seed, RandomPurpose purpose, uint64_t epoch = 0, uint64_t step = 0)
  {
    return std::mt19937_64(deriveSeed(seed, purpose, epoch, step));
  }
}
