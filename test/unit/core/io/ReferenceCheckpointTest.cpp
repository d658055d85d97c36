#include "core/Errors.h"
#include "core/io/ReferenceCheckpoint.h"
#include "core/model/SpectrumEncoder.h"

#include <caffe2/serialize/inline_container.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <functional>

using namespace SpecEmbedding;
using namespace std::string_literals;

namespace
{
  using NamedTensors = std::vector<std::pair<std::string, torch::Tensor>>;

  const std::string kFixtures = std::string(SHARED_DIR) + "/fixtures/reference-parity/";
  const std::string kSmall = kFixtures + "small/reference_state_dict.ckpt";
  const std::string kReferenceSize = kFixtures + "reference-size/reference_state_dict.ckpt";

  /// The 31 MB checkpoint is read once for all tests.
  const NamedTensors& referenceSizeTensors()
  {
    static const NamedTensors tensors = readReferenceCheckpoint(kReferenceSize);
    return tensors;
  }

  ModelConfig configFromArchitecture(const std::string& fixture)
  {
    std::ifstream in(kFixtures + fixture + "/architecture.json");
    const auto architecture = nlohmann::json::parse(in);
    ModelConfig config;
    config.embedding_dim = architecture.at("embedding_dim");
    config.n_head = architecture.at("n_head");
    config.n_layer = architecture.at("n_layer");
    config.dim_feedforward = architecture.at("dim_feedforward");
    config.dim_target = architecture.at("dim_target");
    config.activation = architecture.at("feedforward_activation");
    config.dropout = architecture.at("dropout");
    config.lambda_min = architecture.at("lambda_min");
    config.lambda_max = architecture.at("lambda_max");
    config.max_len = architecture.at("max_len");
    return config;
  }

  /// Sum over all tensors of value × flat index: changes when values are lost, moved or transposed.
  double indexWeightedSum(const NamedTensors& tensors)
  {
    double sum = 0.0;
    for (const auto& [name, tensor] : tensors)
    {
      sum += (tensor.to(torch::kFloat64).flatten() * torch::arange(tensor.numel(), torch::kFloat64)).sum().item<double>();
    }
    return sum;
  }

  const torch::Tensor& tensorNamed(const NamedTensors& tensors, const std::string& name)
  {
    for (const auto& [key, tensor] : tensors)
    {
      if (key == name) return tensor;
    }
    throw std::out_of_range("no tensor " + name);
  }

  /// The message of the ModelError that action throws, or a test failure.
  std::string modelErrorOf(const std::function<void()>& action)
  {
    try
    {
      action();
    }
    catch (const ModelError& error)
    {
      return error.what();
    }
    ADD_FAILURE() << "no ModelError thrown";
    return "";
  }

  class TemporaryDirectory
  {
  public:
    TemporaryDirectory()
    {
      std::string pattern = (std::filesystem::temp_directory_path() / "ReferenceCheckpointTest.XXXXXX").string();
      path_ = mkdtemp(pattern.data());
    }
    ~TemporaryDirectory() { std::filesystem::remove_all(path_); }
    std::string file(const std::string& name) const { return (path_ / name).string(); }

  private:
    std::filesystem::path path_;
  };

  /// Copies the small checkpoint into a new archive, with its pickle passed through edit.
  void writeEditedCheckpoint(const std::string& target, const std::function<std::string(std::string)>& edit)
  {
    caffe2::serialize::PyTorchStreamReader source(kSmall);
    caffe2::serialize::PyTorchStreamWriter writer(target);
    for (const auto& name : source.getAllRecords())
    {
      if (name == "version") continue; // the writer adds its own
      const auto [data, size] = source.getRecord(name);
      std::string bytes(static_cast<const char*>(data.get()), size);
      if (name == "data.pkl") bytes = edit(bytes);
      writer.writeRecord(name, bytes.data(), bytes.size());
    }
    writer.writeEndOfFile();
  }

  std::string replaced(std::string text, const std::string& from, const std::string& to)
  {
    const auto position = text.find(from);
    EXPECT_NE(position, std::string::npos) << from;
    return text.replace(position, from.size(), to);
  }
}

