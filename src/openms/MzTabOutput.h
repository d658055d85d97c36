#pragma once
// The hits as mzTab in MetaboliteSpectralMatching's layout (-out), written block by block: OpenMS's own
// mzTab writer generates every line, and the rows go out as the blocks come.
#include "StreamedOutput.h"

#include <OpenMS/FORMAT/MzTab.h>

namespace OpenMS
{
  /// One small-molecule row per hit, with MetaboliteSpectralMatching's columns, spectra_ref and the columns
  /// opt_rank, opt_global_hit_kind, opt_global_mass_difference, opt_global_predicted_similarity,
  /// opt_global_confidence and opt_global_q_value. A run without hits gives the metadata section alone.
  class MzTabOutput : public StreamedOutput
  {
  public:
    /// Throws OutputError when path cannot be written.
    explicit MzTabOutput(const String& path);
    void begin(const SearchRun& run) override;
    void add(const SearchedBlock& block) override;

  private:
    const SearchRun* run_ = nullptr;
    MzTabMetaData meta_;
    size_t header_columns_ = 0; ///< 0 until the header is written, before the first row
  };
}
