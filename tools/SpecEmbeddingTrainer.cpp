// SpecEmbeddingTrainer: trains the SpecEmbedding encoder from annotated spectral libraries, or
// imports a checkpoint of the reference PyTorch implementation, and writes a model file.
#include "core/Errors.h"
#include "core/io/ModelFile.h"
#include "core/io/ReferenceCheckpoint.h"
#include "core/train/Calibration.h"
#include "core/train/TrainingPlacement.h"
#include "openms/SettingParams.h"
#include "openms/SpecEmbeddingTool.h"
#include "openms/SpecEmbeddingTraining.h"
#include "openms/SpectrumFiles.h"

#include <OpenMS/CONCEPT/LogStream.h>

#include <OpenMS/DATASTRUCTURES/ListUtils.h>

#include <algorithm>
#include <set>
#include <sstream>

using namespace OpenMS;

/**
  @page TOPP_SpecEmbeddingTrainer SpecEmbeddingTrainer

  @brief Trains a SpecEmbedding spectrum encoder by supervised contrastive learning.

  <CENTER>
    <table>
      <tr>
        <th ALIGN = "center"> pot. predecessor tools </td>
        <td VALIGN="middle" ROWSPAN=2> &rarr; SpecEmbeddingTrainer &rarr;</td>
        <th ALIGN = "center"> pot. successor tools </td>
      </tr>
      <tr>
        <td VALIGN="middle" ALIGN = "center" ROWSPAN=1> annotated spectral libraries (MSP, MGF, mzML with InChIKey and SMILES) </td>
        <td VALIGN="middle" ALIGN = "center" ROWSPAN=1> SpecEmbeddingAnnotator, SpecEmbeddingEvaluator (-model) </td>
      </tr>
    </table>
  </CENTER>

  Spectra sharing the first InChIKey block are one compound. Each batch holds distinct compounds with two
  views each (two replicate spectra, or two augmentations of one); the loss is the supervised contrastive
  loss (replicates are positives) plus tanimoto_weight times the mean squared difference between embedding
  cosines and the compounds' Morgan fingerprint Tanimoto similarities. After every epoch the model is
  validated on held-out compounds (-validation, or -validation_fraction of the training compounds) and the
  best epoch is kept. The run is checkpointed every epoch and continues after an interruption with -resume.
  -import_checkpoint converts a checkpoint of the reference PyTorch implementation instead of training.
*/

