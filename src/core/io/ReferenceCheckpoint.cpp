#include "ReferenceCheckpoint.h"

#include "../Errors.h"

#include <caffe2/serialize/inline_container.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

namespace SpecEmbedding
{
  namespace
  {
    // Tensor data and binary pickle integers are little-endian.
    static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the checkpoint reader assumes a little-endian host");

    /// One object on the unpickler's stack or in its memo. Shared, because SETITEM and BUILD
    /// modify objects that the memo refers to as well.
    struct PickleValue
    {
      enum class Kind { None, Bool, Int, Float, String, Tuple, Dict, Global, Storage, Tensor };

      Kind kind = Kind::None;
      int64_t integer = 0;                                                        ///< Bool, Int
      double real = 0.0;                                                          ///< Float
      std::string text;                                                           ///< String; Global as "module.name"
      std::vector<std::shared_ptr<PickleValue>> items;                            ///< Tuple
      std::vector<std::pair<std::shared_ptr<PickleValue>, std::shared_ptr<PickleValue>>> entries; ///< Dict, in order
      torch::Tensor tensor;                                                       ///< Storage (flat), Tensor
    };
    using ValuePtr = std::shared_ptr<PickleValue>;

    ValuePtr makeValue(PickleValue::Kind kind)
    {
      auto value = std::make_shared<PickleValue>();
      value->kind = kind;
      return value;
    }

    const char* kindName(PickleValue::Kind kind)
    {
      switch (kind)
      {
        case PickleValue::Kind::None: return "None";
        case PickleValue::Kind::Bool: return "bool";
        case PickleValue::Kind::Int: return "int";
        case PickleValue::Kind::Float: return "float";
        case PickleValue::Kind::String: return "str";
        case PickleValue::Kind::Tuple: return "tuple";
        case PickleValue::Kind::Dict: return "dict";
        case PickleValue::Kind::Global: return "global";
        case PickleValue::Kind::Storage: return "storage";
        case PickleValue::Kind::Tensor: return "tensor";
      }
      return "?";
    }

    const PickleValue& expect(const ValuePtr& value, PickleValue::Kind kind, const std::string& what)
    {
      if (value->kind != kind)
      {
        throw ModelError(what + " should be a " + kindName(kind) + ", not a " + kindName(value->kind));
      }
      return *value;
    }

    int64_t expectInt(const ValuePtr& value, const std::string& what)
    {
      return expect(value, PickleValue::Kind::Int, what).integer;
    }

    std::vector<int64_t> expectIntTuple(const ValuePtr& value, const std::string& what)
    {
      std::vector<int64_t> numbers;
      for (const auto& item : expect(value, PickleValue::Kind::Tuple, what).items) numbers.push_back(expectInt(item, what + " entry"));
      return numbers;
    }

    /// The pickle virtual machine, restricted to what torch.save(state_dict) writes with protocol 2:
    /// dicts, tuples, scalars, strings, OrderedDict, and tensors over persistent storages.
    class StateDictUnpickler
    {
    public:
      StateDictUnpickler(const std::string& pickle, caffe2::serialize::PyTorchStreamReader& archive)
        : pickle_(pickle), archive_(archive)
      {
      }

