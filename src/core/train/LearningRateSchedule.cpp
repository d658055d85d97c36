#include "LearningRateSchedule.h"

#include <algorithm>
#include <cmath>

namespace SpecEmbedding
{
  LearningRateSchedule::LearningRateSchedule(double peak_rate, size_t warmup_steps, size_t total_steps)
    : peak_rate_(peak_rate), warmup_steps_(warmup_steps), total_steps_(total_steps)
  {
  }

  LearningRateSchedule LearningRateSchedule::withWarmupFraction(double peak_rate, double warmup_fraction, size_t total_steps)
  {
    return LearningRateSchedule(peak_rate, static_cast<size_t>(std::floor(warmup_fraction * static_cast<double>(total_steps))), total_steps);
  }

  double LearningRateSchedule::factor(size_t step) const
  {
    if (step < warmup_steps_) return static_cast<double>(step) / static_cast<double>(std::max<size_t>(1, warmup_steps_));
    const double progress = static_cast<double>(step - warmup_steps_) /
                            static_cast<double>(std::max<size_t>(1, total_steps_ - std::min(total_steps_, warmup_steps_)));
    return std::max(0.0, 0.5 * (1.0 + std::cos(M_PI * progress)));
  }
}
