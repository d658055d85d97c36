"""The reference SpecEmbedding encoder in PyTorch (python3-torch), as the published code runs it: the
Tokenizer (99 most intense peaks in m/z order, intensities over the largest, a precursor token of
intensity 2, padded to 100 with the padding masked), the SiameseModel encoder (sinusoidal m/z and
intensity embeddings, nn.TransformerEncoder with norm_first, mean pooling over all 100 positions, the
decoder), loaded from a reference state_dict checkpoint, in eval mode, batch 64.

  reference_pytorch.py check CHECKPOINT ARCHITECTURE.json SPECTRA.msp EXPECTED.tsv
      parity: the embeddings of SPECTRA must equal EXPECTED (the fixture's) within 1e-4
  reference_pytorch.py infer CHECKPOINT ARCHITECTURE.json SPECTRA.msp THREADS
      spectra/s embedding every spectrum of SPECTRA, reading and tokenisation included
  reference_pytorch.py train CHECKPOINT ARCHITECTURE.json SPECTRA.msp THREADS STEPS
      views/s of training steps as the reference trains: 64 compounds with two views each, padded to
      100, supervised contrastive loss (temperature 0.05), AdamW, in train mode (dropout 0.1)
"""
import json
import math
import sys
import time

import numpy as np
import torch
from torch import nn

MAX_LEN = 100
BATCH = 64


def read_msp(path):
    """(precursor m/z, [(m/z, intensity)], compound key) of every record with peaks."""
    records, record = [], {'peaks': []}
    with open(path) as msp:
        for line in list(msp) + ['']:
            line = line.strip()
            if not line:
                if record['peaks'] and 'precursormz' in record:
                    records.append((float(record['precursormz']), record['peaks'], record.get('inchikey', '')[:14]))
                record = {'peaks': []}
            elif line[0].isdigit():
                mz, intensity = line.replace('\t', ' ').split()[:2]
                record['peaks'].append((float(mz), float(intensity)))
            elif ':' in line:
                key, value = line.split(':', 1)
                record[key.strip().lower()] = value.strip()
    return records


def tokenize(records):
    """mz, intensity [n, 100] float32 and the padding mask [n, 100], as the reference Tokenizer makes them."""
    n = len(records)
    mz = np.zeros((n, MAX_LEN), np.float32)
    intensity = np.zeros((n, MAX_LEN), np.float32)
    mask = np.ones((n, MAX_LEN), bool)
    for row, (precursor, peaks, _) in enumerate(records):
        peak_mz = np.array([p[0] for p in peaks], np.float32)
        peak_intensity = np.array([p[1] for p in peaks], np.float32)
        keep = np.sort(np.argsort(peak_intensity)[::-1][:MAX_LEN - 1])
        peak_mz, peak_intensity = peak_mz[keep], peak_intensity[keep]
        peak_intensity = peak_intensity / peak_intensity.max()
        length = len(keep) + 1
        mz[row, 0], intensity[row, 0] = precursor, 2.0
        mz[row, 1:length], intensity[row, 1:length] = peak_mz, peak_intensity
        mask[row, :length] = False
    return torch.from_numpy(mz), torch.from_numpy(intensity), torch.from_numpy(mask)


class FeedForward(nn.Module):
    def __init__(self, inputs, hidden, outputs, dropout):
        super().__init__()
        self._layers = nn.Sequential(nn.Linear(inputs, hidden), nn.SELU(), nn.Dropout(dropout), nn.Linear(hidden, outputs))

    def forward(self, x):
        return self._layers(x)


class MzEmbedding(nn.Module):
    def __init__(self, width, lambda_min, lambda_max, dropout):
        super().__init__()
        index = torch.arange(0, width, 2)
        wavelength = lambda_min * (lambda_max / lambda_min) ** (index / (width - 2))
        self.register_buffer('frequencies', 2 * math.pi / wavelength, persistent=False)
        self.feedward_layers = FeedForward(width, width, width, dropout)

    def forward(self, mz):
        phase = torch.einsum('bl,d->bld', mz, self.frequencies)
        return self.feedward_layers(torch.stack([torch.sin(phase), torch.cos(phase)], -1).flatten(-2))


class PeaksEmbedding(nn.Module):
    def __init__(self, width, lambda_min, lambda_max, dropout):
        super().__init__()
        self.mz_embedding = MzEmbedding(width, lambda_min, lambda_max, dropout)
        self.intensity_embedding = FeedForward(width + 1, width, width, dropout)

    def forward(self, mz, intensity):
        return self.intensity_embedding(torch.cat([self.mz_embedding(mz), intensity.unsqueeze(-1)], -1))


