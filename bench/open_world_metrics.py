"""The metric code of bench/open_world.py: precision-recall, calibration and FDR curves of top-1 hits.
Unit-tested by test/python/test_open_world_metrics.py."""
import numpy as np


def precision_recall(scores, correct, positives):
    """Queries sorted by their top-1 score, best first (no hit: left out): (precision, recall) as queries are
    kept one at a time; recall counts correct hits among `positives` queries that can be right."""
    scores = np.asarray(scores, dtype=float)
    found = ~np.isnan(scores)
    order = np.argsort(-scores[found], kind='stable')
    hits = np.asarray(correct, dtype=float)[found][order]
    kept = np.arange(1, len(hits) + 1)
    return np.cumsum(hits) / kept, np.cumsum(hits) / max(positives, 1)


def reliability(confidence, correct, bins=10):
    """Per equal-width confidence bin on [0, 1]: (mean confidence, share correct, count); empty bins give (nan, nan, 0)."""
    confidence = np.asarray(confidence, dtype=float)
    correct = np.asarray(correct, dtype=float)
    index = np.minimum((confidence * bins).astype(int), bins - 1)
    result = []
    for b in range(bins):
        members = index == b
        count = int(members.sum())
        result.append((confidence[members].mean(), correct[members].mean(), count) if count else (np.nan, np.nan, 0))
    return result


def expected_calibration_error(bins):
    """Sum over bins of |mean confidence - share correct| weighted by the bin's share of the hits."""
    total = sum(count for _, _, count in bins)
    return sum(count / total * abs(mean - share) for mean, share, count in bins if count)


def estimated_against_true_fdr(q_values, correct):
    """For each distinct q-value threshold (hits with q <= it kept): (estimated FDR, true FDR, kept)."""
    q_values = np.asarray(q_values, dtype=float)
    correct = np.asarray(correct, dtype=bool)
    found = ~np.isnan(q_values)
    levels = np.unique(q_values[found])
    points = []
    for level in levels:
        kept = found & (q_values <= level)
        points.append((level, (~correct[kept]).mean(), int(kept.sum())))
    return points


def _plot(path, title, xlabel, ylabel, xlim, ylim, draw):
    """One figure: draw(axes) adds the curves; labelled, gridded, with a legend, saved as PNG."""
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    figure, axes = plt.subplots(figsize=(5.5, 4.2))
    draw(axes)
    axes.set_xlabel(xlabel)
    axes.set_ylabel(ylabel)
    axes.set_xlim(*xlim)
    axes.set_ylim(*ylim)
    axes.set_title(title)
    axes.grid(alpha=0.3)
    axes.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def plot_precision_recall(curves, path, title):
    def draw(axes):
        for label, (precision, recall) in curves.items():
            axes.plot(recall, precision, label=label)
    _plot(path, title, 'recall (correct top-1 hits / known queries)', 'precision of the kept top-1 hits', (0, 1), (0, 1.02), draw)


def plot_reliability(curves, path, title):
    def draw(axes):
        axes.plot([0, 1], [0, 1], color='grey', linestyle='--', label='perfect calibration')
        for label, bins in curves.items():
            points = [(mean, share) for mean, share, count in bins if count]
            axes.plot([p[0] for p in points], [p[1] for p in points], marker='o', label=label)
    _plot(path, title, 'confidence of the top-1 hit', 'share of top-1 hits that are the compound', (0, 1), (0, 1), draw)


def plot_fdr(curves, path, title):
    def draw(axes):
        axes.plot([0, 0.3], [0, 0.3], color='grey', linestyle='--', label='estimate = truth')
        axes.fill_between([0, 0.3], [0, 0.15], [0, 0.45], color='grey', alpha=0.15, label='+-50 %')
        for label, points in curves.items():
            axes.plot([p[0] for p in points], [p[1] for p in points], marker='.', label=label)
    _plot(path, title, 'estimated FDR (q-value threshold)', 'true FDR of the kept top-1 hits', (0, 0.3), (0, 0.5), draw)
