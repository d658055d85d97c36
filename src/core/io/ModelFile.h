#pragma once
// The self-describing model file: architecture, tokenizer settings, provenance and weights, with a
// SHA-256 checksum of the weights. It is a PyTorch zip archive holding one plain dict, so
// torch.load() in Python reads it as well.
#include "../model/SpectrumEncoder.h"
#include "../calibration/ModelCalibration.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace SpecEmbedding
{
  struct LoadedModel
  {
    SpectrumEncoder encoder{nullptr};
    nlohmann::json provenance;  ///< tool version, creation time, training data and parameters
    std::string weights_sha256; ///< checksum of the weights, as stored and verified
    /// The ion modes of the spectra it was trained on ("positive", "negative"); empty when unknown (an
    /// imported checkpoint, a file written before modes were recorded).
    std::vector<std::string> ion_modes;
    ModelCalibration calibration; ///< what its scores mean; empty parts where not calibrated
    /// The file holds a learned scorer that this build cannot run (no XGBoost).
    bool scorer_unavailable = false;

    /// Whether the model was trained on spectra of this ion mode; true for an unknown mode or model.
    bool serves(const std::string& ion_mode) const;
  };

  class ModelFile
  {
  public:
    static constexpr const char* kFormat = "SpecEmbedding model";
    static constexpr int kFormatVersion = 1;

    /// Writes atomically (temporary file, then rename): a failed write leaves no file behind.
    /// "tool_version" and "created" are added to the provenance. Returns the weights' checksum.
    static std::string save(const std::string& path, SpectrumEncoder& encoder, nlohmann::json provenance,
                            const std::vector<std::string>& ion_modes = {}, const ModelCalibration& calibration = {});

    /// Throws ModelError naming the file when it is missing, truncated, corrupt or inconsistent, a broken
    /// scorer section included.
    static LoadedModel load(const std::string& path);

    /// SHA-256 (hex) over the parameters' names, shapes and float32 values, in registration order.
    static std::string weightsChecksum(const torch::nn::Module& module);
  };
}
