namespace Autograd.Nn.Distributed;

/// <summary>Tensor-level collectives and failure handling on top of <see cref="IProcessGroup"/>'s spans.</summary>
public static class ProcessGroupExtensions
{
    /// <summary>
    /// Sums a Float32 or Float64 tensor across ranks, in place, on every rank: t ← Σ_r t_r. The values travel through
    /// host memory, so the tensor may live on any device.
    /// </summary>
    /// <exception cref="ArgumentException">The tensor is not Float32 or Float64.</exception>
    public static void AllReduceSum(this IProcessGroup group, Tensor tensor) =>
        Collective(tensor, "AllReduceSum", group.AllReduceSum, group.AllReduceSum);

    /// <summary>Copies rank <paramref name="root"/>'s values of a Float32 or Float64 tensor into it on every rank, in place.</summary>
    /// <exception cref="ArgumentException">The tensor is not Float32 or Float64.</exception>
    public static void Broadcast(this IProcessGroup group, Tensor tensor, int root = 0) =>
        Collective(tensor, "Broadcast", values => group.Broadcast(values, root), values => group.Broadcast(values, root));

    /// <summary>
    /// The mean over ranks of a per-rank metric, weighted by each rank's <paramref name="count"/> (samples): Σ value_r·count_r / Σ count_r.
    /// A loss averaged over a rank's samples becomes the loss averaged over all samples. Every rank gets the same result.
    /// </summary>
    /// <returns>The weighted mean, and the total count; the mean is NaN when no rank had any samples.</returns>
    public static (double Mean, double Count) AverageMetric(this IProcessGroup group, double value, double count)
    {
        Span<double> sums = [value * count, count];
        group.AllReduceSum(sums);
        return (sums[1] > 0 ? sums[0] / sums[1] : double.NaN, sums[1]);
    }

    /// <summary>
    /// Runs this rank's part of the job; if it throws, aborts the whole group (naming the rank and the error) so no
    /// other rank hangs in a collective, then rethrows (for <see cref="MpiProcessGroup"/> the abort ends the process).
    /// </summary>
    public static void RunOrAbort(this IProcessGroup group, Action body)
    {
        try
        {
            body();
        }
        catch (Exception error) when (error is not ProcessGroupAbortedException)
        {
            group.Abort($"rank {group.Rank} of {group.Size} failed: {error.GetType().Name}: {error.Message}");
            throw;
        }
    }

    private delegate void SpanAction<T>(Span<T> values);

    private static void Collective(Tensor tensor, string name, SpanAction<double> onDoubles, SpanAction<float> onFloats)
    {
        using var noGrad = Tensor.NoGrad();
        switch (tensor.DType)
        {
            case DType.Float64:
            {
                var values = tensor.ToArray<double>();
                onDoubles(values);
                WriteBack(tensor, Tensor.From(values, [.. tensor.Shape]));
                break;
            }
            case DType.Float32:
            {
                var values = tensor.ToArray<float>();
                onFloats(values);
                WriteBack(tensor, Tensor.From(values, [.. tensor.Shape]));
                break;
            }
            default:
                throw new ArgumentException($"{name}: only Float32 and Float64 tensors can be reduced or broadcast, got {tensor.DType}.", nameof(tensor));
        }
    }

    private static void WriteBack(Tensor target, Tensor hostValues)
    {
        using (hostValues)
        {
            if (ReferenceEquals(hostValues.Device, target.Device))
            {
                target.CopyFrom(hostValues);
                return;
            }
            using var moved = hostValues.To(target.Device);
            target.CopyFrom(moved);
        }
    }
}
