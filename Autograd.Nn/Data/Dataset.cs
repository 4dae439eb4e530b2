namespace Autograd.Nn.Data;

/// <summary>
/// A labelled classification dataset held on the host: <see cref="Count"/> samples of <see cref="FeatureCount"/>
/// features (scaled to [0, 1]) and an integer class label each. <see cref="DataLoader"/> turns it into batches.
/// </summary>
public sealed class Dataset
{
    private readonly float[] _features;
    private readonly int[] _labels;

    /// <summary>Creates a dataset from row-major features (<paramref name="labels"/>.Length rows) and labels in [0, classCount).</summary>
    /// <param name="features">Row-major [N, F] values.</param>
    /// <param name="labels">N class indices.</param>
    /// <param name="sampleShape">The shape of one sample, e.g. [1, 28, 28]; its product is F.</param>
    /// <param name="classCount">Number of classes.</param>
    /// <param name="name">A name for messages, e.g. <c>fashion-mnist/train</c>.</param>
    public Dataset(float[] features, int[] labels, int[] sampleShape, int classCount, string name)
    {
        int featureCount = Autograd.Shape.Numel(sampleShape);
        if (features.Length != labels.Length * featureCount)
            throw new ArgumentException(
                $"{name}: {labels.Length} labels need {labels.Length * featureCount} feature values of shape {Autograd.Shape.Format(sampleShape)}, got {features.Length}");
        foreach (int label in labels)
            if (label < 0 || label >= classCount)
                throw new ArgumentException($"{name}: label {label} is outside [0, {classCount})");
        _features = features;
        _labels = labels;
        SampleShape = (int[])sampleShape.Clone();
        FeatureCount = featureCount;
        ClassCount = classCount;
        Name = name;
    }

    /// <summary>Number of samples.</summary>
    public int Count => _labels.Length;

    /// <summary>Features per sample (the product of <see cref="SampleShape"/>).</summary>
    public int FeatureCount { get; }

    /// <summary>The shape of one sample, channels first: [1, 28, 28] for Fashion-MNIST, [1, 8, 8] for digits.</summary>
    public IReadOnlyList<int> SampleShape { get; }

    /// <summary>Number of classes.</summary>
    public int ClassCount { get; }

    /// <summary>A name for messages and logs.</summary>
    public string Name { get; }

    /// <summary>The features of one sample.</summary>
    public ReadOnlySpan<float> Features(int index) => _features.AsSpan(index * FeatureCount, FeatureCount);

    /// <summary>The label of one sample.</summary>
    public int Label(int index) => _labels[index];

    /// <summary>All features as a new Float32 tensor [N, F] and all labels as a new Int32 tensor [N]; the caller owns both.</summary>
    public (Tensor Features, Tensor Labels) ToTensors() => (Tensor.From(_features, Count, FeatureCount), Tensor.From(_labels, Count));

    /// <summary>The samples at <paramref name="indices"/>, in that order, as a new dataset.</summary>
    public Dataset Subset(IReadOnlyList<int> indices, string name)
    {
        var features = new float[indices.Count * FeatureCount];
        var labels = new int[indices.Count];
        for (int i = 0; i < indices.Count; i++)
        {
            Features(indices[i]).CopyTo(features.AsSpan(i * FeatureCount));
            labels[i] = _labels[indices[i]];
        }
        return new Dataset(features, labels, SampleShape.ToArray(), ClassCount, name);
    }

    /// <summary>The mean and standard deviation of every feature value together, for <see cref="Normalization"/>.</summary>
    public Normalization ComputeNormalization()
    {
        double sum = 0, sumSquares = 0;
        foreach (float v in _features)
        {
            sum += v;
            sumSquares += (double)v * v;
        }
        double mean = sum / _features.Length;
        double variance = Math.Max(sumSquares / _features.Length - mean * mean, 0);
        double std = Math.Sqrt(variance);
        return new Normalization(mean, std > 0 ? std : 1);
    }
}

/// <summary>Standardisation applied to every feature: x ↦ (x − <see cref="Mean"/>) / <see cref="Std"/>.</summary>
public sealed record Normalization(double Mean, double Std)
{
    /// <summary>Leaves features unchanged.</summary>
    public static Normalization None { get; } = new(0, 1);
}
