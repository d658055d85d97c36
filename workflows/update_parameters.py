"""Brings the parameters of the SpecEmbedding tool vertices of a TOPPAS workflow up to date with the tools:
each vertex's parameters node is replaced by the tool's own -write_ini parameters, keeping the workflow's
value of every parameter that still exists. Run it after a tool's parameters changed.
Usage: update_parameters.py WORKFLOW.toppas BIN_DIR   (BIN_DIR holds the SpecEmbedding tools)"""
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree

workflow, bin_dir = sys.argv[1], sys.argv[2]
tree = ElementTree.parse(workflow)
for vertex in tree.getroot().iter('NODE'):
    items = {item.get('name'): item.get('value') for item in vertex.findall('ITEM')}
    tool = items.get('tool_name', '')
    if items.get('toppas_type') != 'tool' or not os.path.exists(os.path.join(bin_dir, tool)) or not tool.startswith('SpecEmbedding'):
        continue
    with tempfile.TemporaryDirectory() as folder:
        ini = os.path.join(folder, 'tool.ini')
        subprocess.run([os.path.join(bin_dir, tool), '-write_ini', ini], check=True, stdout=subprocess.DEVNULL,
                       env=dict(os.environ, OPENMS_DISABLE_UPDATE_CHECK='ON'))
        fresh = ElementTree.parse(ini).getroot().find(f"NODE[@name='{tool}']/NODE[@name='1']")
    parameters = vertex.find("NODE[@name='parameters']")
    old_values = {item.get('name'): item.get('value') for item in parameters.iter('ITEM')}
    parameters.clear()
    parameters.set('name', 'parameters')
    parameters.set('description', '')
    for child in fresh:
        for item in child.iter('ITEM'):
            if item.get('name') in old_values:
                item.set('value', old_values[item.get('name')])
        parameters.append(child)
    print(f'{tool}: parameters updated')
ElementTree.indent(tree, space='  ')
tree.write(workflow, encoding='ISO-8859-1', xml_declaration=True)
