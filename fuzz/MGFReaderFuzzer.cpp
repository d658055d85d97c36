// libFuzzer target: MGF files (MGFLibraryFile and LibraryRecords through readSpectra).
#include "FuzzInput.h"
#include "SpectraFileReading.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  SpecEmbeddingFuzz::readSpectraFile(SpecEmbeddingFuzz::writeInput(data, size, ".mgf"));
  return 0;
}
