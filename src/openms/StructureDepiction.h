#pragma once
// Structure drawings for reports: RDKit's MolDraw2D as SVG. The core stays free of MolDraw2D; only
// the OpenMS library links it.
#include <string>

namespace OpenMS
{
  /// The structure of a SMILES drawn by RDKit (MolDraw2DSVG, width x height pixels, transparent
  /// background, atom labels as SVG text), as an <svg> element without the XML declaration, to be inlined
  /// in HTML; empty when RDKit cannot parse the SMILES.
  std::string structureSvg(const std::string& smiles, int width = 260, int height = 200);
}
