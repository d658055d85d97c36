#include "StructureDepiction.h"

#include <GraphMol/MolDraw2D/MolDraw2DSVG.h>
#include <GraphMol/MolDraw2D/MolDraw2DUtils.h>
#include <GraphMol/SmilesParse/SmilesParse.h>
#include <RDGeneral/RDLog.h>

#include <memory>

namespace OpenMS
{
  std::string structureSvg(const std::string& smiles, int width, int height)
  {
    if (smiles.empty()) return {};
    // RDKit would print every parse error itself; a structure it cannot draw is simply left out.
    RDLog::LogStateSetter silence;
    std::string svg;
    try
    {
      const std::unique_ptr<RDKit::ROMol> molecule(RDKit::SmilesToMol(smiles));
      if (!molecule) return {};
      // Atom labels as SVG <text> rather than FreeType's glyph outlines: smaller, and selectable in a page.
      RDKit::MolDraw2DSVG drawing(width, height, -1, -1, /*noFreetype=*/true);
      drawing.drawOptions().clearBackground = false;
      RDKit::MolDraw2DUtils::prepareAndDrawMolecule(drawing, *molecule);
      drawing.finishDrawing();
      svg = drawing.getDrawingText();
    }
    catch (const std::exception&) // sanitisation failures throw
    {
      return {};
    }
    const auto start = svg.find("<svg");
    return start == std::string::npos ? std::string() : svg.substr(start);
  }
}