      ValuePtr run()
      {
        while (true)
        {
          opcode_position_ = position_;
          const uint8_t opcode = readByte();
          switch (opcode)
          {
            case 0x80: readByte(); break; // PROTO: unsupported opcodes of newer protocols fail on their own
            case '}': push(makeValue(PickleValue::Kind::Dict)); break;                      // EMPTY_DICT
            case ')': push(makeValue(PickleValue::Kind::Tuple)); break;                     // EMPTY_TUPLE
            case 'c': { auto module = readLine(); push(global(module, readLine())); break; } // GLOBAL
            case '(': marks_.push_back(stack_.size()); break;                               // MARK
            case 'X': push(makeString(readBytes(readLittleEndian<uint32_t>()))); break;     // BINUNICODE
            case 0x8c: push(makeString(readBytes(readByte()))); break;                      // SHORT_BINUNICODE
            case 'q': memo_[readByte()] = top(); break;                                     // BINPUT
            case 'r': memo_[readLittleEndian<uint32_t>()] = top(); break;                   // LONG_BINPUT
            case 'h': push(recall(readByte())); break;                                      // BINGET
            case 'j': push(recall(readLittleEndian<uint32_t>())); break;                    // LONG_BINGET
            case 'J': push(makeInt(readLittleEndian<int32_t>())); break;                    // BININT
            case 'K': push(makeInt(readByte())); break;                                     // BININT1
            case 'M': push(makeInt(readLittleEndian<uint16_t>())); break;                   // BININT2
            case 0x8a: push(makeInt(readLong1())); break;                                   // LONG1
            case 'G': push(makeFloat(readBigEndianDouble())); break;                        // BINFLOAT
            case 'N': push(makeValue(PickleValue::Kind::None)); break;                      // NONE
            case 0x88: push(makeBool(true)); break;                                         // NEWTRUE
            case 0x89: push(makeBool(false)); break;                                        // NEWFALSE
            case 't': push(makeTuple(popToMark())); break;                                  // TUPLE
            case 0x85: push(makeTuple(popValues(1))); break;                                // TUPLE1
            case 0x86: push(makeTuple(popValues(2))); break;                                // TUPLE2
            case 0x87: push(makeTuple(popValues(3))); break;                                // TUPLE3
            case 'Q': push(persistentLoad(pop())); break;                                   // BINPERSID
            case 'R': { auto arguments = pop(); auto callable = pop(); push(reduce(callable, arguments)); break; } // REDUCE
            case 's': setItems(popValues(2)); break;                                        // SETITEM
            case 'u': setItems(popToMark()); break;                                         // SETITEMS
            case 'b': build(pop()); break;                                                  // BUILD
            case '.':                                                                       // STOP
              if (stack_.size() != 1 || !marks_.empty()) fail("STOP with " + std::to_string(stack_.size()) + " values on the stack");
              return stack_.back();
            default:
            {
              std::ostringstream hex;
              hex << "0x" << std::hex << static_cast<int>(opcode);
              fail("unsupported pickle opcode " + hex.str());
            }
          }
        }
      }

    private:
      [[noreturn]] void fail(const std::string& what) const
      {
        throw ModelError("data.pkl, byte " + std::to_string(opcode_position_) + ": " + what);
      }

      // Reading the pickle bytes.

      void require(size_t count)
      {
        if (pickle_.size() - position_ < count) fail("the pickle is truncated");
      }

      uint8_t readByte()
      {
        require(1);
        return static_cast<uint8_t>(pickle_[position_++]);
      }

      std::string readBytes(size_t count)
      {
        require(count);
        position_ += count;
        return pickle_.substr(position_ - count, count);
      }

      template <typename T>
      T readLittleEndian()
      {
        require(sizeof(T));
        T value;
        std::memcpy(&value, pickle_.data() + position_, sizeof(T));
        position_ += sizeof(T);
        return value;
      }

      double readBigEndianDouble()
      {
        auto bytes = readBytes(sizeof(double));
        std::reverse(bytes.begin(), bytes.end());
        double value;
        std::memcpy(&value, bytes.data(), sizeof(double));
        return value;
      }

      /// A little-endian two's complement integer of up to 8 bytes.
      int64_t readLong1()
      {
        const size_t count = readByte();
        if (count > 8) fail("integer of " + std::to_string(count) + " bytes is too large");
        const auto bytes = readBytes(count);
        uint64_t value = 0;
        for (size_t i = 0; i < count; ++i) value |= static_cast<uint64_t>(static_cast<uint8_t>(bytes[i])) << (8 * i);
        if (count > 0 && count < 8 && (static_cast<uint8_t>(bytes[count - 1]) & 0x80)) value |= ~uint64_t(0) << (8 * count);
        return static_cast<int64_t>(value);
      }

      std::string readLine()
      {
        const auto end = pickle_.find('\n', position_);
        if (end == std::string::npos) fail("the pickle is truncated");
        auto line = pickle_.substr(position_, end - position_);
        position_ = end + 1;
        return line;
      }

      // The stack and the memo.

      void push(ValuePtr value) { stack_.push_back(std::move(value)); }

      const ValuePtr& top()
      {
        if (stack_.size() <= (marks_.empty() ? 0 : marks_.back())) fail("stack underflow");
        return stack_.back();
      }

      ValuePtr pop()
      {
        auto value = top();
        stack_.pop_back();
        return value;
      }

      std::vector<ValuePtr> popValues(size_t count)
      {
        const size_t floor = marks_.empty() ? 0 : marks_.back();
        if (stack_.size() - floor < count) fail("stack underflow");
        std::vector<ValuePtr> values(stack_.end() - count, stack_.end());
        stack_.resize(stack_.size() - count);
        return values;
      }

