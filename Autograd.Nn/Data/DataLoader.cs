using System.Collections;

namespace Autograd.Nn.Data;

/// <summary>
/// One batch: <see cref="Features"/> [B, F] Float32 and <see cref="Labels"/> [B] Int32. The caller owns both tensors;
/// disposing the batch disposes them. Deconstructs as <c>var (x, y) = batch</c>.
/// </summary>
public sealed class Batch(Tensor features, Tensor labels) : IDisposable
{
    /// <summary>[B, F] Float32, normalised.</summary>
    public Tensor Features { get; } = features;

    /// <summary>[B] Int32 class indices.</summary>
    public Tensor Labels { get; } = labels;

    /// <summary>Number of samples in this batch.</summary>
    public int Size => Labels.Size(0);

    /// <summary>Splits the batch into its two tensors.</summary>
    public void Deconstruct(out Tensor features, out Tensor labels) => (features, labels) = (Features, Labels);

    /// <summary>Disposes both tensors.</summary>
    public void Dispose()
    {
        Features.Dispose();
        Labels.Dispose();
    }
}

/// <summary>
/// Iterates over a <see cref="Dataset"/> in batches (like <c>torch.utils.data.DataLoader</c>): optionally in a
/// fresh seeded random order each pass, dropping or keeping the last incomplete batch, and normalising features.
/// </summary>
/// <remarks>
/// The order comes from <see cref="Generator"/> (Fisher–Yates), so a run is reproducible from its seed, and saving
/// the generator's offset in a checkpoint reproduces the order of the epochs that follow.
/// </remarks>
public sealed class DataLoader : IEnumerable<Batch>
{
    private readonly Dataset _dataset;
    private readonly Generator? _generator;

    /// <summary>Creates a loader.</summary>
    /// <param name="dataset">The samples.</param>
    /// <param name="batchSize">Samples per batch (positive).</param>
    /// <param name="shuffle">Visit the samples in a new random order on every pass (needs <paramref name="generator"/>).</param>
    /// <param name="generator">The source of the order when shuffling.</param>
    /// <param name="dropLast">Skip the last batch when it has fewer than <paramref name="batchSize"/> samples.</param>
    /// <param name="normalization">Applied to every feature; null leaves them as stored.</param>
    /// <param name="device">Where batches are created; null is the CPU.</param>
    public DataLoader(Dataset dataset, int batchSize, bool shuffle = false, Generator? generator = null, bool dropLast = false,
        Normalization? normalization = null, Device? device = null)
    {
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), $"DataLoader: batch size must be positive, got {batchSize}");
        if (shuffle && generator is null) throw new ArgumentException("DataLoader: shuffling needs a Generator so the order is reproducible", nameof(generator));
        if (normalization is { Std: <= 0 }) throw new ArgumentException($"DataLoader: the normalisation's standard deviation must be positive, got {normalization.Std}", nameof(normalization));
        _dataset = dataset;
        _generator = generator;
        BatchSize = batchSize;
        Shuffle = shuffle;
        DropLast = dropLast;
        Normalization = normalization ?? Normalization.None;
        Device = device;
    }

    /// <summary>Samples per batch.</summary>
    public int BatchSize { get; }

    /// <summary>Whether each pass visits the samples in a new random order.</summary>
    public bool Shuffle { get; }

    /// <summary>Whether an incomplete last batch is skipped.</summary>
    public bool DropLast { get; }

    /// <summary>The standardisation applied to features.</summary>
    public Normalization Normalization { get; }

    /// <summary>The device batches are created on (null: the CPU).</summary>
    public Device? Device { get; }

    /// <summary>The dataset iterated over.</summary>
    public Dataset Dataset => _dataset;

    /// <summary>Batches per pass.</summary>
    public int BatchCount => DropLast ? _dataset.Count / BatchSize : (_dataset.Count + BatchSize - 1) / BatchSize;

    /// <summary>Samples per pass (fewer than the dataset's when <see cref="DropLast"/> skips some).</summary>
    public int SampleCount => DropLast ? BatchCount * BatchSize : _dataset.Count;

    /// <summary>One pass over the data. Each call to this method draws a new order when shuffling.</summary>
    public IEnumerator<Batch> GetEnumerator()
    {
        int[] order = Order();
        for (int b = 0; b < BatchCount; b++)
        {
            int start = b * BatchSize;
            int size = Math.Min(BatchSize, order.Length - start);
            yield return MakeBatch(order.AsSpan(start, size));
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int[] Order()
    {
        var order = new int[_dataset.Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        if (!Shuffle) return order;
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = _generator!.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    /// <summary>
    /// The samples at <paramref name="indices"/> as one batch, normalised and on <see cref="Device"/> like the loader's
    /// own batches (for samplers that choose the indices themselves, like <c>DistributedSampler</c>).
    /// </summary>
    public Batch MakeBatch(ReadOnlySpan<int> indices)
    {
        int featureCount = _dataset.FeatureCount;
        var features = new float[indices.Length * featureCount];
        var labels = new int[indices.Length];
        float mean = (float)Normalization.Mean, scale = (float)(1 / Normalization.Std);
        for (int i = 0; i < indices.Length; i++)
        {
            var source = _dataset.Features(indices[i]);
            var destination = features.AsSpan(i * featureCount, featureCount);
            for (int f = 0; f < featureCount; f++) destination[f] = (source[f] - mean) * scale;
            labels[i] = _dataset.Label(indices[i]);
        }
        var x = Tensor.From(features, indices.Length, featureCount);
        var y = Tensor.From(labels, indices.Length);
        if (Device is null || ReferenceEquals(Device, x.Device)) return new Batch(x, y);
        using (x)
        using (y)
            return new Batch(x.To(Device), y.To(Device));
    }
}
