#pragma once
#include <cstddef>

namespace SpecEmbedding
{
  /// transformers' get_cosine_schedule_with_warmup (half a cosine): the rate rises linearly from
  /// 0 over the warm-up steps, then falls along a cosine to 0 at the last step. rate(step) is the
  /// rate the optimiser uses for its step-th update (0-based).
  class LearningRateSchedule
  {
  public:
    LearningRateSchedule(double peak_rate, size_t warmup_steps, size_t total_steps);

    /// Warm-up over floor(warmup_fraction x total_steps) steps, as the reference sets it.
    static LearningRateSchedule withWarmupFraction(double peak_rate, double warmup_fraction, size_t total_steps);

    double factor(size_t step) const;
    double rate(size_t step) const { return peak_rate_ * factor(step); }
    size_t warmupSteps() const { return warmup_steps_; }
    size_t totalSteps() const { return total_steps_; }

  private:
    double peak_rate_;
    size_t warmup_steps_;
    size_t total_steps_;
  };
}