TEST(ReferenceCheckpoint, SmallCheckpointTensorsInFileOrder)
{
  const auto tensors = readReferenceCheckpoint(kSmall);
  ASSERT_EQ(tensors.size(), 36u);
  EXPECT_EQ(tensors[0].first, "embedding.mz_embedding.feedward_layers._layers.0.weight");
  EXPECT_EQ(tensors[4].first, "embedding.intensity_embedding._layers.0.weight");
  EXPECT_EQ(tensors[8].first, "_encoder.layers.0.self_attn.in_proj_weight");
  EXPECT_EQ(tensors[20].first, "_encoder.layers.1.self_attn.in_proj_weight");
  EXPECT_EQ(tensors[35].first, "_decoder._layers.3.bias");
  EXPECT_EQ(tensors[4].second.sizes(), c10::IntArrayRef({64, 65}));
  EXPECT_EQ(tensors[8].second.sizes(), c10::IntArrayRef({192, 64}));
  EXPECT_EQ(tensors[12].second.sizes(), c10::IntArrayRef({128, 64}));
  EXPECT_EQ(tensors[35].second.sizes(), c10::IntArrayRef({32}));
  for (const auto& [name, tensor] : tensors)
  {
    EXPECT_EQ(tensor.scalar_type(), torch::kFloat32) << name;
    EXPECT_TRUE(tensor.device().is_cpu()) << name;
    EXPECT_TRUE(tensor.is_contiguous()) << name;
  }
}

TEST(ReferenceCheckpoint, SmallCheckpointValuesAsPyTorchReadsThem)
{
  const auto tensors = readReferenceCheckpoint(kSmall);
  // Values printed by PyTorch 1.13's torch.load.
  EXPECT_EQ(tensors[0].second[0][0].item<float>(), 0.0644079f);
  EXPECT_EQ(tensors[0].second[3][17].item<float>(), 0.05892451f);
  EXPECT_EQ(tensors[4].second[63][64].item<float>(), -0.099819966f);
  EXPECT_EQ(tensors[8].second[100][5].item<float>(), -0.10838877f);
  EXPECT_EQ(tensors[16].second[7].item<float>(), 1.0f);
  EXPECT_EQ(tensors[35].second[31].item<float>(), 0.010187831f);
  EXPECT_NEAR(indexWeightedSum(tensors), 254020.4720708121, 1e-6);
}

TEST(ReferenceCheckpoint, ReferenceSizeCheckpoint)
{
  const auto& tensors = referenceSizeTensors();
  ASSERT_EQ(tensors.size(), 60u);
  EXPECT_EQ(tensors[0].first, "embedding.mz_embedding.feedward_layers._layers.0.weight");
  EXPECT_EQ(tensors[44].first, "_encoder.layers.3.self_attn.in_proj_weight");
  EXPECT_EQ(tensors[59].first, "_decoder._layers.3.bias");
  EXPECT_EQ(tensors[4].second.sizes(), c10::IntArrayRef({512, 513}));
  EXPECT_EQ(tensors[44].second.sizes(), c10::IntArrayRef({1536, 512}));
  EXPECT_EQ(tensors[0].second[3][17].item<float>(), 0.011472172f);
  EXPECT_EQ(tensors[4].second[511][512].item<float>(), -0.037466522f);
  EXPECT_EQ(tensors[8].second[100][5].item<float>(), -0.020156104f);
  EXPECT_EQ(tensors[59].second[511].item<float>(), 0.025524715f);
  EXPECT_NEAR(indexWeightedSum(tensors), 31585228.60789904, 1e-3);
}

TEST(ReferenceCheckpoint, LoadsIntoEncodersBuiltFromTheArchitecture)
{
  for (const auto& [fixture, tensors] : {std::make_pair("small", readReferenceCheckpoint(kSmall)),
                                         std::make_pair("reference-size", referenceSizeTensors())})
  {
    SpectrumEncoder encoder(configFromArchitecture(fixture));
    ASSERT_NO_THROW(loadReferenceWeights(*encoder, tensors, fixture));
    const auto parameters = encoder->named_parameters();
    ASSERT_EQ(parameters.size(), tensors.size());
    for (const auto& parameter : parameters)
    {
      EXPECT_TRUE(torch::equal(parameter.value(), tensorNamed(tensors, parameter.key()))) << fixture << ": " << parameter.key();
    }
  }
}

TEST(ReferenceCheckpoint, LoadedTensorsDoNotShareMemoryWithTheModel)
{
  auto tensors = readReferenceCheckpoint(kSmall);
  SpectrumEncoder encoder(configFromArchitecture("small"));
  loadReferenceWeights(*encoder, tensors, kSmall);
  tensors[0].second.fill_(42.0f);
  EXPECT_EQ(encoder->named_parameters()[tensors[0].first][0][0].item<float>(), 0.0644079f);
}

