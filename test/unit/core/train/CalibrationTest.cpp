#include "core/train/Calibration.h"
#include "core/search/MorganFingerprints.h"

#include <gtest/gtest.h>

using namespace SpecEmbedding;

namespace
{
  Spectrum spectrum(const std::string& inchikey, const std::string& smiles, double precursor_mz, std::vector<double> mz)
  {
    Spectrum result;
    result.inchikey = inchikey;
    result.smiles = smiles;
    result.ion_mode = "positive";
    result.precursor_mz = precursor_mz;
    result.intensity.assign(mz.size(), 1.0);
    result.mz = std::move(mz);
    return result;
  }
}

// The held-out compound's first spectrum searches the library as the Annotator's analog hits do: the
// library spectrum matching across the 14 Da shift scores 1 and carries propanol's Tanimoto to ethanol, the
// one sharing one of two fragments scores 0.5 with benzene's (0), and the one inside the identity window is
// not a hit.
TEST(TrainAnalogCalibration, ModifiedCosinesOfHeldOutAnalogHitsMapToTheirTanimoto)
{
  if (!MorganFingerprints::available()) GTEST_SKIP() << "this build has no RDKit";
  const std::vector<Spectrum> held_out = {spectrum("LFQSCWFLJHTTHZ-UHFFFAOYSA-N", "CCO", 47.0, {29.0, 31.0}),
                                          spectrum("LFQSCWFLJHTTHZ-UHFFFAOYSA-N", "CCO", 47.0, {20.0})};
  const std::vector<Spectrum> library = {spectrum("BDERNNFJNOPAEC-UHFFFAOYSA-N", "CCCO", 61.0, {29.0, 45.0}),
                                         spectrum("UHOVQNZJYSORNB-UHFFFAOYSA-N", "c1ccccc1", 79.0, {29.0, 77.0}),
                                         spectrum("XXXXXXXXXXXXXX-UHFFFAOYSA-N", "CCO", 47.0005, {29.0, 31.0})};
  ModelCalibration calibration;
  fitSpectralAnalogSimilarity(library, held_out, calibration);
  ASSERT_TRUE(calibration.analog_spectral_similarity);
  const MorganFingerprints fingerprints({"CCO", "CCCO"});
  const double propanol = fingerprints.tanimoto({0, 1})[0][1].item<float>();
  EXPECT_NEAR((*calibration.analog_spectral_similarity)(1.0), propanol, 1e-6);
  EXPECT_NEAR((*calibration.analog_spectral_similarity)(0.5), 0.0, 1e-6);
  ASSERT_EQ(calibration.analog_spectral_similarity->knots().size(), 2u);
  EXPECT_NEAR(calibration.analog_spectral_similarity->knots()[0], 0.5, 1e-9);
  EXPECT_NEAR(calibration.analog_spectral_similarity->knots()[1], 1.0, 1e-9);

  ModelCalibration none; // no held-out spectrum with an InChIKey
  fitSpectralAnalogSimilarity(library, {spectrum("", "CCO", 47.0, {29.0})}, none);
  EXPECT_FALSE(none.analog_spectral_similarity);
}
