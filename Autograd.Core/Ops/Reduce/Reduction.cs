using Autograd.Kernels;

namespace Autograd;

/// <summary>
/// Shared plumbing of reductions: normalising the dimension list, moving the reduced dimensions last (a
/// permuted view, not a copy) and shaping the result with or without keepDim.
/// </summary>
internal static class Reduction
{
    /// <summary>The sorted, normalised, distinct dimensions to reduce (all when <paramref name="dims"/> is null).</summary>
    public static int[] Normalize(string op, Tensor x, int[]? dims)
    {
        if (dims is null) return Enumerable.Range(0, x.Rank).ToArray();
        var result = dims.Select(d => Shape.NormalizeDim(op, d, x.Rank)).Distinct().Order().ToArray();
        if (result.Length != dims.Length) throw new ArgumentException($"{op}: dimension list {Shape.Format(dims)} repeats a dimension.");
        return x.Rank == 0 ? [] : result;
    }

    /// <summary>The result shape after reducing <paramref name="dims"/>.</summary>
    public static int[] ReducedShape(int[] shape, int[] dims, bool keepDim)
    {
        var result = new List<int>(shape.Length);
        for (int i = 0; i < shape.Length; i++)
        {
            if (Array.IndexOf(dims, i) < 0) result.Add(shape[i]);
            else if (keepDim) result.Add(1);
        }
        return [.. result];
    }

    /// <summary>x viewed with the kept dimensions first and the reduced ones last.</summary>
    public static StridedBuffer ReducedLast(Tensor x, int[] dims)
    {
        var order = Enumerable.Range(0, x.Rank).Where(d => Array.IndexOf(dims, d) < 0).Concat(dims).ToArray();
        return new StridedBuffer(x.Storage, order.Select(d => x.ShapeArray[d]).ToArray(), order.Select(d => x.StridesArray[d]).ToArray(), x.StorageOffset);
    }

    /// <summary>Runs a fold over <paramref name="dims"/> and returns the shaped result.</summary>
    public static Tensor Run<TOp>(string op, Tensor x, int[]? dims, bool keepDim, TOp kernel, bool integerResult = false) where TOp : struct, IReduceOp
    {
        var d = Normalize(op, x, dims);
        var source = x.DType == DType.Bool ? Elementwise.Converted(x, DType.Int32) : x;
        var shape = ReducedShape(x.ShapeArray, d, keepDim);
        var y = Tensor.Empty(shape, integerResult ? DType.Int32 : source.DType, x.Device);
        var yKept = new StridedBuffer(y.Storage, ReducedShape(x.ShapeArray, d, false), Shape.ContiguousStrides(ReducedShape(x.ShapeArray, d, false)), 0);
        x.Device.Reduce(kernel, ReducedLast(source, d), d.Length, yKept);
        if (!ReferenceEquals(source, x)) source.Dispose();
        return y;
    }

    /// <summary>Reshapes a reduced gradient so it broadcasts against the input again (re-inserting size-1 dimensions).</summary>
    public static Tensor Unreduce(Tensor g, int[] inputShape, int[]? dims, bool keepDim)
    {
        if (keepDim || inputShape.Length == 0) return g.Reshape(Reduction.ReducedShape(inputShape, dims ?? Enumerable.Range(0, inputShape.Length).ToArray(), true));
        var d = dims is null ? Enumerable.Range(0, inputShape.Length).ToArray() : dims.Select(i => i < 0 ? i + inputShape.Length : i).ToArray();
        return g.Reshape(ReducedShape(inputShape, d, true));
    }
}
