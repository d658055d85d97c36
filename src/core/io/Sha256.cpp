#include "Sha256.h"

#include <openssl/evp.h>

#include <iomanip>
#include <sstream>

namespace SpecEmbedding
{
  Sha256::Sha256() : context_(EVP_MD_CTX_new())
  {
    EVP_DigestInit_ex(context_, EVP_sha256(), nullptr);
  }

  Sha256::~Sha256()
  {
    EVP_MD_CTX_free(context_);
  }

  void Sha256::update(const void* data, size_t size)
  {
    EVP_DigestUpdate(context_, data, size);
  }

  void Sha256::update(const std::string& text)
  {
    update(text.data(), text.size() + 1);
  }

  void Sha256::update(const torch::Tensor& tensor)
  {
    for (const auto size : tensor.sizes()) update(std::to_string(size));
    update(tensor.data_ptr(), tensor.numel() * tensor.element_size());
  }

  std::string Sha256::hex()
  {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_DigestFinal_ex(context_, digest, &size);
    std::ostringstream out;
    for (unsigned int i = 0; i < size; ++i) out << std::hex << std::setw(2) << std::setfill('0') << static_cast<int>(digest[i]);
    return out.str();
  }

  std::string sha256Hex(const std::string& bytes)
  {
    Sha256 sha;
    sha.update(bytes.data(), bytes.size());
    return sha.hex();
  }
}
