// libFuzzer target: MSP files (MSPLibraryFile and LibraryRecords through readSpectra).
#include "FuzzInput.h"
#include "SpectraFileReading.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  SpecEmbeddingFuzz::readSpectraFile(SpecEmbeddingFuzz::writeInput(data, size, ".msp"));
  return 0;
}
