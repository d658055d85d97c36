#include "SpecEmbeddingTool.h"

#include "core/BlasKernel.h"
#include "core/ErrorText.h"
#include "core/Errors.h"
#include "core/io/Files.h"
#include "core/search/DecoySpectra.h"
#include "LibraryRecords.h"

#include <OpenMS/CONCEPT/LogStream.h>
#include <OpenMS/DATASTRUCTURES/ListUtils.h>
#include <OpenMS/SYSTEM/File.h>

#include <QtCore/QDir>

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <sstream>

namespace OpenMS
{
  namespace
  {
    const Citation kSpecEmbeddingCitation = {
      "Xiong P, Xu H, Zheng H",
      "Supervised Contrastive Learning Leads to More Reasonable Spectral Embeddings",
      "Anal Chem. 2025",
      "10.1021/acs.analchem.5c02655"};

    /// Wraps the PARAMETERS block of an INI file written by -write_ini into a CTD 1.7 document.
    std::string iniToCtd(const std::string& ini, const String& name, const String& description)
    {
      const auto begin = ini.find("<PARAMETERS");
      const auto end = ini.rfind("</PARAMETERS>");
      if (begin == std::string::npos || end == std::string::npos) throw SpecEmbedding::InputError("the tool wrote no parameters for its CTD");
      std::ostringstream ctd;
      ctd << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          << "<tool ctdVersion=\"1.7\" version=\"" << SPECEMBEDDING_VERSION << "\" name=\"" << name
          << "\" docurl=\"https://doi.org/" << kSpecEmbeddingCitation.doi << "\" category=\"Metabolite Identification\" >\n"
          << "<description><![CDATA[" << description << "]]></description>\n"
          << "<manual><![CDATA[" << description << "]]></manual>\n"
          << "<citations>\n  <citation doi=\"" << kSpecEmbeddingCitation.doi << "\" url=\"\" />\n</citations>\n"
          << ini.substr(begin, end + std::string("</PARAMETERS>").size() - begin) << "\n</tool>\n";
      return ctd.str();
    }
  }

  TOPPBase::ExitCodes SpecEmbeddingTool::exitCodeOf(const std::exception& error)
  {
    if (dynamic_cast<const SpecEmbedding::InputError*>(&error)) return PARSE_ERROR;
    if (dynamic_cast<const SpecEmbedding::OutputError*>(&error)) return CANNOT_WRITE_OUTPUT_FILE;
    if (dynamic_cast<const SpecEmbedding::ModelError*>(&error)) return INCOMPATIBLE_INPUT_DATA;
    if (dynamic_cast<const SpecEmbedding::ParameterError*>(&error)) return ILLEGAL_PARAMETERS;
    if (dynamic_cast<const SpecEmbedding::GroupError*>(&error)) return EXTERNAL_PROGRAM_ERROR;
    return INTERNAL_ERROR;
  }

  SpecEmbeddingTool::SpecEmbeddingTool(const String& name, const String& description)
    : TOPPBase(name, description, false, {kSpecEmbeddingCitation}), name_(name), description_(description)
  {
  }

  String SpecEmbeddingTool::modelsFolder()
  {
    // The build tree's bin/ reads the source tree's share/. Anything else is an installation
    // (<prefix>/bin/Tool beside <prefix>/share/SpecEmbedding), which must never fall back to a source tree.
    const QString bin = File::getExecutablePath().toQString();
    if (!bin.isEmpty() && QDir(bin).canonicalPath() == QDir(SPECEMBEDDING_BUILD_BIN_DIR).canonicalPath())
    {
      return String(SPECEMBEDDING_SOURCE_SHARE_DIR) + "/SpecEmbedding/models";
    }
    return String(QDir::cleanPath(bin + "../share/SpecEmbedding/models"));
  }

