#include "HtmlReportOutput.h"

#include "HtmlReportPage.h" // generated from HtmlReportPage.html
#include "StructureDepiction.h"
#include "core/io/Files.h"
#include "core/io/Timestamp.h"

#include <OpenMS/CONCEPT/LogStream.h>
#include <OpenMS/SYSTEM/File.h>

#include <QtCore/QByteArray>

#include <algorithm>
#include <fstream>
#include <cmath>
#include <numeric>

namespace OpenMS
{
  namespace
  {
    using nlohmann::json;

    /// value rounded to 1 / scale, or null when it is NaN (not measured).
    json rounded(double value, double scale)
    {
      return std::isnan(value) ? json() : json(std::round(value * scale) / scale);
    }

    /// The fields of a hit in the page's data after "entry" (its library entry's position in "library"),
    /// in order. The page shows every numeric one that a run measured.
    struct HitColumn
    {
      const char* name;
      json (*value)(const SpecEmbedding::Hit& hit);
    };
    const HitColumn kHitColumns[] = {
      {"rank", [](const SpecEmbedding::Hit& hit) { return json(hit.rank); }},
      {"kind", [](const SpecEmbedding::Hit& hit) { return json(SpecEmbedding::toString(hit.kind)); }},
      {"score", [](const SpecEmbedding::Hit& hit) { return rounded(hit.score, 1e6); }},
      {"embedding_score", [](const SpecEmbedding::Hit& hit) { return rounded(hit.embedding_score, 1e6); }},
      {"spectral_score", [](const SpecEmbedding::Hit& hit) { return rounded(hit.spectral_score, 1e6); }},
      {"mass_difference", [](const SpecEmbedding::Hit& hit) { return rounded(hit.mass_difference, 1e6); }},
      {"predicted_similarity", [](const SpecEmbedding::Hit& hit) { return rounded(hit.predicted_similarity, 1e6); }},
      {"confidence", [](const SpecEmbedding::Hit& hit) { return rounded(hit.confidence, 1e6); }},
      {"q_value", [](const SpecEmbedding::Hit& hit) { return rounded(hit.q_value, 1e6); }},
    };