class SpecEmbeddingTrainer : public SpecEmbeddingTool
{
public:
  SpecEmbeddingTrainer()
    : SpecEmbeddingTool("SpecEmbeddingTrainer", "Trains a SpecEmbedding spectrum encoder by supervised contrastive learning.")
  {
  }

protected:
  void registerOptionsAndFlags_() override
  {
    registerInputFileList_("in", "<files>", StringList(), "Annotated spectral libraries to train on (MSP, MGF, mzML): spectra need an InChIKey (compound identity: its first block) and a SMILES (Tanimoto term).", false);
    setValidFormats_("in", ListUtils::create<String>("msp,mgf,mzML"), false);
    registerInputFile_("validation", "<file>", "", "Validation spectra (annotated like -in). Without it, -validation_fraction of the training compounds are held out.", false);
    setValidFormats_("validation", ListUtils::create<String>("msp,mgf,mzML"), false);
    registerOutputFile_("out_log", "<file>", "", "Per-epoch training log (loss, validation hit ratio, views/s) as TSV.", false);
    setValidFormats_("out_log", ListUtils::create<String>("tsv"), false);
    registerOutputFile_("checkpoint", "<file>", "", "Training state written every epoch, for -resume (default: the -out path with '.checkpoint' appended).", false);
    setValidFormats_("checkpoint", ListUtils::create<String>("checkpoint"), false);
    registerInputFile_("resume", "<file>", "", "Continue the run whose training state is in this checkpoint (e.g. after it was killed); it is updated as training goes on.", false);
    setValidFormats_("resume", ListUtils::create<String>("checkpoint"), false);
    registerInputFile_("import_checkpoint", "<file>", "", "Instead of training, convert a checkpoint written by the reference PyTorch code (torch.save(model.state_dict())) into a model file. The architecture comes from the architecture: parameters.", false);
    setValidFormats_("import_checkpoint", ListUtils::create<String>("ckpt,pt,pth"), false);
    registerInputFile_("init_model", "<file>", "", "Start from the weights of this trained model (fine-tuning, e.g. a positive-mode model on negative-mode spectra) instead of random ones. Its architecture replaces the architecture: parameters; its calibration is not kept (the run fits its own).", false);
    setValidFormats_("init_model", ListUtils::create<String>("model"), false);
    registerInputFile_("calibrate", "<file>", "", "Instead of training, calibrate the scores of this trained model (confidence, predicted structural similarity) and fit its learned scorer on the validation compounds that its training held out of -in (its recorded validation fraction and seed, else -validation_fraction and -seed; or -validation), and write it with them to -out.", false);
    setValidFormats_("calibrate", ListUtils::create<String>("model"), false);
    registerOutputFile_("out", "<file>", "", "The model file written.");
    setValidFormats_("out", ListUtils::create<String>("model"), false);
    registerAlgorithm_(SpecEmbeddingTraining());
    registerSettings_(SpecEmbedding::TrainingPlacement::settings());
    registerSettings_(SpecEmbedding::CalibrationOptions::settings());
    registerSubsection_("architecture", "Encoder architecture");
  }

  Param getSubsectionDefaults_(const String& section) const override
  {
    if (section == "architecture") return settingsToParam(SpecEmbedding::ModelConfig::settings());
    return Param();
  }