  void SpecEmbeddingTool::registerEmbeddingOptions_()
  {
    registerInputFile_("model", "<file>", "", "SpecEmbedding model file (default: the shipped default model).", false);
    setValidFormats_("model", ListUtils::create<String>("model"), false);
    registerStringOption_("invalid_spectra", "<policy>", "error", "A spectrum without precursor, peaks or with non-finite values: stop with an error, or skip and count it.", false);
    setValidStrings_("invalid_spectra", ListUtils::create<String>("error,skip"));
    registerStringOption_("precision", "<format>", "fp32",
                          "Number format of the encoder's matrix products: bf16 (bfloat16) embeds about twice as fast on CPUs with AVX512_BF16 "
                          "and changes embeddings slightly (elsewhere fp32 is used).", false);
    setValidStrings_("precision", ListUtils::create<String>("fp32,bf16"));
    registerIntOption_("spectra_per_batch", "<number>", 64, "Spectra embedded together (one forward pass).", false, true);
    setMinInt_("spectra_per_batch", 1);
    registerIntOption_("spectra_per_block", "<number>", 4096, "Query spectra read, embedded and searched together: the queries are streamed block by block, so memory does not grow with the query file.", false, true);
    setMinInt_("spectra_per_block", 1);
  }

  SpecEmbedding::LoadedModel SpecEmbeddingTool::loadModel(const String& model_option, const std::set<std::string>& ion_modes)
  {
    const auto servesAll = [&](const SpecEmbedding::LoadedModel& model) {
      return std::all_of(ion_modes.begin(), ion_modes.end(), [&](const std::string& mode) { return model.serves(mode); });
    };
    std::optional<SpecEmbedding::LoadedModel> chosen;
    String path = model_option;
    if (path.empty())
    {
      if (!File::isDirectory(modelsFolder()))
      {
        throw SpecEmbedding::ModelError("no -model given, and the shipped models are missing: the tools in '" + File::getExecutablePath() +
                                        "' expect them in '" + modelsFolder() + "' (an incomplete installation?)");
      }
      // default.model first, then the other shipped models by name.
      std::vector<String> candidates = {modelsFolder() + "/default.model"};
      for (const auto& name : QDir(modelsFolder().toQString()).entryList(QStringList("*.model"), QDir::Files, QDir::Name))
      {
        if (name != "default.model") candidates.push_back(modelsFolder() + "/" + String(name));
      }
      for (const auto& candidate : candidates)
      {
        auto model = SpecEmbedding::ModelFile::load(candidate);
        if (!chosen || (!servesAll(*chosen) && servesAll(model)))
        {
          chosen = std::move(model);
          path = candidate;
        }
        if (servesAll(*chosen)) break;
      }
    }
    else
    {
      chosen = SpecEmbedding::ModelFile::load(path);
    }
    const String trained_on = chosen->ion_modes.empty() ? String("spectra of unrecorded ion mode")
                                                        : ListUtils::concatenate(chosen->ion_modes, " and ") + "-mode spectra";
    OPENMS_LOG_INFO << "Model '" << path << "'" << (model_option.empty() ? " (a shipped model)" : "") << ", trained on " << trained_on
                    << ", weights sha256 " << chosen->weights_sha256 << "." << std::endl;
    return std::move(*chosen);
  }

  void SpecEmbeddingTool::registerSearchOptions_()
  {
    registerEmbeddingOptions_();
    registerFlag_("verify_library", "Check an embedding library's content checksum when loading it (reads the whole file; without it only the file's structure is checked and the library is memory-mapped, so loading costs the same whatever its size).", true);
    registerFullParam_(SpecEmbeddingSearchAlgorithm().getDefaults());
  }

  SpecEmbeddingSearchAlgorithm SpecEmbeddingTool::searchAlgorithm_() const
  {
    SpecEmbeddingSearchAlgorithm search;
    search.setLogType(log_type_);
    search.setParameters(getParam_().copySubset(search.getDefaults()));
    search.validateParameters();
    return search;
  }

