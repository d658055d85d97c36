#include "core/Errors.h"
#include "core/io/ModelFile.h"
#include "core/io/PickleChecks.h"
#include "core/search/EmbeddingLibrary.h"

#include <caffe2/serialize/inline_container.h>
#include <gtest/gtest.h>
#include <torch/serialize.h>

#include <sstream>

using namespace SpecEmbedding;

namespace
{
  const std::string kRegressions = std::string(TEST_DATA_DIR) + "/fuzz-regressions/";

  /// The data.pkl of what torch::pickle_save writes for value: the pickle our files hold.
  std::string pickleOf(const c10::IValue& value)
  {
    const auto archive = torch::pickle_save(value);
    std::istringstream in(std::string(archive.begin(), archive.end()));
    caffe2::serialize::PyTorchStreamReader reader(&in);
    const auto [data, size] = reader.getRecord("data.pkl");
    return std::string(static_cast<const char*>(data.get()), size);
  }

  std::string pickleError(const std::string& pickle)
  {
    try
    {
      checkPickle(pickle);
    }
    catch (const std::runtime_error& error)
    {
      return error.what();
    }
    return "(accepted)";
  }

  bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

  template <typename Error, typename Load>
  std::string loadError(const Load& load)
  {
    try
    {
      load();
    }
    catch (const Error& error)
    {
      return error.what();
    }
    ADD_FAILURE() << "no error of the expected type";
    return {};
  }
}

TEST(PickleChecks, AcceptsWhatLibTorchWrites)
{
  c10::impl::GenericDict dict(c10::StringType::get(), c10::AnyType::get());
  dict.insert("text", std::string(300, 'x'));
  dict.insert("number", static_cast<int64_t>(1) << 40);
  dict.insert("real", 0.25);
  dict.insert("tensor", torch::arange(12, torch::kFloat32).reshape({3, 4}));
  dict.insert("list", c10::List<std::string>({"a", "b"}));
  EXPECT_EQ(pickleError(pickleOf(dict)), "(accepted)");
}

TEST(PickleChecks, RefusesLengthsAndMemoIndicesBeyondTheEnd)
{
  // PROTO 2, then a string (BINUNICODE) that states 2 GiB but holds 3 bytes, then STOP.
  EXPECT_TRUE(contains(pickleError(std::string("\x80\x02X\x00\x00\x00\x80" "abc.", 11)), "length beyond its end"));
  EXPECT_TRUE(contains(pickleError(std::string("\x80\x02" "C\x05" "ab.", 7)), "length beyond its end"));
  // A negative BINSTRING length.
  EXPECT_TRUE(contains(pickleError(std::string("\x80\x02T\xff\xff\xff\xff" ".", 8)), "length beyond its end"));
  // An empty list memoised under index 2^32 - 1 (LONG_BINPUT): LibTorch would reserve 2^33 memo slots.
  EXPECT_TRUE(contains(pickleError(std::string("\x80\x02]r\xff\xff\xff\xff.", 9)), "impossible memo index"));
  EXPECT_TRUE(contains(pickleError(std::string("\x80\x02]\x95\xff\xff\x00\x00\x00\x00\x00\x00.", 13)), "frame longer"));
  EXPECT_TRUE(contains(pickleError(std::string("\x80\x02\xff.", 4)), "unknown opcode"));
  EXPECT_TRUE(contains(pickleError(std::string("\x80\x02]", 3)), "no STOP"));
  EXPECT_TRUE(contains(pickleError(std::string("\x80\x02J\x01\x00", 5)), "truncated"));
  EXPECT_TRUE(contains(pickleError(std::string("\x80\x02" "ctorch\n", 9)), "truncated"));
}

TEST(PickleChecks, RefusesTakingMoreFromTheStackThanItHolds)
{
  const std::string proto("\x80\x02", 2);
  EXPECT_TRUE(contains(pickleError(proto + "\x86."), "takes more values")); // TUPLE2 of an empty stack
  EXPECT_TRUE(contains(pickleError(proto + "K\x01(K\x02\x86."), "takes more values")); // TUPLE2 across a MARK
  EXPECT_TRUE(contains(pickleError(proto + "(]e."), "takes more values")); // APPENDS without a list below the MARK
  EXPECT_TRUE(contains(pickleError(proto + "."), "takes more values")); // STOP of an empty stack
  EXPECT_TRUE(contains(pickleError(proto + "K\x01t."), "no MARK")); // TUPLE without a MARK
  EXPECT_TRUE(contains(pickleError(proto + "}(K\x01u."), "key without a value")); // SETITEMS of one value
  // The same opcodes where the stack holds what they take.
  EXPECT_EQ(pickleError(proto + "K\x01K\x02\x86."), "(accepted)");
  EXPECT_EQ(pickleError(proto + "](K\x01K\x02" "e."), "(accepted)");
  EXPECT_EQ(pickleError(proto + "}(K\x01K\x02u."), "(accepted)");
  EXPECT_EQ(pickleError(proto + "(K\x01K\x02t0(0K\x03."), "(accepted)"); // POP of a value, then of a MARK
}

