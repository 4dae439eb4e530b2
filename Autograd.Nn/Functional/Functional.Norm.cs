namespace Autograd.Nn;

public static partial class Functional
{
    /// <summary>
    /// Layer normalisation (<c>F.layer_norm</c>) over the trailing dimensions given by <paramref name="normalizedShape"/>:
    /// y = (x − E[x]) / √(Var[x] + ε) · γ + β, with the biased variance (divisor n) of each sample's last
    /// dims. γ (<paramref name="weight"/>) and β (<paramref name="bias"/>) have shape <paramref name="normalizedShape"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The trailing dimensions of x, γ or β do not match <paramref name="normalizedShape"/>.</exception>
    public static Tensor LayerNorm(Tensor input, int[] normalizedShape, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5)
    {
        int k = normalizedShape.Length;
        if (k == 0 || input.Rank < k || !input.Shape.Skip(input.Rank - k).SequenceEqual(normalizedShape))
            throw new ArgumentException($"layer_norm: the input {Describe(input)} does not end with the normalized shape {Autograd.Shape.Format(normalizedShape)}.");
        foreach (var (name, t) in new[] { ("weight", weight), ("bias", bias) })
            if (t is not null && !t.Shape.SequenceEqual(normalizedShape))
                throw new ArgumentException($"layer_norm: expected {name} of shape {Autograd.Shape.Format(normalizedShape)}, got {Describe(t)}.");

        int[] dims = [.. Enumerable.Range(input.Rank - k, k)];
        using var mean = input.Mean(dims, keepDim: true);
        using var variance = input.Var(dims, correction: 0, keepDim: true);
        using var centered = input - mean;
        using var stabilised = variance + eps;
        using var invStd = stabilised.Rsqrt();
        return Affine(centered * invStd, weight, bias);
    }

    /// <summary>
    /// Batch normalisation (<c>F.batch_norm</c>) per channel (dimension 1) of x [N, C, …]:
    /// y = (x − μ) / √(σ² + ε) · γ + β. In training, μ and σ² are the batch's mean and biased variance over every
    /// dimension but 1, and the running statistics (if given) are updated in place:
    /// running ← (1 − momentum) · running + momentum · batch, with the unbiased variance (divisor n − 1) for
    /// running_var. In evaluation the running statistics are used instead.
    /// </summary>
    /// <param name="input">x [N, C] or [N, C, L] or [N, C, H, W].</param>
    /// <param name="runningMean">Running mean [C], updated in training; required when not training.</param>
    /// <param name="runningVar">Running variance [C], updated in training; required when not training.</param>
    /// <param name="weight">γ [C], or null for 1.</param>
    /// <param name="bias">β [C], or null for 0.</param>
    /// <param name="training">Use (and update) batch statistics rather than the running ones.</param>
    /// <param name="momentum">Weight of the new batch in the running averages.</param>
    /// <param name="eps">Added to the variance for numerical stability.</param>
    /// <exception cref="ArgumentException">Shapes do not match, or training with one value per channel.</exception>
    public static Tensor BatchNorm(Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight = null, Tensor? bias = null,
        bool training = false, double momentum = 0.1, double eps = 1e-5)
    {
        if (input.Rank < 2)
            throw new ArgumentException($"batch_norm: expected input [N, C, …], got {Describe(input)}.");
        int c = input.Shape[1];
        foreach (var (name, t) in new[] { ("running_mean", runningMean), ("running_var", runningVar), ("weight", weight), ("bias", bias) })
            if (t is not null && (t.Rank != 1 || t.Shape[0] != c))
                throw new ArgumentException($"batch_norm: expected {name} of shape [{c}] for input {Describe(input)}, got {Describe(t)}.");
        if (!training && (runningMean is null || runningVar is null))
            throw new ArgumentException("batch_norm: running_mean and running_var are required when not training.");
        int perChannel = input.Numel / Math.Max(c, 1);
        if (training && perChannel <= 1)
            throw new ArgumentException($"batch_norm: expected more than 1 value per channel when training, got input {Describe(input)}.");

        int[] statShape = [.. Enumerable.Range(0, input.Rank).Select(d => d == 1 ? c : 1)];
        int[] dims = [.. Enumerable.Range(0, input.Rank).Where(d => d != 1)];
        Tensor mean, variance;
        if (training)
        {
            mean = input.Mean(dims, keepDim: true);
            variance = input.Var(dims, correction: 0, keepDim: true);
            if (runningMean is not null && runningVar is not null)
                UpdateRunningStatistics(runningMean, runningVar, mean, variance, perChannel, momentum);
        }
        else
        {
            mean = runningMean!.Reshape(statShape);
            variance = runningVar!.Reshape(statShape);
        }
        using (mean)
        using (variance)
        {
            using var centered = input - mean;
            using var stabilised = variance + eps;
            using var invStd = stabilised.Rsqrt();
            using var gamma = weight?.Reshape(statShape);
            using var beta = bias?.Reshape(statShape);
            return Affine(centered * invStd, gamma, beta);
        }
    }

    private static void UpdateRunningStatistics(Tensor runningMean, Tensor runningVar, Tensor mean, Tensor variance, int n, double momentum)
    {
        using var noGrad = Tensor.NoGrad();
        int c = runningMean.Shape[0];
        using var batchMean = mean.Reshape(c);
        using var newMean = batchMean * momentum;
        runningMean.MulInPlace(1 - momentum).AddInPlace(newMean);
        using var batchVar = variance.Reshape(c);
        using var newVar = batchVar * (momentum * n / (n - 1));
        runningVar.MulInPlace(1 - momentum).AddInPlace(newVar);
    }

    /// <summary>normalized · γ + β, skipping a missing γ or β; takes ownership of <paramref name="normalized"/>.</summary>
    private static Tensor Affine(Tensor normalized, Tensor? weight, Tensor? bias)
    {
        var y = normalized;
        if (weight is not null)
        {
            using var unscaled = y;
            y = unscaled * weight;
        }
        if (bias is not null)
        {
            using var unshifted = y;
            y = unshifted + bias;
        }
        return y;
    }
}