  ExitCodes runTool_() override
  {
    const String out = getStringOption_("out");
    const String checkpoint = getStringOption_("import_checkpoint");
    const auto config = settingsFromParam(SpecEmbedding::ModelConfig::settings(), getParam_().copy("architecture:", true));
    config.validate();
    const String calibrate = getStringOption_("calibrate");
    // Each of these picks what the run does; none combines with another.
    StringList modes;
    for (const char* mode : {"calibrate", "import_checkpoint", "init_model"})
    {
      if (!getStringOption_(mode).empty()) modes.push_back("-" + String(mode));
    }
    if (modes.size() > 1)
    {
      OPENMS_LOG_ERROR << ListUtils::concatenate(modes, " and ") << " do not go together: -calibrate calibrates a trained model, "
                       << "-import_checkpoint converts a reference checkpoint, and -init_model starts a training from a trained model. "
                       << "Give one of them." << std::endl;
      return ILLEGAL_PARAMETERS;
    }
    if (!getStringOption_("resume").empty() && (!calibrate.empty() || !checkpoint.empty()))
    {
      OPENMS_LOG_ERROR << "-resume continues a training: it does not go with " << (calibrate.empty() ? "-import_checkpoint" : "-calibrate")
                       << ", which does not train." << std::endl;
      return ILLEGAL_PARAMETERS;
    }
    if (!calibrate.empty()) return calibrate_(calibrate, out);
    if (checkpoint.empty()) return train_(out, config);
    SpecEmbedding::SpectrumEncoder encoder(config);
    SpecEmbedding::loadReferenceWeights(*encoder, SpecEmbedding::readReferenceCheckpoint(checkpoint), checkpoint);
    const auto checksum = SpecEmbedding::ModelFile::save(out, encoder, {{"source", "imported reference checkpoint"}, {"checkpoint", checkpoint}});
    OPENMS_LOG_INFO << "Imported '" << checkpoint << "' into '" << out << "' (weights sha256 " << checksum << ")." << std::endl;
    return EXECUTION_OK;
  }

private:
  ExitCodes train_(const String& out, const SpecEmbedding::ModelConfig& config)
  {
    const StringList inputs = getStringList_("in");
    if (inputs.empty())
    {
      OPENMS_LOG_ERROR << "Give the training libraries with -in, or a reference checkpoint with -import_checkpoint." << std::endl;
      return MISSING_PARAMETERS;
    }
    const auto training = algorithm_<SpecEmbeddingTraining>();
    const auto placement = settings_(SpecEmbedding::TrainingPlacement::settings());
    auto options = training.trainerOptions();
    options.log_path = getStringOption_("out_log");
    const String resume = getStringOption_("resume");
    const String checkpoint = getStringOption_("checkpoint");
    options.resume = !resume.empty();
    options.checkpoint_path = !resume.empty() ? resume : (!checkpoint.empty() ? checkpoint : out + ".checkpoint");

    const auto device = placement.computeDevice();
    if (device.is_cuda() && options.precision == SpecEmbedding::Precision::BFloat16)
    {
      throw SpecEmbedding::ParameterError("-precision bf16 is for training on CPUs; on -device " + device.str() + " the encoder trains in fp32");
    }
    const auto group = std::make_shared<const SpecEmbedding::TrainingGroup>(placement.groupOptions());
    if (group->size() > 1) OPENMS_LOG_INFO << "Training as " << group->describe() << "." << std::endl;

    const String validation_file = getStringOption_("validation");
    const auto [spectra, validation] = readTrainingSpectra_(inputs, validation_file, options.broken_records);

    torch::manual_seed(options.seed); // the initial weights, too, follow -seed
    const String init_model = getStringOption_("init_model");
    SpecEmbedding::LoadedModel initial;
    if (!init_model.empty())
    {
      initial = SpecEmbedding::ModelFile::load(init_model);
      OPENMS_LOG_INFO << "Starting from the weights of '" << init_model << "' (sha256 " << initial.weights_sha256 << ")." << std::endl;
      warnOfIgnoredArchitecture_(config, initial.encoder->config(), init_model);
    }
    SpecEmbedding::SpectrumEncoder encoder = init_model.empty() ? SpecEmbedding::SpectrumEncoder(config) : initial.encoder;
    encoder->to(device); // made on the CPU first, so a seed gives the same initial weights on every device
    if (device.is_cuda()) OPENMS_LOG_INFO << "Training on " << device.str() << " (" << torch::cuda::device_count() << " CUDA GPUs visible)." << std::endl;
    const String epoch_model_prefix = options.epoch_models ? (out.hasSuffix(".model") ? out.prefix(out.size() - 6) : out) : String();
    const auto outcome = training.train(options, spectra, validation_file.empty() ? nullptr : &validation, encoder, epoch_model_prefix, group);
    if (!group->leads())
    {
      OPENMS_LOG_INFO << "Training done; " << group->describe() << " leaves the model, the log and the checkpoint to rank 0." << std::endl;
      return EXECUTION_OK;
    }
    for (const auto& [reason, count] : outcome.skipped) OPENMS_LOG_INFO << "Skipped " << count << " spectra: " << reason << std::endl;
    std::ostringstream summary;
    summary << "Trained on " << outcome.training_spectra << " spectra of " << outcome.training_compounds << " compounds, ";
    if (outcome.validation_compounds > 0)
    {
      summary << "validated on " << outcome.validation_spectra << " spectra of " << outcome.validation_compounds << " compounds";
    }
    else
    {
      summary << "without validation";
    }
    if (outcome.resumed) summary << " (resumed from '" << options.checkpoint_path << "')";
    summary << ". Kept: " << outcome.selection();
    if (outcome.validation_compounds > 0)
    {
      summary << " (epoch " << outcome.best_epoch << ", validation top-1 " << outcome.best_validation_hit_ratio << ").";
    }
    else
    {
      summary << " (epoch " << outcome.epochs_completed << ").";
    }
    OPENMS_LOG_INFO << summary.str() << std::endl;
    if (outcome.validation_compounds > 0) warnWithoutConfidence_(outcome.calibration);
    if (outcome.confidence_fit.queries > 0 && outcome.calibration.confidence)
    {
      const auto& fit = outcome.confidence_fit;
      OPENMS_LOG_INFO << "Hit confidences fitted on " << SpecEmbedding::kConfidenceTwinRounds << " open-world searches of held-out compounds: "
                      << fit.queries << " queries, " << fit.known << " of them with their compound in the library; " << fit.hits
                      << " best hits, " << fit.correct << " of them the query's compound." << std::endl;
    }
    logScorer_(outcome.calibration);

    nlohmann::json provenance = outcome.provenance();
    provenance["training_data"] = inputs;
    if (!validation_file.empty()) provenance["validation_data"] = validation_file;
    if (!init_model.empty()) provenance["initial_model"] = {{"path", init_model}, {"weights_sha256", initial.weights_sha256}};
    const auto checksum = SpecEmbedding::ModelFile::save(out, encoder, provenance, outcome.knownIonModes(), outcome.calibration);
    OPENMS_LOG_INFO << "Wrote '" << out << "' (weights sha256 " << checksum << ")." << std::endl;
    return EXECUTION_OK;
  }