TEST(PickleChecks, TensorsMustLieInsideTheirStorage)
{
  const auto base = torch::arange(12, torch::kFloat32).reshape({3, 4});
  c10::impl::GenericDict views(c10::StringType::get(), c10::AnyType::get());
  views.insert("base", base);
  views.insert("transposed", base.t());
  views.insert("block", base.narrow(0, 1, 2).narrow(1, 2, 2));
  views.insert("empty", base.narrow(0, 3, 0));
  EXPECT_NO_THROW(checkTensorBounds(c10::IValue(views)));

  // What LibTorch's unpickler builds from a pickle that states too large a size or offset.
  auto beyond = torch::arange(12, torch::kFloat32);
  beyond.unsafeGetTensorImpl()->set_sizes_and_strides(c10::IntArrayRef{4, 4}, c10::IntArrayRef{4, 1});
  EXPECT_THROW(checkTensorBounds(c10::List<at::Tensor>({beyond})), std::runtime_error);
  auto offset = torch::arange(12, torch::kFloat32);
  offset.unsafeGetTensorImpl()->set_storage_offset(12);
  EXPECT_THROW(checkTensorBounds(c10::ivalue::Tuple::create({c10::IValue(offset)})), std::runtime_error);
  // More elements than the storage holds (a stride of 0): contiguous() would allocate them all.
  EXPECT_THROW(checkTensorBounds(torch::ones({1}).expand({1000})), std::runtime_error);
}

// Inputs the fuzz targets found (fuzz/README.md): each is refused with a clean error, before LibTorch
// allocates what the file claims or reads beyond what it holds.
TEST(PickleChecks, ModelWithAStringLongerThanTheFileIsRefused)
{
  const auto path = kRegressions + "model_file/string_length_beyond_end.model";
  const auto message = loadError<ModelError>([&] { ModelFile::load(path); });
  EXPECT_TRUE(contains(message, path)) << message;
  EXPECT_TRUE(contains(message, "states a length beyond its end")) << message;
}

TEST(PickleChecks, ModelWhosePickleEmptiesTheStackIsRefused)
{
  const auto path = kRegressions + "model_file/stack_underflow.model";
  const auto message = loadError<ModelError>([&] { ModelFile::load(path); });
  EXPECT_TRUE(contains(message, path)) << message;
  EXPECT_TRUE(contains(message, "takes more values from the stack than it holds")) << message;
}

TEST(PickleChecks, LibraryWithAStringLongerThanTheFileIsRefused)
{
  const auto path = kRegressions + "embedding_library/string_length_beyond_end.selib";
  const auto message = loadError<InputError>([&] { EmbeddingLibrary::load(path); });
  EXPECT_TRUE(contains(message, path)) << message;
  EXPECT_TRUE(contains(message, "states a length beyond its end")) << message;
}

TEST(PickleChecks, LibraryWithAStorageLargerThanItsRecordIsRefused)
{
  const auto path = kRegressions + "embedding_library/storage_beyond_record.selib";
  const auto message = loadError<InputError>([&] { EmbeddingLibrary::load(path); });
  EXPECT_TRUE(contains(message, path)) << message;
  EXPECT_TRUE(contains(message, "reaches beyond its storage")) << message;
}

// Under UBSan (the sanitizer build) reading a mapped record at an address that is not a multiple of its
// element size aborts; such records are copied instead of mapped.
TEST(PickleChecks, LibraryWithAMisalignedRecordIsReadWithoutMisalignedLoads)
{
  const auto path = kRegressions + "embedding_library/misaligned_record.selib";
  try
  {
    const auto library = EmbeddingLibrary::load(path);
    for (size_t i = 0; i < library.size(); ++i) EXPECT_LE(library.peaks(i).mz.size(), 1000000u);
  }
  catch (const InputError&)
  {
  }
}
