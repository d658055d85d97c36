#include "core/Errors.h"
#include "core/search/EmbeddingLibrary.h"
#include "support/TestSupport.h"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <unistd.h>

using namespace SpecEmbedding;

namespace
{
  const std::string kModel = "0123abcd";

  Spectrum makeReference(const std::string& id, double precursor_mz, std::vector<double> mz, std::vector<double> intensity)
  {
    Spectrum spectrum;
    spectrum.id = id;
    spectrum.name = "compound " + id;
    spectrum.inchikey = "AAAAAAAAAAAAA" + id + "-BBBBBBBBBB-N";
    spectrum.smiles = "CC" + id;
    spectrum.formula = "C2H6";
    spectrum.ion_mode = "positive";
    spectrum.adduct = "[M+H]+";
    spectrum.precursor_mz = precursor_mz;
    spectrum.charge = 1;
    spectrum.mz = std::move(mz);
    spectrum.intensity = std::move(intensity);
    return spectrum;
  }

  EmbeddingLibrary makeLibrary()
  {
    std::vector<Spectrum> spectra = {makeReference("1", 100.5, {50.0, 60.0}, {1.0, 2.0}),
                                     makeReference("2", 200.25, {70.0, 80.0, 90.0}, {3.0, 0.0, 5.0}),
                                     makeReference("3", 0.0, {}, {})};
    spectra[2].ion_mode.clear();
    spectra[2].charge = 0;
    const auto embeddings = torch::tensor({3.0f, 4.0f, 0.0f, 0.0f, 1.0f, 0.0f, 2.0f, 0.0f, 0.0f}).reshape({3, 3});
    return EmbeddingLibrary::build(spectra, embeddings, kModel);
  }

  std::string readBytes(const std::string& path)
  {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }

  void writeBytes(const std::string& path, const std::string& bytes)
  {
    std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }

  /// The message of the InputError that loading path (checksum included) throws; fails the test when none is thrown.
  std::string loadError(const std::string& path)
  {
    try
    {
      EmbeddingLibrary::load(path, LibraryCheck::Checksum);
    }
    catch (const InputError& error)
    {
      return error.what();
    }
    ADD_FAILURE() << "loading '" << path << "' did not throw InputError";
    return {};
  }

  bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
}

TEST(EmbeddingLibrary, BuildNormalisesEmbeddingsAndKeepsPositivePeaks)
{
  const auto library = makeLibrary();
  ASSERT_EQ(library.size(), 3u);
  EXPECT_EQ(library.dimension(), 3);
  EXPECT_FLOAT_EQ(library.embeddings()[0][0].item<float>(), 0.6f);
  EXPECT_FLOAT_EQ(library.embeddings()[0][1].item<float>(), 0.8f);
  EXPECT_FLOAT_EQ(library.embeddings()[2][0].item<float>(), 1.0f);
  const auto peaks = library.peaks(1);
  EXPECT_EQ(peaks.mz, (std::vector<double>{70.0, 90.0}));
  EXPECT_EQ(peaks.intensity, (std::vector<double>{3.0, 5.0}));
  EXPECT_EQ(library.peaks(2).size(), 0u);
  EXPECT_EQ(library.entry(0).compoundKey(), "AAAAAAAAAAAAA1");
}

TEST(EmbeddingLibrary, BuildRejectsMismatchedOrNonFiniteEmbeddings)
{
  const std::vector<Spectrum> spectra = {makeReference("1", 100.0, {50.0}, {1.0})};
  EXPECT_THROW(EmbeddingLibrary::build(spectra, torch::ones({2, 3}), kModel), std::invalid_argument);
  EXPECT_THROW(EmbeddingLibrary::build(spectra, torch::full({1, 3}, NAN), kModel), InputError);
}

TEST(EmbeddingLibrary, SaveAndLoadRoundTrip)
{
  const auto library = makeLibrary();
  const auto path = TestSupport::temporaryPath("round_trip.selib");
  library.save(path);
  const auto loaded = EmbeddingLibrary::load(path);
  std::filesystem::remove(path);

  EXPECT_EQ(loaded.modelSha256(), kModel);
  ASSERT_EQ(loaded.size(), library.size());
  EXPECT_TRUE(torch::equal(loaded.embeddings(), library.embeddings()));
  for (size_t i = 0; i < library.size(); ++i)
  {
    const auto& a = library.entry(i);
    const auto& b = loaded.entry(i);
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.inchikey, b.inchikey);
    EXPECT_EQ(a.smiles, b.smiles);
    EXPECT_EQ(a.formula, b.formula);
    EXPECT_EQ(a.ion_mode, b.ion_mode);
    EXPECT_EQ(a.adduct, b.adduct);
    EXPECT_EQ(a.precursor_mz, b.precursor_mz);
    EXPECT_EQ(a.charge, b.charge);
    EXPECT_EQ(loaded.peaks(i).mz, library.peaks(i).mz);
    EXPECT_EQ(loaded.peaks(i).intensity, library.peaks(i).intensity);
  }
  EXPECT_EQ(loaded.entry(1).precursor_mz, 200.25);
  EXPECT_EQ(loaded.entry(2).ion_mode, "");
}

TEST(EmbeddingLibrary, RequireModelRefusesAnotherModel)
{
  const auto library = makeLibrary();
  EXPECT_NO_THROW(library.requireModel(kModel, "lib.selib"));
  try
  {
    library.requireModel("ffff", "lib.selib");
    FAIL() << "a different model was accepted";
  }
  catch (const ModelError& error)
  {
    EXPECT_STREQ(error.what(), "library 'lib.selib' was embedded with model 0123abcd but the search uses model ffff: "
                               "re-embed the library with -out_library");
  }
}

