#include "NetworkOutput.h"

#include "core/io/Files.h"

#include <OpenMS/CONCEPT/LogStream.h>

#include <QtCore/QXmlStreamWriter>

#include <fstream>

namespace OpenMS
{
  namespace
  {
    /// GraphML's attribute declarations: <key id=NAME for=DOMAIN attr.name=NAME attr.type=TYPE/>.
    struct Key
    {
      const char* domain;
      const char* name;
      const char* type;
    };
    const Key kKeys[] = {
      {"node", "query_index", "int"},   {"node", "query_id", "string"},      {"node", "precursor_mz", "double"},
      {"node", "retention_time", "double"}, {"node", "label", "string"},    {"node", "hit_name", "string"},
      {"node", "hit_inchikey", "string"}, {"node", "hit_smiles", "string"}, {"node", "hit_library_id", "string"},
      {"node", "hit_score", "double"},    {"node", "hit_kind", "string"},     {"edge", "similarity", "double"},
    };

    void writeData(QXmlStreamWriter& xml, const char* key, const QString& value)
    {
      xml.writeStartElement("data");
      xml.writeAttribute("key", key);
      xml.writeCharacters(value);
      xml.writeEndElement();
    }

    void writeData(QXmlStreamWriter& xml, const char* key, const std::string& value)
    {
      if (!value.empty()) writeData(xml, key, QString::fromStdString(value));
    }

    void writeData(QXmlStreamWriter& xml, const char* key, double value)
    {
      writeData(xml, key, QString::number(value, 'g', 10));
    }

    QString nodeId(size_t input_index)
    {
      return "q" + QString::number(input_index);
    }
  }

  NetworkOutput::NetworkOutput(const String& path, double min_similarity, int max_edges) : file_(path), network_(min_similarity, max_edges)
  {
  }

  void NetworkOutput::begin(const SearchRun& run)
  {
    run_ = &run;
  }

  void NetworkOutput::add(const SearchedBlock& block)
  {
    network_.add(block.embeddings);
    for (size_t i = 0; i < block.spectra.size(); ++i)
    {
      const auto& spectrum = block.spectra[i];
      Node node{block.input_index[i], spectrum.id, spectrum.precursor_mz, spectrum.retention_time, std::nullopt};
      if (!block.hits[i].empty())
      {
        const auto& best = block.hits[i].front();
        const auto entry = run_->library->entry(best.library_index);
        node.hit = BestHit{entry.name, entry.inchikey, entry.smiles, entry.id, SpecEmbedding::toString(best.kind), best.score};
      }
      nodes_.push_back(std::move(node));
    }
  }

  void NetworkOutput::finish()
  {
    const auto edges = network_.edges();
    QByteArray graphml;
    QXmlStreamWriter xml(&graphml);
    xml.setAutoFormatting(true);
    xml.writeStartDocument();
    xml.writeDefaultNamespace("http://graphml.graphdrawing.org/xmlns");
    xml.writeStartElement("graphml");
    for (const auto& key : kKeys)
    {
      xml.writeStartElement("key");
      xml.writeAttribute("id", key.name);
      xml.writeAttribute("for", key.domain);
      xml.writeAttribute("attr.name", key.name);
      xml.writeAttribute("attr.type", key.type);
      xml.writeEndElement();
    }
    xml.writeStartElement("graph");
    xml.writeAttribute("id", "queries");
    xml.writeAttribute("edgedefault", "undirected");
    for (const auto& node : nodes_)
    {
      xml.writeStartElement("node");
      xml.writeAttribute("id", nodeId(node.input_index));
      writeData(xml, "query_index", QString::number(node.input_index));
      writeData(xml, "query_id", node.id);
      if (node.precursor_mz > 0.0) writeData(xml, "precursor_mz", node.precursor_mz);
      if (node.retention_time >= 0.0) writeData(xml, "retention_time", node.retention_time);
      writeData(xml, "label", node.hit && !node.hit->name.empty() ? node.hit->name : node.id);
      if (node.hit)
      {
        writeData(xml, "hit_name", node.hit->name);
        writeData(xml, "hit_inchikey", node.hit->inchikey);
        writeData(xml, "hit_smiles", node.hit->smiles);
        writeData(xml, "hit_library_id", node.hit->library_id);
        writeData(xml, "hit_score", node.hit->score);
        writeData(xml, "hit_kind", node.hit->kind);
      }
      xml.writeEndElement();
    }
    for (const auto& edge : edges)
    {
      xml.writeStartElement("edge");
      xml.writeAttribute("source", nodeId(nodes_[edge.source].input_index));
      xml.writeAttribute("target", nodeId(nodes_[edge.target].input_index));
      writeData(xml, "similarity", edge.similarity);
      xml.writeEndElement();
    }
    xml.writeEndDocument();
    std::ofstream stream(file_.temporary(), std::ios::binary);
    stream.write(graphml.constData(), graphml.size());
    stream.close();
    file_.checkWritten(stream);
    edge_count_ = edges.size();
  }

  void NetworkOutput::commit()
  {
    file_.commit();
    OPENMS_LOG_INFO << "Wrote the molecular network '" << file_.path() << "' (" << nodes_.size() << " queries, " << edge_count_ << " edges)."
                    << std::endl;
  }
}
