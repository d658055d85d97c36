#pragma once

#include "core/search/EmbeddingLibrary.h"
#include "core/search/LibrarySearch.h"

#include <OpenMS/DATASTRUCTURES/String.h>
#include <OpenMS/FORMAT/MzTab.h>

namespace OpenMS
{
  /// An mzTab string cell; null (written as "null") when the value is empty.
  MzTabString mzTabString(const String& value);

  /// An optional column entry (opt_...) holding a string cell.
  MzTabOptionalColumnEntry optionalColumn(const String& name, const String& value);

  /// A number for a table cell (mzTab or TSV) with that many significant digits; empty when it is NaN (not measured).
  String formatNumber(double value, int digits = 6);

  /// What a hit's SML row says of the matched library entry and of the measured ion (m/z, charge, RT; a
  /// negative RT is left out), in AccurateMassSearch's and MetaboliteSpectralMatching's columns
  /// (opt_ppm_error, opt_adduct_ion, opt_match_score, opt_rank); the caller adds spectra_ref, abundances
  /// and its own optional columns.
  MzTabSmallMoleculeSectionRow hitRow(const SpecEmbedding::Hit& hit, const SpecEmbedding::LibraryEntry& entry, double mz, int charge,
                                      double retention_time, const String& database_file, const std::string& model_sha256);
}