  SpecEmbedding::LoadedModel SpecEmbeddingTool::loadQueryModel_(const String& in) const
  {
    const String option = getStringOption_("model");
    std::set<std::string> modes;
    const bool one_shipped_model = QDir(modelsFolder().toQString()).entryList(QStringList("*.model"), QDir::Files).size() <= 1;
    if (option.empty() && !one_shipped_model && !in.empty())
    {
      ReadReport report;
      readSpectra(in, [&](MSSpectrum&& spectrum) { modes.insert(toCoreSpectrum(spectrum, 0).ion_mode); },
                  SpecEmbedding::fromWord<SpecEmbedding::InvalidSpectrumPolicy>(getStringOption_("invalid_spectra")), report);
    }
    auto model = loadModel(option, modes);
    if (model.calibration.outdated_confidence)
    {
      OPENMS_LOG_WARN << "Warning: the model's confidence calibration is from an earlier version and is not used, so hits get no confidence: "
                         "recalibrate the model with SpecEmbeddingTrainer -calibrate." << std::endl;
    }
    const auto precision = SpecEmbedding::decidePrecision(SpecEmbedding::fromWord<SpecEmbedding::Precision>(getStringOption_("precision")));
    model.encoder->setPrecision(precision.use);
    OPENMS_LOG_INFO << "Embedding precision: " << precision.message << "." << std::endl;
    return model;
  }

  size_t SpecEmbeddingTool::readQueryBlocks_(const String& in, SpecEmbedding::LoadedModel& model,
                                             const std::function<void(SpectrumBlock&&, const torch::Tensor&)>& process)
  {
    const auto policy = SpecEmbedding::fromWord<SpecEmbedding::InvalidSpectrumPolicy>(getStringOption_("invalid_spectra"));
    const auto tokenizer = model.encoder->config().tokenizer();
    std::set<std::string> modes_seen;
    size_t without_mode = 0, embedded = 0;
    const auto start = std::chrono::steady_clock::now();
    const size_t read = readSpectrumBlocks(in, tokenizer, policy, static_cast<size_t>(getIntOption_("spectra_per_block")), [&](SpectrumBlock&& block) {
      for (const auto& spectrum : block.spectra)
      {
        without_mode += spectrum.ion_mode.empty();
        if (!modes_seen.insert(spectrum.ion_mode).second || model.serves(spectrum.ion_mode)) continue;
        OPENMS_LOG_WARN << "Warning: the model was not trained on " << spectrum.ion_mode << "-mode spectra; expect lower accuracy for them." << std::endl;
      }
      const auto embeddings = model.encoder->embed(block.tokens, getIntOption_("spectra_per_batch"));
      embedded += block.spectra.size();
      process(std::move(block), embeddings);
      const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - start;
      OPENMS_LOG_INFO << "Queries: " << embedded << " embedded and searched (" << embedded / std::max(seconds.count(), 1e-9)
                      << " spectra/s, " << torch::get_num_threads() << " threads)." << std::endl;
    });
    if (tokenizer.ionModeToken() && without_mode > 0)
    {
      OPENMS_LOG_WARN << "Warning: " << without_mode << " spectra of '" << in
                      << "' state no ion mode; the model, which reads the ion mode, treats them as positive-mode spectra." << std::endl;
    }
    return read;
  }

  SpecEmbeddingTool::SearchInputs SpecEmbeddingTool::loadSearchInputs_(const String& in, const String& database)
  {
    SearchInputs inputs{loadQueryModel_(in), 0, {}, {}, {}, std::nullopt};
    std::vector<torch::Tensor> embeddings;
    inputs.spectra_read = readQueryBlocks_(in, inputs.model, [&](SpectrumBlock&& block, const torch::Tensor& block_embeddings) {
      inputs.searched.insert(inputs.searched.end(), std::make_move_iterator(block.spectra.begin()), std::make_move_iterator(block.spectra.end()));
      inputs.input_index.insert(inputs.input_index.end(), block.input_index.begin(), block.input_index.end());
      embeddings.push_back(block_embeddings);
    });
    inputs.embeddings = embeddings.empty() ? torch::empty({0, inputs.model.encoder->config().outputDim()}) : torch::cat(embeddings);
    LibraryBuild build;
    build.approximate_index = searchAlgorithm_().searchParameters().approximate;
    if (!database.empty()) inputs.library = loadLibrary_(database, inputs.model, build);
    return inputs;
  }