    /// The most intense peaks (HtmlReportOutput::kPlottedPeaks) by m/z, intensities in % of the highest.
    json plottedPeaks(const std::vector<double>& mz, const std::vector<double>& intensity)
    {
      std::vector<size_t> order(mz.size());
      std::iota(order.begin(), order.end(), size_t{0});
      const auto more_intense = [&](size_t a, size_t b) { return intensity[a] > intensity[b]; };
      if (order.size() > HtmlReportOutput::kPlottedPeaks)
      {
        std::nth_element(order.begin(), order.begin() + HtmlReportOutput::kPlottedPeaks, order.end(), more_intense);
        order.resize(HtmlReportOutput::kPlottedPeaks);
      }
      std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return mz[a] < mz[b]; });
      const double highest = intensity.empty() ? 0.0 : *std::max_element(intensity.begin(), intensity.end());
      json plotted_mz = json::array(), relative = json::array();
      for (size_t i : order)
      {
        plotted_mz.push_back(rounded(mz[i], 1e4));
        relative.push_back(highest > 0.0 ? rounded(100.0 * intensity[i] / highest, 100.0) : json(0.0));
      }
      return {{"mz", plotted_mz}, {"intensity", relative}};
    }

    /// A value that 0 (or less) marks as unknown, else null.
    json known(double value, double scale)
    {
      return value > 0.0 ? rounded(value, scale) : json();
    }

    /// The page with its data: deflated (zlib) and base64-encoded in place of the page's marker.
    std::string page(const json& data)
    {
      // Invalid UTF-8 (a Latin-1 name from an MSP file) becomes U+FFFD rather than failing the report.
      const std::string text = data.dump(-1, ' ', false, json::error_handler_t::replace);
      // qCompress puts the uncompressed size (4 bytes) before the zlib stream that the page inflates.
      const QByteArray packed = qCompress(reinterpret_cast<const uchar*>(text.data()), static_cast<int>(text.size()), 9).mid(4);
      std::string html = kHtmlReportPage;
      const std::string marker = "%REPORT_DATA%";
      html.replace(html.find(marker), marker.size(), packed.toBase64().toStdString());
      return html;
    }
  }

  HtmlReportOutput::HtmlReportOutput(const String& path) : file_(path)
  {
  }

  void HtmlReportOutput::begin(const SearchRun& run)
  {
    run_ = &run;
  }

  size_t HtmlReportOutput::entryPosition(size_t library_index)
  {
    const auto& library = *run_->library;
    const auto known_entry = entry_positions_.find(library_index);
    if (known_entry != entry_positions_.end()) return known_entry->second;

    const auto& entry = library.entry(library_index);
    auto structure = structure_positions_.find(entry.smiles);
    if (structure == structure_positions_.end())
    {
      const auto svg = structureSvg(entry.smiles);
      structure = structure_positions_.emplace(entry.smiles, svg.empty() ? json() : json(structures_.size())).first;
      if (!svg.empty()) structures_.push_back(svg);
    }
    const auto peaks = library.peaks(library_index);
    library_.push_back({{"index", library_index}, {"id", entry.id}, {"name", entry.name}, {"inchikey", entry.inchikey},
                        {"smiles", entry.smiles}, {"formula", entry.formula}, {"adduct", entry.adduct},
                        {"precursor_mz", known(entry.precursor_mz, 1e6)},
                        {"structure", structure->second},
                        {"peaks", plottedPeaks(peaks.mz, peaks.intensity)}});
    return entry_positions_[library_index] = library_.size() - 1;
  }

  void HtmlReportOutput::add(const SearchedBlock& block)
  {
    for (size_t i = 0; i < block.spectra.size(); ++i)
    {
      const auto& spectrum = block.spectra[i];
      json query_hits = json::array();
      for (const auto& hit : block.hits[i])
      {
        json fields = json::array({entryPosition(hit.library_index)});
        for (const auto& column : kHitColumns) fields.push_back(column.value(hit));
        query_hits.push_back(std::move(fields));
      }
      json query = {{"index", block.input_index[i]}, {"id", spectrum.id}, {"precursor_mz", known(spectrum.precursor_mz, 1e6)},
                    {"rt", spectrum.retention_time >= 0.0 ? rounded(spectrum.retention_time, 1e3) : json()},
                    {"peaks", plottedPeaks(spectrum.mz, spectrum.intensity)}, {"hits", std::move(query_hits)}};
      // Annotated queries (a library searched against another) let the page mark hits of the same compound.
      if (!spectrum.name.empty()) query["name"] = spectrum.name;
      if (!spectrum.inchikey.empty()) query["inchikey"] = spectrum.inchikey;
      queries_.push_back(std::move(query));
    }
  }

  nlohmann::json HtmlReportOutput::data() const
  {
    json columns = json::array({"entry"});
    for (const auto& column : kHitColumns) columns.push_back(column.name);
    return {{"run", {{"query_file", File::basename(run_->query_files.front())}, {"database_file", File::basename(run_->database_file)},
                     {"model", run_->library->modelSha256()}, {"library_size", run_->library->size()}, {"spectra_read", run_->spectra_read},
                     {"created", SpecEmbedding::currentTimeIso8601()}, {"version", SPECEMBEDDING_VERSION}}},
            {"settings", SpecEmbedding::settingsToJson(SpecEmbedding::SearchParameters::settings(), run_->parameters)},
            {"hit_columns", columns}, {"queries", queries_}, {"library", library_}, {"structures", structures_},
            {"plotted_peaks", kPlottedPeaks}};
  }

  void HtmlReportOutput::finish()
  {
    const auto html = page(data());
    std::ofstream stream(file_.temporary(), std::ios::binary);
    stream << html;
    stream.close();
    file_.checkWritten(stream);
    written_bytes_ = html.size();
  }

  void HtmlReportOutput::commit()
  {
    file_.commit();
    OPENMS_LOG_INFO << "Wrote the HTML report '" << file_.path() << "' (" << queries_.size() << " queries, " << structures_.size()
                    << " structures, " << written_bytes_ / 1024 << " KiB)." << std::endl;
  }
}