      std::vector<ValuePtr> popToMark()
      {
        if (marks_.empty()) fail("no MARK on the stack");
        const size_t mark = marks_.back();
        marks_.pop_back();
        std::vector<ValuePtr> values(stack_.begin() + mark, stack_.end());
        stack_.resize(mark);
        return values;
      }

      ValuePtr recall(uint32_t index)
      {
        const auto found = memo_.find(index);
        if (found == memo_.end()) fail("memo entry " + std::to_string(index) + " is undefined");
        return found->second;
      }

      // Objects.

      static ValuePtr makeString(std::string text)
      {
        auto value = makeValue(PickleValue::Kind::String);
        value->text = std::move(text);
        return value;
      }

      static ValuePtr makeInt(int64_t integer)
      {
        auto value = makeValue(PickleValue::Kind::Int);
        value->integer = integer;
        return value;
      }

      static ValuePtr makeBool(bool flag)
      {
        auto value = makeValue(PickleValue::Kind::Bool);
        value->integer = flag;
        return value;
      }

      static ValuePtr makeFloat(double real)
      {
        auto value = makeValue(PickleValue::Kind::Float);
        value->real = real;
        return value;
      }

      static ValuePtr makeTuple(std::vector<ValuePtr> items)
      {
        auto value = makeValue(PickleValue::Kind::Tuple);
        value->items = std::move(items);
        return value;
      }

      /// Only the classes and functions of a state_dict: anything else could run code in Python
      /// and has no meaning here.
      ValuePtr global(const std::string& module, const std::string& name)
      {
        const bool is_storage_type = module == "torch" && name.size() > 7 && name.compare(name.size() - 7, 7, "Storage") == 0;
        if (!(module == "collections" && name == "OrderedDict") && !(module == "torch._utils" && name == "_rebuild_tensor_v2") &&
            !is_storage_type)
        {
          fail("unsupported global '" + module + "." + name + "'");
        }
        auto value = makeValue(PickleValue::Kind::Global);
        value->text = module + "." + name;
        return value;
      }

      ValuePtr reduce(const ValuePtr& callable, const ValuePtr& arguments)
      {
        const auto& function = expect(callable, PickleValue::Kind::Global, "the callable of REDUCE").text;
        const auto& items = expect(arguments, PickleValue::Kind::Tuple, "the arguments of " + function).items;
        if (function == "collections.OrderedDict" && items.empty()) return makeValue(PickleValue::Kind::Dict);
        if (function == "torch._utils._rebuild_tensor_v2" && items.size() == 6) return rebuildTensor(items);
        fail("cannot call " + function + " with " + std::to_string(items.size()) + " arguments");
      }

      /// The persistent id ('storage', torch.<Type>Storage, key, location, numel) names record data/<key>.
      ValuePtr persistentLoad(const ValuePtr& id)
      {
        const auto& fields = expect(id, PickleValue::Kind::Tuple, "a persistent id").items;
        if (fields.size() != 5 || fields[0]->kind != PickleValue::Kind::String || fields[0]->text != "storage")
        {
          fail("a persistent id should be ('storage', type, key, location, numel)");
        }
        const auto& type = expect(fields[1], PickleValue::Kind::Global, "the storage type").text;
        if (type != "torch.FloatStorage") fail("storage of type " + type + ": only float32 tensors are supported");
        const auto& key = expect(fields[2], PickleValue::Kind::String, "the storage key").text;
        expect(fields[3], PickleValue::Kind::String, "the storage location");
        const int64_t numel = expectInt(fields[4], "the storage size");

        auto& storage = storages_[key];
        if (!storage.defined())
        {
          const std::string record = "data/" + key;
          const auto [data, size] = archive_.getRecord(record);
          if (numel < 0 || size != static_cast<size_t>(numel) * sizeof(float))
          {
            fail("record " + record + " has " + std::to_string(size) + " bytes, not " + std::to_string(numel) + " float32 values");
          }
          storage = torch::empty({numel}, torch::kFloat32);
          std::memcpy(storage.data_ptr<float>(), data.get(), size);
        }
        else if (storage.numel() != numel)
        {
          fail("storage " + key + " is used with two different sizes");
        }
        auto value = makeValue(PickleValue::Kind::Storage);
        value->tensor = storage;
        return value;
      }