  SpecEmbedding::EmbeddingLibrary SpecEmbeddingTool::loadLibrary_(const String& database, SpecEmbedding::LoadedModel& model, const LibraryBuild& build)
  {
    if (String(File::basename(database)).toLower().hasSuffix(String(".") + kEmbeddingLibraryExtension))
    {
      const auto start = std::chrono::steady_clock::now();
      const auto check = getFlag_("verify_library") ? SpecEmbedding::LibraryCheck::Checksum : SpecEmbedding::LibraryCheck::Structure;
      auto library = SpecEmbedding::EmbeddingLibrary::load(database, check);
      const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - start;
      library.requireModel(model.weights_sha256, database);
      if (build.decoys && library.decoyCount() == 0)
      {
        throw SpecEmbedding::ParameterError("the embedding library '" + database + "' has no decoys: embed its spectral library again with -decoys");
      }
      OPENMS_LOG_INFO << "Loaded the embedding library '" << database << "': " << library.size() - library.decoyCount() << " spectra"
                      << (library.decoyCount() ? " and " + String(library.decoyCount()) + " decoys" : String()) << ", "
                      << (library.precision() == torch::kFloat16 ? "float16" : "float32") << " embeddings, in " << seconds.count() << " s"
                      << (check == SpecEmbedding::LibraryCheck::Checksum ? ", checksum verified" : ", memory-mapped") << "." << std::endl;
      return library;
    }
    // Streamed block by block: a shard job keeps only its own spectra, so its memory follows the shard's size.
    const auto policy = SpecEmbedding::fromWord<SpecEmbedding::InvalidSpectrumPolicy>(getStringOption_("invalid_spectra"));
    const auto tokenizer = model.encoder->config().tokenizer();
    std::vector<SpecEmbedding::Spectrum> spectra;
    std::vector<torch::Tensor> block_embeddings;
    size_t usable = 0;
    ProgressLogger progress;
    progress.setLogType(log_type_);
    progress.startProgress(0, -1, "embedding the library");
    const auto start = std::chrono::steady_clock::now();
    readSpectrumBlocks(database, tokenizer, policy, static_cast<size_t>(getIntOption_("spectra_per_block")), [&](SpectrumBlock&& block) {
      std::vector<SpecEmbedding::TokenSequence> tokens;
      for (size_t i = 0; i < block.spectra.size(); ++i, ++usable)
      {
        if (usable % build.shards != build.shard) continue;
        spectra.push_back(std::move(block.spectra[i]));
        tokens.push_back(std::move(block.tokens[i]));
      }
      if (tokens.empty()) return;
      block_embeddings.push_back(model.encoder->embed(tokens, getIntOption_("spectra_per_batch")));
      progress.setProgress(static_cast<SignedSize>(spectra.size()));
    });
    progress.endProgress();
    const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - start;
    OPENMS_LOG_INFO << "Embedded " << spectra.size() << " library spectra in " << seconds.count() << " s ("
                    << spectra.size() / std::max(seconds.count(), 1e-9) << " spectra/s, " << torch::get_num_threads() << " threads)"
                    << (build.shards > 1 ? ": shard " + String(build.shard) + " of " + String(build.shards) + ", every " + String(build.shards) +
                                             "th of the " + String(usable) + " usable spectra"
                                         : String())
                    << "." << std::endl;
    auto embeddings = block_embeddings.empty() ? torch::empty({0, model.encoder->config().outputDim()}) : torch::cat(block_embeddings);
    if (!build.decoys) return indexed_(SpecEmbedding::EmbeddingLibrary::build(spectra, embeddings, model.weights_sha256, 0, build.precision), build);
    auto decoy_spectra = SpecEmbedding::makeDecoys(spectra, *build.decoys);
    const auto decoy_tokens = SpecEmbedding::tokenizeSpectra(decoy_spectra, tokenizer, SpecEmbedding::InvalidSpectrumPolicy::Skip, "decoys");
    OPENMS_LOG_INFO << "Made " << decoy_tokens.tokens.size() << " decoy spectra (" << SpecEmbedding::toString(*build.decoys) << ")." << std::endl;
    embeddings = torch::cat({embeddings, embed_(model.encoder, decoy_tokens.tokens, "embedding the decoys")});
    for (const size_t i : decoy_tokens.indices) spectra.push_back(std::move(decoy_spectra[i]));
    return indexed_(SpecEmbedding::EmbeddingLibrary::build(spectra, embeddings, model.weights_sha256, decoy_tokens.tokens.size(), build.precision),
                    build);
  }

