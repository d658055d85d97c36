"""Prints how a model's validation compounds were drawn, from its provenance: "FRACTION SEED FILE...", the
training files mapped into SHARED_DIR by their last two path components (massbank/train.msp). A model whose
provenance lacks them (an epoch model of an unfinished run) takes them from the environment variable RECIPE
("FRACTION SEED FILE..." as printed here).
Usage: model_recipe.py MODEL SHARED_DIR"""
import json
import os
import sys

import torch

header = json.loads(torch.load(sys.argv[1])['header'])
provenance = header['provenance']
if 'training_options' not in provenance:
    if 'RECIPE' not in os.environ:
        sys.exit(f'{sys.argv[1]} does not record its training options: set RECIPE="FRACTION SEED FILE..."')
    print(os.environ['RECIPE'])
    sys.exit(0)
options = provenance['training_options']
files = [os.path.join(sys.argv[2], 'data', *path.split('/')[-2:]) for path in provenance['training_data']]
print(options['validation_fraction'], options['seed'], *files)
