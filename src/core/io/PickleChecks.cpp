#include "PickleChecks.h"

#include <cstring>
#include <stdexcept>
#include <vector>

namespace SpecEmbedding
{
  namespace
  {
    /// A pickle opcode as Python's pickletools describes it: how its argument is stored, and what it does
    /// to the unpickler's stack.
    struct Opcode
    {
      /// The argument: none, a fixed number of bytes, a little-endian length of 1, 4 or 8 bytes followed
      /// by that many bytes, or newline-terminated lines; Unknown: not a pickle opcode.
      enum Argument { Unknown, Fixed, Length, Lines } argument = Unknown;
      uint8_t size = 0;    ///< Fixed: the bytes; Length: the bytes of the length; Lines: the lines
      uint8_t pops = 0;    ///< values taken from the top of the stack (above the last mark)
      uint8_t pushes = 0;  ///< values put back
      bool to_mark = false; ///< first takes everything down to the last mark, and the mark
      uint8_t below = 0;   ///< with to_mark: values the opcode needs below the mark (the list of APPENDS)
      bool pairs = false;  ///< with to_mark: the values are key-value pairs (DICT, SETITEMS)
    };

    Opcode opcodeOf(uint8_t opcode)
    {
      constexpr auto none = Opcode::Fixed;
      switch (opcode)
      {
        case '(': return {none};                                    // MARK (pushes a mark, see checkPickle)
        case '.': return {none, 0, 1};                              // STOP
        case '0': return {none, 0, 1};                              // POP (or a mark, see checkPickle)
        case '1': return {none, 0, 0, 0, true};                     // POP_MARK
        case '2': return {none, 0, 1, 2};                           // DUP
        case 'F': case 'I': case 'L': case 'P': case 'S': case 'V': case 'g': return {Opcode::Lines, 1, 0, 1};
        case 'p': return {Opcode::Lines, 1, 1, 1};                  // PUT
        case 'c': return {Opcode::Lines, 2, 0, 1};                  // GLOBAL
        case 'i': return {Opcode::Lines, 2, 0, 1, true};            // INST
        case 'K': case 'h': case 0x82: return {Opcode::Fixed, 1, 0, 1};
        case 'M': case 0x83: return {Opcode::Fixed, 2, 0, 1};
        case 'J': case 'j': case 0x84: return {Opcode::Fixed, 4, 0, 1};
        case 'G': return {Opcode::Fixed, 8, 0, 1};                  // BINFLOAT
        case 'q': return {Opcode::Fixed, 1, 1, 1};                  // BINPUT
        case 'r': return {Opcode::Fixed, 4, 1, 1};                  // LONG_BINPUT
        case 0x80: return {Opcode::Fixed, 1};                       // PROTO
        case 0x95: return {Opcode::Fixed, 8};                       // FRAME (its length covers the opcodes after it)
        case 0x8a: case 'U': case 'C': case 0x8c: return {Opcode::Length, 1, 0, 1};
        case 0x8b: case 'T': case 'B': case 'X': return {Opcode::Length, 4, 0, 1};
        case 0x8d: case 0x8e: case 0x96: return {Opcode::Length, 8, 0, 1};
        case 'N': case '}': case ']': case ')': case 0x88: case 0x89: case 0x8f: case 0x97: return {none, 0, 0, 1};
        case 'Q': case 0x85: case 0x98: case 0x94: return {none, 0, 1, 1}; // BINPERSID, TUPLE1, READONLY_BUFFER, MEMOIZE
        case 'R': case 'a': case 'b': case 0x81: case 0x86: case 0x93: return {none, 0, 2, 1};
        case 's': case 0x87: case 0x92: return {none, 0, 3, 1};     // SETITEM, TUPLE3, NEWOBJ_EX
        case 't': case 'l': case 'o': case 0x91: return {none, 0, 0, 1, true};
        case 'd': return {none, 0, 0, 1, true, 0, true};            // DICT
        case 'e': case 0x90: return {none, 0, 0, 0, true, 1};       // APPENDS, ADDITEMS
        case 'u': return {none, 0, 0, 0, true, 1, true};            // SETITEMS
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

  void checkPickle(const std::string& pickle)
  {
    size_t start = 0;
    const auto fail = [&](const std::string& what) {
      throw std::runtime_error("the pickle " + what + " at byte " + std::to_string(start));
    };
    // The stack as the unpickler will build it, by its depth only, and the depths at its marks.
    size_t depth = 0;
    std::vector<size_t> marks;
    const auto take = [&](size_t count) {
      if (depth - (marks.empty() ? 0 : marks.back()) < count) fail("takes more values from the stack than it holds");
      depth -= count;
    };
    for (size_t position = 0; position < pickle.size();)
    {
      start = position;
      const auto code = static_cast<uint8_t>(pickle[position++]);
      const auto opcode = opcodeOf(code);
      const size_t left = pickle.size() - position;
      switch (opcode.argument)
      {
        case Opcode::Unknown:
          fail("has an unknown opcode");
        case Opcode::Fixed:
          if (opcode.size > left) fail("is truncated");
          // LONG_BINPUT, LONG_BINGET: memo indices count the objects stored so far, fewer than the bytes.
          if ((code == 'r' || code == 'j') && littleEndian(pickle, position, 4) > pickle.size()) fail("has an impossible memo index");
          if (code == 0x95 && littleEndian(pickle, position, 8) > left - 8) fail("has a frame longer than itself");
          position += opcode.size;
          break;
        case Opcode::Length:
        {
          if (opcode.size > left) fail("is truncated");
          uint64_t length = littleEndian(pickle, position, opcode.size);
          // LONG4 and BINSTRING lengths are signed; a negative one reads as a huge one here.
          if (code == 0x8b || code == 'T') length = static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(length)));
          if (length > left - opcode.size) fail("states a length beyond its end");
          position += opcode.size + length;
          break;
        }
        case Opcode::Lines:
          for (size_t line = 0; line < opcode.size; ++line)
          {
            const size_t end = pickle.find('\n', position);
            if (end == std::string::npos) fail("is truncated");
            position = end + 1;
          }
          break;
      }
      // LibTorch's unpickler does not check the stack itself: a value taken from an empty stack or
      // from below a mark corrupts its memory.
      if (code == '(') marks.push_back(depth);
      else if (code == '0' && !marks.empty() && depth == marks.back()) marks.pop_back(); // POP of a mark
      else
      {
        if (opcode.to_mark)
        {
          if (marks.empty()) fail("has no MARK for an opcode that needs one");
          const size_t values = depth - marks.back();
          depth = marks.back();
          marks.pop_back();
          if (opcode.pairs && values % 2 != 0) fail("has a key without a value");
          if (code == 'o' && values == 0) fail("takes more values from the stack than it holds");
          take(opcode.below);
          depth += opcode.below;
        }
        take(opcode.pops);
        depth += opcode.pushes;
      }
      if (code == '.') return;
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
