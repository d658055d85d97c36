#pragma once
// What the unit tests share: small model configurations, hand-made spectra and temporary paths.
#include "core/Spectrum.h"
#include "core/model/ModelConfig.h"

#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

namespace SpecEmbedding::TestSupport
{
  /// An encoder small enough to train and run in a unit test: width wide, n_head heads, n_layer layers; the
  /// feed-forward as wide as the embedding and the output half as wide.
  inline ModelConfig smallConfig(int64_t width = 32, int64_t n_head = 2, int64_t n_layer = 2)
  {
    ModelConfig config;
    config.embedding_dim = width;
    config.n_head = n_head;
    config.n_layer = n_layer;
    config.dim_feedforward = width;
    config.dim_target = width / 2;
    return config;
  }

  /// A spectrum with these peaks and annotations.
  inline Spectrum makeSpectrum(const std::string& id, double precursor_mz, std::vector<double> mz = {}, std::vector<double> intensity = {},
                               const std::string& inchikey = "", const std::string& smiles = "", const std::string& ion_mode = "")
  {
    Spectrum spectrum;
    spectrum.id = id;
    spectrum.precursor_mz = precursor_mz;
    spectrum.mz = std::move(mz);
    spectrum.intensity = std::move(intensity);
    spectrum.inchikey = inchikey;
    spectrum.smiles = smiles;
    spectrum.ion_mode = ion_mode;
    return spectrum;
  }

  /// A path in the temporary folder that no other test process uses; nothing is there yet.
  inline std::string temporaryPath(const std::string& name)
  {
    const auto folder = std::filesystem::temp_directory_path() / ("specembedding-unit-tests-" + std::to_string(::getpid()));
    std::filesystem::create_directories(folder);
    const auto path = folder / name;
    std::filesystem::remove_all(path);
    return path.string();
  }
}