TEST(EmbeddingLibrary, TruncatedFileGivesAClearError)
{
  const auto path = TestSupport::temporaryPath("truncated.selib");
  makeLibrary().save(path);
  const auto bytes = readBytes(path);
  writeBytes(path, bytes.substr(0, bytes.size() / 2));
  const auto message = loadError(path);
  std::filesystem::remove(path);
  EXPECT_TRUE(contains(message, path)) << message;
  EXPECT_TRUE(contains(message, "truncated or corrupt")) << message;
}

TEST(EmbeddingLibrary, CorruptedContentFailsItsChecksum)
{
  const auto path = TestSupport::temporaryPath("corrupt.selib");
  makeLibrary().save(path);
  auto bytes = readBytes(path);
  // Overwrite the stored 0.8f of the first embedding, inside the archive, with 0.7f.
  const float original = 0.8f, changed = 0.7f;
  const auto position = bytes.find(std::string(reinterpret_cast<const char*>(&original), sizeof original));
  ASSERT_NE(position, std::string::npos);
  bytes.replace(position, sizeof changed, std::string(reinterpret_cast<const char*>(&changed), sizeof changed));
  writeBytes(path, bytes);
  const auto message = loadError(path);
  std::filesystem::remove(path);
  EXPECT_TRUE(contains(message, "is corrupt")) << message;
}

TEST(EmbeddingLibrary, MissingOrForeignFilesAreRefused)
{
  EXPECT_TRUE(contains(loadError(TestSupport::temporaryPath("missing.selib")), "cannot open"));
  const auto path = TestSupport::temporaryPath("foreign.selib");
  writeBytes(path, "not a library at all");
  const auto message = loadError(path);
  std::filesystem::remove(path);
  EXPECT_TRUE(contains(message, path)) << message;
}

TEST(EmbeddingLibrary, SaveLeavesNoTemporaryFileBehind)
{
  const auto folder = std::filesystem::path(TestSupport::temporaryPath("atomic"));
  std::filesystem::create_directories(folder);
  const auto path = (folder / "atomic.selib").string();
  makeLibrary().save(path);
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) files.push_back(entry.path().filename().string());
  EXPECT_EQ(files, std::vector<std::string>{"atomic.selib"});
  std::filesystem::remove_all(folder);
}

TEST(EmbeddingLibrary, Float16RoundTripIsClose)
{
  std::vector<Spectrum> spectra = {makeReference("1", 100.5, {50.0}, {1.0}), makeReference("2", 200.25, {70.0}, {3.0})};
  const auto raw = torch::tensor({0.3f, 0.4f, 1.2f, 0.1f, 0.2f, 0.7f}).reshape({2, 3});
  const auto library = EmbeddingLibrary::build(spectra, raw, kModel, 0, torch::kFloat16);
  const auto path = TestSupport::temporaryPath("half.selib");
  library.save(path);
  const auto loaded = EmbeddingLibrary::load(path, LibraryCheck::Checksum);
  EXPECT_EQ(loaded.precision(), torch::kFloat16);
  const auto exact = torch::nn::functional::normalize(raw, torch::nn::functional::NormalizeFuncOptions().dim(1));
  EXPECT_LT((loaded.embeddingRows(0, 2) - exact).abs().max().item<float>(), 1e-3);
  EXPECT_EQ(loaded.entry(1).name, "compound 2");
  std::filesystem::remove(path);
  EXPECT_EQ(loaded.entry(0).precursor_mz, 100.5) << "a mapped library outlives its file's name";
}

TEST(EmbeddingLibrary, MergedShardsKeepOrderAndPutDecoysLast)
{
  auto shard = [&](const std::string& first, const std::string& second, size_t decoys, const std::string& model) {
    std::vector<Spectrum> spectra = {makeReference(first, 100.0, {50.0}, {1.0}), makeReference(second, 200.0, {60.0, 70.0}, {1.0, 2.0})};
    return EmbeddingLibrary::build(spectra, torch::rand({2, 3}) + 0.1, model, decoys);
  };
  const auto a = shard("1", "D", 1, kModel), b = shard("2", "E", 1, kModel);
  const auto merged = EmbeddingLibrary::merge({a, b}, {"a.selib", "b.selib"});
  ASSERT_EQ(merged.size(), 4u);
  EXPECT_EQ(merged.decoyCount(), 2u);
  std::vector<std::string> ids;
  for (size_t i = 0; i < merged.size(); ++i) ids.push_back(merged.entry(i).id);
  EXPECT_EQ(ids, (std::vector<std::string>{"1", "2", "D", "E"}));
  EXPECT_TRUE(torch::equal(merged.embeddingRows(1, 2), b.embeddingRows(0, 1)));
  EXPECT_EQ(merged.peaks(3).mz, b.peaks(1).mz);
  const auto path = TestSupport::temporaryPath("merged.selib");
  merged.save(path);
  EXPECT_EQ(EmbeddingLibrary::load(path, LibraryCheck::Checksum).entry(2).id, "D");
  std::filesystem::remove(path);
  try
  {
    EmbeddingLibrary::merge({a, shard("3", "F", 0, "another")}, {"a.selib", "other.selib"});
    FAIL() << "a shard of another model was merged";
  }
  catch (const ModelError& error)
  {
    EXPECT_TRUE(contains(error.what(), "other.selib")) << error.what();
  }
}