  SpecEmbedding::EmbeddingLibrary SpecEmbeddingTool::indexed_(SpecEmbedding::EmbeddingLibrary library, const LibraryBuild& build) const
  {
    if (!build.approximate_index) return library;
    const auto lists = SpecEmbedding::ApproximateIndex::defaultLists(static_cast<int64_t>(library.size()));
    const auto start = std::chrono::steady_clock::now();
    auto indexed = library.withApproximateIndex(lists);
    const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - start;
    OPENMS_LOG_INFO << "Built the approximate search index: " << indexed.approximateIndex().lists() << " lists (FAISS k-means) in "
                    << seconds.count() << " s." << std::endl;
    return indexed;
  }

  torch::Tensor SpecEmbeddingTool::embed_(SpecEmbedding::SpectrumEncoder& encoder, const std::vector<SpecEmbedding::TokenSequence>& tokens,
                                          const String& label)
  {
    ProgressLogger progress;
    progress.setLogType(log_type_);
    progress.startProgress(0, static_cast<SignedSize>(tokens.size()), label);
    const auto start = std::chrono::steady_clock::now();
    auto embeddings = encoder->embed(tokens, getIntOption_("spectra_per_batch"),
                                     [&](size_t done) { progress.setProgress(static_cast<SignedSize>(done)); });
    const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - start;
    progress.endProgress();
    OPENMS_LOG_INFO << "Embedded " << tokens.size() << " spectra in " << seconds.count() << " s ("
                    << tokens.size() / std::max(seconds.count(), 1e-9) << " spectra/s, " << torch::get_num_threads() << " threads)." << std::endl;
    return embeddings;
  }

  TOPPBase::ExitCodes SpecEmbeddingTool::main_(int, const char**)
  {
    OPENMS_LOG_INFO << "Matrix products: " << SpecEmbedding::configureBlasKernel() << "." << std::endl;
    // TOPPBase maps -threads onto OpenMP only; LibTorch keeps its own pool.
    torch::set_num_threads(std::max(1, getIntOption_("threads")));
    try
    {
      return runTool_();
    }
    catch (const Exception::BaseException&)
    {
      throw; // TOPPBase reports OpenMS's own exceptions with their exit codes
    }
    catch (const std::exception& error)
    {
      OPENMS_LOG_ERROR << "Error: " << SpecEmbedding::errorText(error) << std::endl;
      return exitCodeOf(error);
    }
  }

  int SpecEmbeddingTool::runWithCtdSupport_(SpecEmbeddingTool& tool, int argc, const char** argv)
  {
    for (int i = 1; i < argc; ++i)
    {
      if (String(argv[i]) != "-write_ctd") continue;
      const String directory = (i + 1 < argc && argv[i + 1][0] != '-') ? String(argv[i + 1]) : String(".");
      const String ini_path = File::getTemporaryFile();
      const char* write_ini_argv[] = {argv[0], "-write_ini", ini_path.c_str()};
      const auto code = tool.main(3, write_ini_argv);
      if (code != EXECUTION_OK) return code;
      const String ctd_path = directory + "/" + tool.name_ + ".ctd";
      try
      {
        SpecEmbedding::writeFileAtomically(ctd_path, iniToCtd(SpecEmbedding::readFile(ini_path), tool.name_, tool.description_));
      }
      catch (const std::exception& error)
      {
        OPENMS_LOG_ERROR << "Error: " << error.what() << std::endl;
        return CANNOT_WRITE_OUTPUT_FILE;
      }
      return EXECUTION_OK;
    }
    return tool.main(argc, argv);
  }
}