  /// Names the architecture: options set away from their defaults that -init_model's own architecture overrides.
  static void warnOfIgnoredArchitecture_(const SpecEmbedding::ModelConfig& given, const SpecEmbedding::ModelConfig& used, const String& init_model)
  {
    const auto given_json = given.toJson(), used_json = used.toJson(), default_json = SpecEmbedding::ModelConfig().toJson();
    StringList ignored;
    for (const auto& [name, value] : given_json.items())
    {
      if (value != default_json.at(name) && value != used_json.at(name)) ignored.push_back("-architecture:" + name + " " + value.dump());
    }
    if (ignored.empty()) return;
    OPENMS_LOG_WARN << "Warning: " << ListUtils::concatenate(ignored, ", ") << " ignored: training from '" << init_model
                    << "' keeps its architecture (" << used_json.dump() << ")." << std::endl;
  }

  /// Says so where the held-out compounds fitted no hit confidence.
  static void warnWithoutConfidence_(const SpecEmbedding::ModelCalibration& calibration)
  {
    if (calibration.confidence && calibration.hybrid_confidence) return;
    OPENMS_LOG_WARN << "Warning: no hit confidence fitted for " << (calibration.confidence ? "hybrid" : calibration.hybrid_confidence ? "embedding" : "embedding or hybrid") << " search: "
                    << "it needs held-out compounds with two or more spectra, and among their hits both the query's compound and others. "
                    << "Hits of this model get no confidence there." << std::endl;
  }

  /// What the learned scorer was fitted on, and its features that weigh most.
  static void logScorer_(const SpecEmbedding::ModelCalibration& calibration)
  {
    if (!calibration.scorer) return;
    const auto& summary = calibration.scorer->summary;
    OPENMS_LOG_INFO << "Learned scorer fitted on " << summary.value("candidates", 0) << " candidates of " << summary.value("queries", 0)
                    << " held-out queries in " << summary.value("rounds", 0) << " open-world searches (" << summary.value("known", 0)
                    << " of them known compounds); " << summary.value("correct", 0) << " candidates are the query's compound." << std::endl;
    if (!summary.contains("similarity_gain_share")) return;
    std::vector<std::pair<double, std::string>> shares;
    for (const auto& [name, share] : summary.at("similarity_gain_share").items()) shares.emplace_back(share.get<double>(), name);
    std::sort(shares.rbegin(), shares.rend());
    StringList strongest;
    for (size_t i = 0; i < std::min<size_t>(5, shares.size()); ++i) strongest.push_back(shares[i].second + " " + String(shares[i].first, false));
    OPENMS_LOG_INFO << "  The expected similarity weighs most: " << ListUtils::concatenate(strongest, ", ") << "." << std::endl;
  }

