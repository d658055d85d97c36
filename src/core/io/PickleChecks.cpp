#include "PickleChecks.h"

#include <cstring>
#include <stdexcept>
#include <vector>

namespace SpecEmbedding
{
  namespace
  {
    /// How a pickle opcode's argument is stored (Python's pickletools): none, a fixed number of bytes, a
    /// little-endian length of 1, 4 or 8 bytes followed by that many bytes, or newline-terminated lines.
    struct Argument
    {
      enum Kind { Unknown, Fixed, Length, Lines } kind = Unknown;
      size_t size = 0; ///< Fixed: the bytes; Length: the bytes of the length; Lines: the lines
    };

    Argument argumentOf(uint8_t opcode)
    {
      switch (opcode)
      {
        // No argument.
        case '(': case '.': case '0': case '1': case '2': case 'N': case 'Q': case 'R': case 'a': case 'b': case 'd':
        case '}': case 'e': case 'l': case ']': case 'o': case 's': case 't': case ')': case 'u': case 0x81: case 0x85:
        case 0x86: case 0x87: case 0x88: case 0x89: case 0x8f: case 0x90: case 0x91: case 0x92: case 0x93: case 0x94:
        case 0x97: case 0x98:
          return {Argument::Fixed, 0};
        case 'K': case 'h': case 'q': case 0x80: case 0x82: return {Argument::Fixed, 1};
        case 'M': case 0x83: return {Argument::Fixed, 2};
        case 'J': case 'j': case 'r': case 0x84: return {Argument::Fixed, 4};
        case 'G': case 0x95: return {Argument::Fixed, 8}; // BINFLOAT; FRAME (its length covers the opcodes after it)
        case 0x8a: case 'U': case 'C': case 0x8c: return {Argument::Length, 1};
        case 0x8b: case 'T': case 'B': case 'X': return {Argument::Length, 4};
        case 0x8d: case 0x8e: case 0x96: return {Argument::Length, 8};
        case 'F': case 'I': case 'L': case 'P': case 'S': case 'V': case 'g': case 'p': return {Argument::Lines, 1};
        case 'c': case 'i': return {Argument::Lines, 2};
        default: return {};
      }
    }

    uint64_t littleEndian(const std::string& bytes, size_t position, size_t size)
    {
      uint64_t value = 0;
      std::memcpy(&value, bytes.data() + position, size);
      return value;
    }
  }

  void checkPickleLengths(const std::string& pickle)
  {
    const auto fail = [](const std::string& what, size_t position) {
      throw std::runtime_error("the pickle " + what + " at byte " + std::to_string(position));
    };
    for (size_t position = 0; position < pickle.size();)
    {
      const size_t start = position;
      const auto opcode = static_cast<uint8_t>(pickle[position++]);
      if (opcode == '.') return; // STOP
      const auto argument = argumentOf(opcode);
      const size_t left = pickle.size() - position;
      switch (argument.kind)
      {
        case Argument::Unknown:
          fail("has an unknown opcode", start);
        case Argument::Fixed:
          if (argument.size > left) fail("is truncated", start);
          // LONG_BINPUT, LONG_BINGET: memo indices count the objects stored so far, fewer than the bytes.
          if ((opcode == 'r' || opcode == 'j') && littleEndian(pickle, position, 4) > pickle.size()) fail("has an impossible memo index", start);
          if (opcode == 0x95 && littleEndian(pickle, position, 8) > left - 8) fail("has a frame longer than itself", start);
          position += argument.size;
          break;
        case Argument::Length:
        {
          if (argument.size > left) fail("is truncated", start);
          uint64_t length = littleEndian(pickle, position, argument.size);
          // LONG4 and BINSTRING lengths are signed; a negative one reads as a huge one here.
          if (argument.size == 4 && (opcode == 0x8b || opcode == 'T')) length = static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(length)));
          if (length > left - argument.size) fail("states a length beyond its end", start);
          position += argument.size + length;
          break;
        }
        case Argument::Lines:
          for (size_t line = 0; line < argument.size; ++line)
          {
            const size_t end = pickle.find('\n', position);
            if (end == std::string::npos) fail("is truncated", start);
            position = end + 1;
          }
          break;
      }
    }
    throw std::runtime_error("the pickle is truncated (no STOP)");
  }

  void checkTensorBounds(const c10::IValue& value)
  {
    // Iteratively: a hostile pickle may nest containers deeper than the call stack reaches.
    std::vector<c10::IValue> pending{value};
    while (!pending.empty())
    {
      const auto item = std::move(pending.back());
      pending.pop_back();
      if (item.isTuple())
      {
        for (const auto& element : item.toTupleRef().elements()) pending.push_back(element);
      }
      else if (item.isList())
      {
        for (const auto& element : item.toListRef()) pending.push_back(element);
      }
      else if (item.isGenericDict())
      {
        for (const auto& entry : item.toGenericDict())
        {
          pending.push_back(entry.key());
          pending.push_back(entry.value());
        }
      }
      else if (item.isTensor())
      {
        const auto& tensor = item.toTensor();
        if (!tensor.defined()) continue;
        if (!tensor.device().is_cpu() || tensor.layout() != c10::kStrided || !tensor.has_storage())
        {
          throw std::runtime_error("a tensor is not a dense CPU tensor");
        }
        const auto capacity = static_cast<int64_t>(tensor.storage().nbytes() / tensor.element_size());
        const auto sizes = tensor.sizes();
        const auto strides = tensor.strides();
        bool inside = tensor.storage_offset() >= 0, empty = false;
        for (size_t d = 0; d < sizes.size(); ++d)
        {
          if (sizes[d] < 0 || strides[d] < 0) inside = false;
          if (sizes[d] == 0) empty = true;
        }
        if (inside && empty) continue;
        // The element count and the last element's position, without overflow: each step stays within capacity.
        int64_t count = 1, last = tensor.storage_offset();
        inside = inside && last < capacity;
        for (size_t d = 0; inside && d < sizes.size(); ++d)
        {
          inside = sizes[d] <= capacity / count;
          count *= inside ? sizes[d] : 1;
          if (inside && strides[d] > 0 && sizes[d] > 1)
          {
            inside = sizes[d] - 1 <= (capacity - 1 - last) / strides[d];
            if (inside) last += (sizes[d] - 1) * strides[d];
          }
        }
        if (!inside) throw std::runtime_error("a tensor reaches beyond its storage");
      }
    }
  }
}