class Encoder(nn.Module):
    def __init__(self, architecture):
        super().__init__()
        width, dropout = architecture['embedding_dim'], architecture['dropout']
        self.embedding = PeaksEmbedding(width, architecture['lambda_min'], architecture['lambda_max'], dropout)
        # The reference's encoder layers use GELU where its feed-forward activation is SELU.
        layer = nn.TransformerEncoderLayer(width, architecture['n_head'], architecture['dim_feedforward'], dropout,
                                           activation='gelu', batch_first=True, norm_first=architecture['norm_first'])
        self._encoder = nn.TransformerEncoder(layer, architecture["n_layer"])
        self._decoder = FeedForward(width, architecture['dim_feedforward'], architecture['dim_target'], dropout)
        self.activation = nn.SELU()

    def forward(self, mz, intensity, mask):
        x = self._encoder(self.embedding(mz, intensity), src_key_padding_mask=mask)
        return self.activation(self._decoder(torch.mean(x, dim=1)))


def load(checkpoint, architecture_path):
    architecture = json.load(open(architecture_path))
    model = Encoder(architecture)
    model.load_state_dict(torch.load(checkpoint))
    return model


def embed(model, records):
    mz, intensity, mask = tokenize(records)
    with torch.inference_mode():
        return torch.cat([model(mz[i:i + BATCH], intensity[i:i + BATCH], mask[i:i + BATCH]) for i in range(0, len(records), BATCH)])


def supcon(features, temperature=0.05):
    """The supervised contrastive loss of two views per compound (features [batch, 2, dim])."""
    batch = features.shape[0]
    views = nn.functional.normalize(torch.cat(torch.unbind(features, 1)), dim=1)
    logits = views @ views.T / temperature
    labels = torch.arange(batch).repeat(2)
    positive = (labels[:, None] == labels[None, :]).float().fill_diagonal_(0)
    logits = logits - torch.eye(2 * batch) * 1e9
    log_probability = logits - torch.logsumexp(logits, dim=1, keepdim=True)
    return -((positive * log_probability).sum(1) / positive.sum(1)).mean()


def main():
    command, checkpoint, architecture = sys.argv[1:4]
    model = load(checkpoint, architecture).eval()
    if command == 'check':
        records = read_msp(sys.argv[4])
        expected = torch.tensor(np.loadtxt(sys.argv[5], ndmin=2), dtype=torch.float32)
        difference = (embed(model, records) - expected).abs().max().item()
        print(f'parity with the fixture: largest difference {difference:.2e} over {len(records)} spectra')
        sys.exit(0 if difference <= 1e-4 else 1)
    threads = int(sys.argv[5])
    torch.set_num_threads(threads)
    if command == 'infer':
        start = time.perf_counter()
        records = read_msp(sys.argv[4])
        embeddings = embed(model, records)
        seconds = time.perf_counter() - start
        print(f'PyTorch reference inference, {threads} threads: {len(records)} spectra in {seconds:.1f} s, '
              f'{len(records) / seconds:.0f} spectra/s ({embeddings.shape[1]} dimensions)')
    elif command == 'train':
        steps = int(sys.argv[6])
        records = read_msp(sys.argv[4])
        by_compound = {}
        for record in records:
            by_compound.setdefault(record[2], []).append(record)
        compounds = [spectra for spectra in by_compound.values()]
        random = np.random.default_rng(1)
        model.train()
        optimizer = torch.optim.AdamW(model.parameters(), lr=7.5e-5, weight_decay=0.1)
        start, views = None, 0
        for step in range(steps + 1):
            if step == 1:
                start = time.perf_counter()  # the first step warms up
            chosen = random.choice(len(compounds), BATCH, replace=False)
            batch = []
            for c in chosen:
                spectra = compounds[c]
                pair = random.choice(len(spectra), 2, replace=len(spectra) < 2)
                batch += [spectra[pair[0]], spectra[pair[1]]]
            mz, intensity, mask = tokenize(batch)
            features = model(mz, intensity, mask).view(BATCH, 2, -1)
            loss = supcon(features)
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 0.5)
            optimizer.step()
            if step > 0:
                views += 2 * BATCH
        seconds = time.perf_counter() - start
        print(f'PyTorch reference training, {threads} threads: {steps} steps of {2 * BATCH} views in {seconds:.1f} s, '
              f'{views / seconds:.0f} views/s')


if __name__ == '__main__':
    main()
