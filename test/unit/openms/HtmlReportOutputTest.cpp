#include "openms/HtmlReportOutput.h"
#include "openms/StructureDepiction.h"

#include "core/io/Files.h"
#include "support/TestSupport.h"

#include <QtCore/QByteArray>

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <unistd.h>

using namespace OpenMS;
using SpecEmbedding::Hit;
using SpecEmbedding::HitKind;
using SpecEmbedding::Spectrum;

namespace
{
  Spectrum makeSpectrum(const std::string& id, const std::string& smiles, size_t peaks)
  {
    Spectrum spectrum;
    spectrum.id = id;
    spectrum.name = "compound " + id;
    spectrum.smiles = smiles;
    spectrum.precursor_mz = 300.0;
    for (size_t i = 0; i < peaks; ++i)
    {
      spectrum.mz.push_back(50.0 + static_cast<double>(i));
      spectrum.intensity.push_back(static_cast<double>(i % 7 + 1));
    }
    return spectrum;
  }

  // Entries 0 and 1 share a SMILES (one drawing); entry 2's SMILES cannot be parsed (none).
  SpecEmbedding::EmbeddingLibrary makeLibrary()
  {
    const std::vector<Spectrum> spectra = {makeSpectrum("ref0", "c1ccccc1O", 4), makeSpectrum("ref1", "c1ccccc1O", 4),
                                           makeSpectrum("ref2", "not a smiles", 4)};
    return SpecEmbedding::EmbeddingLibrary::build(spectra, torch::eye(3), "model");
  }

  Hit makeHit(size_t query, size_t entry, int rank, double score, HitKind kind)
  {
    Hit hit{query, entry, rank, score, score, NAN};
    hit.kind = kind;
    return hit;
  }

  SearchedBlock makeBlock(std::vector<Spectrum> spectra, std::vector<size_t> input_index, std::vector<std::vector<Hit>> hits)
  {
    SearchedBlock block;
    block.spectra = std::move(spectra);
    block.input_index = std::move(input_index);
    block.hits = std::move(hits);
    return block;
  }
}

TEST(HtmlReportTest, CollectsQueriesAndDedupesEntriesAndStructures)
{
  const auto library = makeLibrary();
  HtmlReportOutput report(SpecEmbedding::TestSupport::temporaryPath("HtmlReportTest_data"));
  SearchRun run{{"run.mzML"}, "library.msp", &library, "model", 3, SpecEmbedding::SearchParameters(), 5};
  report.begin(run);
  // Two blocks, as the Annotator streams them: the second hits entries the first already added.
  report.add(makeBlock({makeSpectrum("q0", "", 400), makeSpectrum("q1", "", 3)}, {0, 2},
                       {{makeHit(0, 0, 1, 0.9, HitKind::Unfiltered), makeHit(0, 1, 2, 0.8, HitKind::Unfiltered)}, {}}));
  report.add(makeBlock({makeSpectrum("q2", "", 3)}, {3}, {{makeHit(0, 1, 1, 0.7, HitKind::Identity), makeHit(0, 2, 1, 0.6, HitKind::Analog)}}));

  const auto data = report.data();
  EXPECT_EQ(data["run"]["spectra_read"], 5);
  EXPECT_EQ(data["run"]["query_file"], "run.mzML");
  ASSERT_EQ(data["queries"].size(), 3u);
  EXPECT_EQ(data["queries"][1]["index"], 2);
  EXPECT_TRUE(data["queries"][1]["hits"].empty());
  EXPECT_EQ(data["queries"][2]["name"], "compound q2");

  const auto& columns = data["hit_columns"];
  const auto column = [&](const std::string& name) { return std::find(columns.begin(), columns.end(), name) - columns.begin(); };
  ASSERT_EQ(columns[0], "entry");
  const auto& analog = data["queries"][2]["hits"][1];
  EXPECT_EQ(analog[column("kind")], "analog");
  EXPECT_DOUBLE_EQ(analog[column("score")].get<double>(), 0.6);
  EXPECT_TRUE(analog[column("spectral_score")].is_null()); // NaN: not measured

  // Each library entry once, in the order of the first hits; one drawing for the shared SMILES, none for
  // the unparsable one.
  ASSERT_EQ(data["library"].size(), 3u);
  EXPECT_EQ(data["library"][0]["id"], "ref0");
  EXPECT_EQ(data["queries"][2]["hits"][0][0], 1);
  ASSERT_EQ(data["structures"].size(), 1u);
  EXPECT_EQ(data["library"][0]["structure"], 0);
  EXPECT_EQ(data["library"][1]["structure"], 0);
  EXPECT_TRUE(data["library"][2]["structure"].is_null());

  // The plotted peaks: the most intense kPlottedPeaks, by m/z, in % of the highest.
  const auto& peaks = data["queries"][0]["peaks"];
  ASSERT_EQ(peaks["mz"].size(), HtmlReportOutput::kPlottedPeaks);
  EXPECT_TRUE(std::is_sorted(peaks["mz"].begin(), peaks["mz"].end()));
  EXPECT_DOUBLE_EQ(*std::max_element(peaks["intensity"].begin(), peaks["intensity"].end()), 100.0);
  EXPECT_GE(*std::min_element(peaks["intensity"].begin(), peaks["intensity"].end()), 100.0 * 5 / 7 - 0.01);
}

TEST(HtmlReportTest, PageHoldsTheDataDeflated)
{
  const auto library = makeLibrary();
  const auto path = SpecEmbedding::TestSupport::temporaryPath("HtmlReportTest_page");
  HtmlReportOutput report(path);
  SearchRun run{{"run.mzML"}, "library.msp", &library, "model", 3, SpecEmbedding::SearchParameters(), 1};
  report.begin(run);
  report.add(makeBlock({makeSpectrum("q0", "", 5)}, {0}, {{makeHit(0, 2, 1, 0.5, HitKind::Unfiltered)}}));
  EXPECT_FALSE(std::filesystem::exists(path)); // written on finish(), in place on commit()
  report.finish();
  EXPECT_FALSE(std::filesystem::exists(path));
  report.commit();

  const auto page = SpecEmbedding::readFile(path);
  std::filesystem::remove(path);
  EXPECT_EQ(page.find("%REPORT_DATA%"), std::string::npos);
  const std::string open = "<script id=\"report-data\" type=\"application/octet-stream\">";
  const auto start = page.find(open) + open.size();
  const auto base64 = page.substr(start, page.find("</script>", start) - start);
  // The page inflates a zlib stream; qUncompress wants its size (4 bytes, big-endian) first.
  const auto packed = QByteArray("\x00\x10\x00\x00", 4) + QByteArray::fromBase64(QByteArray::fromStdString(base64));
  const auto json = nlohmann::json::parse(qUncompress(packed).toStdString());
  EXPECT_EQ(json["queries"], report.data()["queries"]);
  EXPECT_EQ(json["library"][0]["id"], "ref2");
}

TEST(StructureDepictionTest, DrawsParsableSmilesOnly)
{
  const auto svg = structureSvg("CN1C(=O)CN=C(c2ccccc2)c2cc(Cl)ccc21");
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_NE(svg.find("bond-0"), std::string::npos);
  EXPECT_NE(svg.find(">N</text>"), std::string::npos); // atom labels as text
  EXPECT_EQ(structureSvg("not a smiles"), "");
  EXPECT_EQ(structureSvg("C1CC"), ""); // unclosed ring
  EXPECT_EQ(structureSvg(""), "");
}
