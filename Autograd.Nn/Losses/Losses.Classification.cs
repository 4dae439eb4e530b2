using System.Buffers;

namespace Autograd.Nn;

public static partial class Losses
{
    /// <summary>
    /// Cross-entropy between raw scores and class indices (<c>torch.nn.functional.cross_entropy</c>): log-softmax over
    /// the class dimension, then <see cref="NllLoss"/>. Shapes: logits [N, C] with target [N]; [N, C, d₁, …] with
    /// target [N, d₁, …]; or one sample, [C] with a 0-d target. Targets are Int32 class indices in [0, C), or
    /// <paramref name="ignoreIndex"/> for positions that count for nothing.
    /// </summary>
    /// <remarks>
    /// With class weights w the mean is PyTorch's weighted mean, Σₙ w[tₙ]·ℓₙ / Σₙ w[tₙ] over non-ignored n, not a plain mean.
    /// Label smoothing ε mixes in the uniform distribution: ℓ = (1 − ε)·nll + (ε / C)·smooth, where
    /// smoothₙ = −Σ_c w_c · log pₙ,c (0 for ignored n) is reduced with the same denominator as nll.
    /// </remarks>
    /// <exception cref="ArgumentException">Bad shapes or dtypes, a target outside [0, C) other than ignoreIndex, or ε outside [0, 1].</exception>
    public static Tensor CrossEntropy(Tensor logits, Tensor target, Reduction reduction = Reduction.Mean, int ignoreIndex = -100,
        double labelSmoothing = 0, Tensor? weight = null)
    {
        const string op = "cross_entropy";
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1))
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), $"{op}: label smoothing must be in [0, 1], got {labelSmoothing}.");
        int classDim = CheckClassification(op, logits, target, ignoreIndex, weight, out bool anyIgnored);
        using var scope = Tensor.Scope();
        var logProbs = logits.LogSoftmax(classDim);
        if (weight is null && !anyIgnored && labelSmoothing == 0) return scope.Keep(UnweightedNll(logProbs, target, classDim, reduction));
        var (picked, sampleWeights, ignored) = PickTargets(logProbs, target, ignoreIndex, weight, classDim);
        var nll = ReduceWeighted(-(picked * sampleWeights), sampleWeights, reduction);
        if (labelSmoothing == 0) return scope.Keep(nll);

        var weighted = weight is null ? logProbs : logProbs * ClassWeightsAlong(weight, logProbs.Rank, classDim);
        var smooth = (-weighted.Sum(classDim)).MaskedFill(ignored, 0);
        var smoothReduced = ReduceWeighted(smooth, sampleWeights, reduction);
        int classes = logits.Size(classDim);
        return scope.Keep(nll * (1 - labelSmoothing) + smoothReduced * (labelSmoothing / classes));
    }

    /// <summary>
    /// Negative log-likelihood of log-probabilities (<c>torch.nn.functional.nll_loss</c>): ℓₙ = −w[tₙ] · x[n, tₙ],
    /// 0 where tₙ = <paramref name="ignoreIndex"/>. Mean is the weighted mean Σ ℓₙ / Σ w[tₙ] over non-ignored n
    /// (NaN when every target is ignored, as in PyTorch). Shapes as in <see cref="CrossEntropy"/>.
    /// </summary>
    public static Tensor NllLoss(Tensor logProbs, Tensor target, Reduction reduction = Reduction.Mean, int ignoreIndex = -100, Tensor? weight = null)
    {
        int classDim = CheckClassification("nll_loss", logProbs, target, ignoreIndex, weight, out bool anyIgnored);
        using var scope = Tensor.Scope();
        if (weight is null && !anyIgnored) return scope.Keep(UnweightedNll(logProbs, target, classDim, reduction));
        var (picked, sampleWeights, _) = PickTargets(logProbs, target, ignoreIndex, weight, classDim);
        return scope.Keep(ReduceWeighted(-(picked * sampleWeights), sampleWeights, reduction));
    }

    /// <summary>
    /// The loss when every position counts with weight 1 (no class weights, no ignored target): −x[n, tₙ], summed or
    /// averaged over the positions. The general path gives bit-identical values and gradients here (its products by 1
    /// and its sum of ones are exact) with twice the ops.
    /// </summary>
    private static Tensor UnweightedNll(Tensor x, Tensor target, int classDim, Reduction reduction)
    {
        var losses = -x.Gather(classDim, target.Unsqueeze(classDim)).Squeeze(classDim);
        return reduction switch
        {
            Reduction.None => losses,
            Reduction.Sum => losses.Sum(),
            _ => losses.Sum() / target.Numel,
        };
    }

    /// <summary>
    /// Each position's entry at its target class, x[n, tₙ], its weight w[tₙ] (0 where ignored) and the ignored mask.
    /// Ignored targets are replaced by class 0 before the gather, so the gather stays in range; their weight of 0
    /// removes them again.
    /// </summary>
    private static (Tensor Picked, Tensor SampleWeights, Tensor Ignored) PickTargets(Tensor x, Tensor target, int ignoreIndex, Tensor? weight, int classDim)
    {
        var ignored = target.Eq(ignoreIndex);
        var safeTarget = target.MaskedFill(ignored, 0);
        var picked = x.Gather(classDim, safeTarget.Unsqueeze(classDim)).Squeeze(classDim);
        var sampleWeights = weight is null
            ? ignored.LogicalNot().To(x.DType)
            : weight.IndexSelect(0, safeTarget.Flatten()).Reshape(target.Shape.ToArray()).MaskedFill(ignored, 0);
        return (picked, sampleWeights, ignored);
    }

    private static Tensor ReduceWeighted(Tensor losses, Tensor sampleWeights, Reduction reduction) => reduction switch
    {
        Reduction.None => losses,
        Reduction.Sum => losses.Sum(),
        _ => losses.Sum() / sampleWeights.Sum(),
    };

    /// <summary>The class weights shaped to broadcast along <paramref name="classDim"/> of a rank-<paramref name="rank"/> tensor.</summary>
    private static Tensor ClassWeightsAlong(Tensor weight, int rank, int classDim)
    {
        var shape = Enumerable.Repeat(1, rank).ToArray();
        shape[classDim] = weight.Size(0);
        return weight.Reshape(shape);
    }

    /// <summary>Checks shapes, dtypes and target values; returns the class dimension (1, or 0 for a single sample).</summary>
    private static int CheckClassification(string op, Tensor scores, Tensor target, int ignoreIndex, Tensor? weight, out bool anyIgnored)
    {
        if (!scores.DType.IsFloatingPoint())
            throw new ArgumentException($"{op}: expected floating-point scores, got {scores.DType.Name()} of shape {Format(scores)}.");
        if (target.DType != DType.Int32)
            throw new ArgumentException($"{op}: expected Int32 class indices as the target, got {target.DType.Name()} of shape {Format(target)}.");
        if (scores.Rank == 0)
            throw new ArgumentException($"{op}: the scores must have a class dimension, got a 0-d tensor.");
        int classDim = scores.Rank == 1 ? 0 : 1;
        int classes = scores.Size(classDim);
        bool shapeMatches = target.Rank == scores.Rank - 1;
        for (int i = 0, j = 0; shapeMatches && i < scores.Rank; i++)
            if (i != classDim) shapeMatches = target.Size(j++) == scores.Size(i);
        if (!shapeMatches)
            throw new ArgumentException($"{op}: for scores of shape {Format(scores)} the target must have shape " +
                                        $"{Shape.Format(WithoutDim(scores.Shape, classDim))}, got {Format(target)}.");
        if (weight is not null && (weight.Rank != 1 || weight.Size(0) != classes || weight.DType != scores.DType))
            throw new ArgumentException($"{op}: the class weights must be a {scores.DType.Name()} vector of {classes} (one per class), got {weight.DType.Name()} {Format(weight)}.");

        // Read into the stack (or a pooled array for large targets): checking must not allocate on every step.
        int n = target.Numel;
        int[]? rented = n > 256 ? ArrayPool<int>.Shared.Rent(n) : null;
        Span<int> values = rented is null ? stackalloc int[n] : rented.AsSpan(0, n);
        try
        {
            target.CopyTo(values);
            anyIgnored = false;
            for (int i = 0; i < n; i++)
            {
                anyIgnored |= values[i] == ignoreIndex;
                if (values[i] != ignoreIndex && (values[i] < 0 || values[i] >= classes))
                    throw new ArgumentException($"{op}: target {values[i]} (at flat position {i}) is out of bounds for {classes} classes; valid targets are 0..{classes - 1} or the ignore index {ignoreIndex}.");
            }
        }
        finally
        {
            if (rented is not null) ArrayPool<int>.Shared.Return(rented);
        }
        return classDim;
    }

    // A helper rather than a lambda in CheckClassification: its closure over the class dimension would be allocated
    // on every call, not only when the shapes are wrong.
    private static int[] WithoutDim(IReadOnlyList<int> shape, int dim) => [.. shape.Take(dim), .. shape.Skip(dim + 1)];
}
