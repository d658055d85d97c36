#pragma once
#include "Spectrum.h"

#include <optional>
#include <string>
#include <vector>

namespace SpecEmbedding
{
  /// The real (unpadded) tokens of one spectrum: the precursor token, then the kept peaks in m/z order.
  struct TokenSequence
  {
    std::vector<float> mz;
    std::vector<float> intensity;
    size_t size() const { return mz.size(); }
  };

  /// Turns a spectrum into tokens exactly as the reference SpecEmbedding Tokenizer does:
  /// the max_len - 1 most intense peaks, back in m/z order, intensities divided by the largest
  /// kept one (float32), and a leading precursor token (m/z = precursor m/z, intensity 2).
  /// Padding is not materialised here; the encoder's batching accounts for it.
  ///
  /// With the ion mode token (a model trained on both ion modes), the precursor token of a
  /// negative-mode spectrum has intensity -2 instead, which tells the model the spectrum's polarity;
  /// positive spectra and those of unknown mode keep 2, as the reference has it.
  ///
  /// Ties at the cut-off: among peaks of equal intensity the one with the higher m/z is kept,
  /// which is what the reference's argsort(...)[::-1] does whenever numpy's sort is stable.
  class Tokenizer
  {
  public:
    static constexpr float kPrecursorIntensity = 2.0f;
    static constexpr float kNegativePrecursorIntensity = -2.0f;

    explicit Tokenizer(int max_len = 100, bool ion_mode_token = false);

    int maxLength() const { return max_len_; }
    bool ionModeToken() const { return ion_mode_token_; }
    /// The precursor token's intensity for a spectrum of this ion mode ("positive", "negative" or "").
    float precursorIntensity(const std::string& ion_mode) const;

    /// Why the spectrum cannot be tokenised (no precursor, no usable peak, a non-finite value),
    /// or nothing when it can.
    std::optional<std::string> problem(const Spectrum& spectrum) const;

    /// Throws InputError (naming the spectrum) when problem() is set.
    TokenSequence tokenize(const Spectrum& spectrum) const;

  private:
    int max_len_;
    bool ion_mode_token_;
  };
}
