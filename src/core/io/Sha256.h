#pragma once
// Incremental SHA-256 (OpenSSL) of the byte streams that identify model weights and library content.
#include <torch/torch.h>

#include <string>

struct evp_md_ctx_st;

namespace SpecEmbedding
{
  class Sha256
  {
  public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    void update(const void* data, size_t size);
    /// The text with its terminator, which keeps consecutive fields apart.
    void update(const std::string& text);
    /// The tensor's sizes (as text), then its raw values; it must be contiguous and on the CPU.
    void update(const torch::Tensor& tensor);

    /// The digest as lower-case hex; call once, at the end.
    std::string hex();

  private:
    evp_md_ctx_st* context_;
  };

  /// The SHA-256 of the bytes, as lower-case hex.
  std::string sha256Hex(const std::string& bytes);
}
