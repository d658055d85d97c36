#include "MzTabCells.h"

#include <OpenMS/SYSTEM/File.h>

#include <cmath>
#include <iomanip>
#include <sstream>

namespace OpenMS
{
  MzTabString mzTabString(const String& value)
  {
    MzTabString cell;
    if (!value.empty()) cell.set(value);
    return cell;
  }

  MzTabOptionalColumnEntry optionalColumn(const String& name, const String& value)
  {
    return {name, mzTabString(value)};
  }

  String formatNumber(double value, int digits)
  {
    if (std::isnan(value)) return String();
    std::ostringstream text;
    text << std::setprecision(digits) << value;
    return text.str();
  }

  MzTabSmallMoleculeSectionRow hitRow(const SpecEmbedding::Hit& hit, const SpecEmbedding::LibraryEntry& entry, double mz, int charge,
                                      double retention_time, const String& database_file, const std::string& model_sha256)
  {
    MzTabSmallMoleculeSectionRow row;
    MzTabStringList identifier;
    identifier.set({mzTabString(entry.id)});
    row.identifier = identifier;
    row.chemical_formula = mzTabString(entry.formula);
    row.smiles = mzTabString(entry.smiles);
    row.inchi_key = mzTabString(entry.inchikey);
    row.description = mzTabString(entry.name);
    row.exp_mass_to_charge.set(mz);
    if (entry.precursor_mz > 0.0) row.calc_mass_to_charge.set(entry.precursor_mz);
    if (charge != 0) row.charge.set(charge);
    if (retention_time >= 0.0)
    {
      MzTabDouble rt;
      rt.set(retention_time);
      row.retention_time.set({rt});
    }
    row.database = mzTabString(File::basename(database_file));
    row.database_version = mzTabString("model " + model_sha256.substr(0, 12));
    const double ppm_error = entry.precursor_mz > 0.0 ? (entry.precursor_mz - mz) / entry.precursor_mz * 1e6 : NAN;
    row.opt_.push_back(optionalColumn("opt_ppm_error", std::isnan(ppm_error) ? String() : String(std::floor(ppm_error * 100) / 100)));
    row.opt_.push_back(optionalColumn("opt_adduct_ion", entry.adduct));
    row.opt_.push_back(optionalColumn("opt_match_score", formatNumber(hit.score)));
    return row;
  }
}