  ExitCodes calibrate_(const String& model_path, const String& out)
  {
    const StringList inputs = getStringList_("in");
    if (inputs.empty())
    {
      OPENMS_LOG_ERROR << "-calibrate needs the model's training libraries with -in." << std::endl;
      return MISSING_PARAMETERS;
    }
    auto model = SpecEmbedding::ModelFile::load(model_path);
    const double structure_weight = settings_(SpecEmbedding::CalibrationOptions::settings()).structure_weight;
    if (structure_weight != -1.0) model.encoder->setStructureWeight(structure_weight);
    // The split of the model's own training run: its recorded options, where it has them, else those given
    // here (-seed, -validation_fraction: an epoch model from before epoch models recorded them).
    const auto options = SpecEmbedding::settingsFromJson(SpecEmbedding::TrainerOptions::settings(),
                                                         model.provenance.value("training_options", nlohmann::json::object()),
                                                         algorithm_<SpecEmbeddingTraining>().trainerOptions());
    const String validation_file = getStringOption_("validation");
    const auto [spectra, validation] =
      readTrainingSpectra_(inputs, validation_file, algorithm_<SpecEmbeddingTraining>().trainerOptions().broken_records);
    SpecEmbedding::Trainer trainer(options, [](const std::string& warning) { OPENMS_LOG_WARN << "Warning: " << warning << std::endl; });
    const auto calibration = trainer.calibrate(spectra, validation_file.empty() ? nullptr : &validation, model.encoder);
    warnWithoutConfidence_(calibration);
    logScorer_(calibration);
    auto provenance = model.provenance;
    provenance["calibration_data"] = inputs;
    // A model from before ion modes were recorded gets those of its training libraries, so that the tools can
    // pick it by polarity.
    if (model.ion_modes.empty())
    {
      std::set<std::string> modes;
      for (const auto& spectrum : spectra)
      {
        if (!spectrum.ion_mode.empty()) modes.insert(spectrum.ion_mode);
      }
      model.ion_modes.assign(modes.begin(), modes.end());
      if (!modes.empty()) OPENMS_LOG_INFO << "Ion modes recorded from -in: " << ListUtils::concatenate(model.ion_modes, ", ") << "." << std::endl;
    }
    const auto checksum = SpecEmbedding::ModelFile::save(out, model.encoder, provenance, model.ion_modes, calibration);
    OPENMS_LOG_INFO << "Calibrated '" << model_path << "' on its held-out compounds (validation fraction " << options.validation_fraction
                    << ", seed " << options.seed << ") and wrote '" << out << "' (weights sha256 " << checksum << ")." << std::endl;
    return EXECUTION_OK;
  }

  /// The spectra of the training libraries, and those of the validation file (none when it is empty).
  static std::pair<std::vector<SpecEmbedding::Spectrum>, std::vector<SpecEmbedding::Spectrum>>
  readTrainingSpectra_(const StringList& inputs, const String& validation_file, SpecEmbedding::InvalidSpectrumPolicy broken_records)
  {
    const auto read = [&](const String& filename) {
      auto spectra = loadCoreSpectra(filename, broken_records);
      OPENMS_LOG_INFO << "Read " << spectra.size() << " spectra from '" << filename << "'." << std::endl;
      return spectra;
    };
    std::vector<SpecEmbedding::Spectrum> spectra, validation;
    for (const auto& input : inputs)
    {
      const auto loaded = read(input);
      spectra.insert(spectra.end(), loaded.begin(), loaded.end());
    }
    if (!validation_file.empty()) validation = read(validation_file);
    return {std::move(spectra), std::move(validation)};
  }
};

int main(int argc, const char** argv)
{
  return SpecEmbeddingTool::run<SpecEmbeddingTrainer>(argc, argv);
}