TEST(ReferenceCheckpoint, SmallCheckpointDoesNotFitTheReferenceSizeModel)
{
  SpectrumEncoder encoder(configFromArchitecture("reference-size"));
  const auto before = encoder->named_parameters()[0].value().clone();
  const auto message = modelErrorOf([&] { loadReferenceWeights(*encoder, readReferenceCheckpoint(kSmall), kSmall); });
  EXPECT_EQ(message, "checkpoint '" + kSmall + "' does not fit the architecture: "
                     "'embedding.mz_embedding.feedward_layers._layers.0.weight' has shape [64, 64] in the checkpoint "
                     "but [512, 512] in the model");
  EXPECT_TRUE(torch::equal(encoder->named_parameters()[0].value(), before)) << "a failed load must change nothing";
}

TEST(ReferenceCheckpoint, MissingAndUnexpectedTensorsAreNamed)
{
  const auto tensors = readReferenceCheckpoint(kSmall);
  SpectrumEncoder encoder(configFromArchitecture("small"));

  auto without_norm = tensors;
  without_norm.erase(without_norm.begin() + 16);
  EXPECT_EQ(modelErrorOf([&] { loadReferenceWeights(*encoder, without_norm, "x.ckpt"); }),
            "checkpoint 'x.ckpt' does not fit the architecture: '_encoder.layers.0.norm1.weight' is missing from the checkpoint");

  auto with_extra = tensors;
  with_extra.emplace_back("bar", torch::zeros({1}));
  EXPECT_EQ(modelErrorOf([&] { loadReferenceWeights(*encoder, with_extra, "x.ckpt"); }),
            "checkpoint 'x.ckpt' does not fit the architecture: unexpected tensor 'bar'");
}

TEST(ReferenceCheckpoint, BrokenFilesFailWithTheirName)
{
  const TemporaryDirectory directory;

  const auto truncated = directory.file("truncated.ckpt");
  {
    std::ifstream in(kSmall, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::ofstream(truncated, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  }
  const auto not_zip = directory.file("not_zip.ckpt");
  std::ofstream(not_zip) << "this is not a checkpoint\n";
  const auto missing = directory.file("missing.ckpt");

  for (const auto& path : {truncated, not_zip, missing})
  {
    const auto message = modelErrorOf([&] { readReferenceCheckpoint(path); });
    EXPECT_NE(message.find("cannot read reference checkpoint '" + path + "'"), std::string::npos) << message;
  }
}

TEST(ReferenceCheckpoint, StridesAreApplied)
{
  const TemporaryDirectory directory;
  const auto path = directory.file("transposed.ckpt");
  // The first tensor's stride (64, 1) becomes (1, 64): the same storage read as its transpose.
  writeEditedCheckpoint(path, [](std::string pickle) { return replaced(pickle, "K@K\x01\x86", "K\x01K@\x86"); });
  const auto transposed = readReferenceCheckpoint(path);
  const auto original = readReferenceCheckpoint(kSmall);
  EXPECT_TRUE(transposed[0].second.is_contiguous());
  EXPECT_TRUE(torch::equal(transposed[0].second, original[0].second.t()));
  EXPECT_FALSE(torch::equal(transposed[0].second, original[0].second));
}

TEST(ReferenceCheckpoint, PickleContentOutsideAStateDictIsRejected)
{
  const TemporaryDirectory directory;
  const std::vector<std::pair<std::function<std::string(std::string)>, std::string>> cases = {
    {[](std::string pickle) { return pickle.substr(0, pickle.size() / 2); }, "the pickle is truncated"},
    {[](std::string pickle) { return replaced(pickle, "collections\nOrderedDict", "os\nsystem"); }, "unsupported global 'os.system'"},
    {[](std::string pickle) { return replaced(pickle, "torch\nFloatStorage", "torch\nDoubleStorage"); },
     "storage of type torch.DoubleStorage: only float32 tensors are supported"},
    {[](std::string pickle) { return replaced(pickle, "\x89", "\x95"); }, "unsupported pickle opcode 0x95"},
    // The first tensor, [64, 64] with stride (64, 1), made one row longer than its storage.
    {[](std::string pickle) { return replaced(pickle, "K\x00K@K@\x86"s, "K\x00KAK@\x86"s); }, "tensor extends beyond its storage"},
  };
  for (size_t i = 0; i < cases.size(); ++i)
  {
    const auto path = directory.file("edited" + std::to_string(i) + ".ckpt");
    writeEditedCheckpoint(path, cases[i].first);
    const auto message = modelErrorOf([&] { readReferenceCheckpoint(path); });
    EXPECT_NE(message.find("cannot read reference checkpoint '" + path + "'"), std::string::npos) << message;
    EXPECT_NE(message.find(cases[i].second), std::string::npos) << message;
  }
}