      /// torch._utils._rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks)
      ValuePtr rebuildTensor(const std::vector<ValuePtr>& arguments)
      {
        const auto& storage = expect(arguments[0], PickleValue::Kind::Storage, "the tensor storage").tensor;
        const int64_t offset = expectInt(arguments[1], "the storage offset");
        const auto sizes = expectIntTuple(arguments[2], "the tensor size");
        const auto strides = expectIntTuple(arguments[3], "the tensor stride");
        expect(arguments[4], PickleValue::Kind::Bool, "requires_grad");
        expect(arguments[5], PickleValue::Kind::Dict, "the backward hooks");
        if (sizes.size() != strides.size()) fail("tensor size and stride differ in length");

        // The last element must lie inside the storage; the checks avoid overflow on hostile input.
        const int64_t numel = storage.numel();
        if (offset < 0 || offset > numel) fail("storage offset " + std::to_string(offset) + " is outside the storage");
        int64_t last = offset;
        bool empty = false;
        for (size_t i = 0; i < sizes.size(); ++i)
        {
          if (sizes[i] < 0 || strides[i] < 0) fail("negative tensor size or stride");
          if (sizes[i] == 0) empty = true;
          else if (strides[i] > 0)
          {
            if (sizes[i] - 1 > (numel - last) / strides[i]) fail("tensor extends beyond its storage");
            last += (sizes[i] - 1) * strides[i];
          }
        }
        auto value = makeValue(PickleValue::Kind::Tensor);
        if (empty) value->tensor = torch::empty(sizes, torch::kFloat32);
        else
        {
          if (last >= numel) fail("tensor extends beyond its storage");
          // A contiguous copy, so tensors sharing a storage stay independent.
          value->tensor = storage.as_strided(sizes, strides, offset).clone(at::MemoryFormat::Contiguous);
        }
        return value;
      }

      void setItems(const std::vector<ValuePtr>& keys_and_values)
      {
        if (keys_and_values.size() % 2 != 0) fail("SETITEMS with an odd number of values");
        auto& dict = top();
        if (dict->kind != PickleValue::Kind::Dict) fail(std::string("SETITEM on a ") + kindName(dict->kind));
        for (size_t i = 0; i < keys_and_values.size(); i += 2) dict->entries.emplace_back(keys_and_values[i], keys_and_values[i + 1]);
      }

      /// The state of an OrderedDict (its _metadata attribute) is parsed and ignored.
      void build(const ValuePtr& state)
      {
        if (top()->kind != PickleValue::Kind::Dict || state->kind != PickleValue::Kind::Dict)
        {
          fail(std::string("BUILD of a ") + kindName(top()->kind) + " with a " + kindName(state->kind));
        }
      }

      const std::string& pickle_;
      caffe2::serialize::PyTorchStreamReader& archive_;
      size_t position_ = 0;
      size_t opcode_position_ = 0;
      std::vector<ValuePtr> stack_;
      std::vector<size_t> marks_;
      std::unordered_map<uint32_t, ValuePtr> memo_;
      std::unordered_map<std::string, torch::Tensor> storages_;
    };

    NamedTensors readStateDict(const std::string& path)
    {
      caffe2::serialize::PyTorchStreamReader archive(path);
      const auto [data, size] = archive.getRecord("data.pkl");
      const std::string pickle(static_cast<const char*>(data.get()), size);
      const auto root = StateDictUnpickler(pickle, archive).run();

      NamedTensors tensors;
      std::unordered_set<std::string> names;
      for (const auto& [key, value] : expect(root, PickleValue::Kind::Dict, "the state_dict").entries)
      {
        const auto& name = expect(key, PickleValue::Kind::String, "a state_dict key").text;
        const auto& tensor = expect(value, PickleValue::Kind::Tensor, "state_dict entry '" + name + "'").tensor;
        if (!names.insert(name).second) throw ModelError("state_dict key '" + name + "' appears twice");
        tensors.emplace_back(name, tensor);
      }
      return tensors;
    }
  }

  NamedTensors readReferenceCheckpoint(const std::string& path)
  {
    const auto failure = [&](const std::string& detail) {
      return ModelError("cannot read reference checkpoint '" + path + "': " + detail);
    };
    try
    {
      return readStateDict(path);
    }
    catch (const c10::Error& error)
    {
      throw failure(error.what_without_backtrace());
    }
    catch (const std::exception& error)
    {
      throw failure(error.what());
    }
  }

  void loadReferenceWeights(torch::nn::Module& module, const NamedTensors& tensors, const std::string& path)
  {
    loadNamedTensors(module, tensors, "checkpoint '" + path + "'", "the checkpoint");
  }
}
