// Compares an -out_embeddings file (identifier column, '#' header lines) with a reference TSV of
// embedding values only, value by value with an absolute tolerance.
#include <cmath>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace
{
  std::vector<std::vector<double>> readRows(const std::string& path, bool has_identifier)
  {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::vector<std::vector<double>> rows;
    std::string line;
    while (std::getline(in, line))
    {
      if (line.empty() || line[0] == '#') continue;
      std::istringstream fields(line);
      std::string field;
      std::vector<double> row;
      bool first = true;
      while (std::getline(fields, field, '\t'))
      {
        if (!(first && has_identifier)) row.push_back(std::stod(field));
        first = false;
      }
      rows.push_back(row);
    }
    return rows;
  }
}

int main(int argc, char** argv)
{
  if (argc != 4)
  {
    std::cerr << "usage: CompareEmbeddings ACTUAL.tsv EXPECTED.tsv TOLERANCE\n";
    return 2;
  }
  try
  {
    const auto actual = readRows(argv[1], true);
    const auto expected = readRows(argv[2], false);
    const double tolerance = std::stod(argv[3]);
    if (actual.size() != expected.size())
    {
      std::cerr << "row count differs: " << actual.size() << " vs " << expected.size() << "\n";
      return 1;
    }
    double worst = 0.0;
    size_t values = 0;
    for (size_t r = 0; r < actual.size(); ++r)
    {
      if (actual[r].size() != expected[r].size())
      {
        std::cerr << "row " << r + 1 << ": " << actual[r].size() << " values vs " << expected[r].size() << "\n";
        return 1;
      }
      for (size_t c = 0; c < actual[r].size(); ++c, ++values)
      {
        const double difference = std::abs(actual[r][c] - expected[r][c]);
        if (!(difference <= worst)) worst = std::isnan(difference) ? INFINITY : difference;
      }
    }
    std::cout << values << " values compared, largest absolute difference " << worst << " (tolerance " << tolerance << ")\n";
    return worst <= tolerance ? 0 : 1;
  }
  catch (const std::exception& error)
  {
    std::cerr << error.what() << "\n";
    return 2;
  }
}
