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
        if (dims is null) return AllDims(x.Rank);
        var result = new int[dims.Length];
        for (int i = 0; i < dims.Length; i++) result[i] = Shape.NormalizeDim(op, dims[i], x.ShapeArray);
        Array.Sort(result);
        for (int i = 1; i < result.Length; i++)
            if (result[i] == result[i - 1])
                throw new ArgumentException($"{op}: dimension list {Shape.Format(dims)} repeats a dimension of the tensor of shape {Shape.Format(x.ShapeArray)}.");
        return x.Rank == 0 ? [] : result;
    }


    /// <summary>
    /// <see cref="Normalize"/> for folds without an identity (max, min): an empty list means every dimension, and no
    /// reduced dimension may be empty.
    /// </summary>
    public static int[] NormalizeNonEmpty(string op, Tensor x, int[] dims)
    {
        var result = Normalize(op, x, dims.Length == 0 ? null : dims);
        foreach (int d in result)
            if (x.ShapeArray[d] == 0)
                throw new ArgumentException($"{op}: cannot reduce dimension {d} of size 0 in a tensor of shape {Shape.Format(x.ShapeArray)}.");
        return result;
    }

    /// <summary>The result shape after reducing <paramref name="dims"/>.</summary>
    public static int[] ReducedShape(int[] shape, int[] dims, bool keepDim)
    {
        var result = new int[keepDim ? shape.Length : shape.Length - dims.Length];
        for (int i = 0, j = 0; i < shape.Length; i++)
        {
            if (Array.IndexOf(dims, i) < 0) result[j++] = shape[i];
            else if (keepDim) result[j++] = 1;
        }
        return result;
    }

    /// <summary>x viewed with the kept dimensions first and the reduced ones last.</summary>
    public static StridedBuffer ReducedLast(Tensor x, int[] dims)
    {
        var shape = new int[x.Rank];
        var strides = new int[x.Rank];
        int kept = x.Rank - dims.Length, j = 0;
        for (int d = 0; d < x.Rank; d++)
        {
            if (Array.IndexOf(dims, d) >= 0) continue;
            shape[j] = x.ShapeArray[d];
            strides[j++] = x.StridesArray[d];
        }
        for (int i = 0; i < dims.Length; i++)
        {
            shape[kept + i] = x.ShapeArray[dims[i]];
            strides[kept + i] = x.StridesArray[dims[i]];
        }
        return new StridedBuffer(x.Storage, shape, strides, x.StorageOffset);
    }

    /// <summary>Runs a fold over <paramref name="dims"/> and returns the shaped result.</summary>
    public static Tensor Run<TOp>(string op, Tensor x, int[]? dims, bool keepDim, TOp kernel, bool integerResult = false) where TOp : struct, IReduceOp
    {
        var d = Normalize(op, x, dims);
        var source = x.DType == DType.Bool ? Elementwise.Converted(x, DType.Int32) : x;
        var shape = ReducedShape(x.ShapeArray, d, keepDim);
        var y = Tensor.Empty(shape, integerResult ? DType.Int32 : source.DType, x.Device);
        var keptShape = keepDim ? ReducedShape(x.ShapeArray, d, false) : shape;
        var yKept = new StridedBuffer(y.Storage, keptShape, keepDim ? Shape.ContiguousStrides(keptShape) : y.StridesArray, 0);
        x.Device.Reduce(kernel, ReducedLast(source, d), d.Length, yKept);
        if (!ReferenceEquals(source, x)) source.Dispose();
        return y;
    }

    /// <summary>Every dimension of a rank-<paramref name="rank"/> tensor, in order.</summary>
    public static int[] AllDims(int rank)
    {
        var dims = new int[rank];
        for (int i = 0; i < rank; i++) dims[i] = i;
        return dims;
    }

    /// <summary>How many input elements fold into each result element (1 for a reduction over no dimensions).</summary>
    public static int Count(int[] shape, int[] dims)
    {
        int n = 1;
        foreach (int d in dims) n *= shape[d];
        return n;
    }

    /// <summary>
    /// The largest (or smallest) element along one dimension and its first position. Shared by Max/Min(dim) and
    /// ArgMax/ArgMin; neither result records a node here.
    /// </summary>
    public static (Tensor Values, Tensor Indices) ArgReduce(string op, Tensor x, int dim, bool keepDim, bool max)
    {
        int d = Shape.NormalizeDim(op, dim, x.ShapeArray);
        if (x.Rank > 0 && x.ShapeArray[d] == 0)
            throw new ArgumentException($"{op}: cannot reduce dimension {dim} of size 0 in a tensor of shape {Shape.Format(x.ShapeArray)}.");
        int[] dims = x.Rank == 0 ? [] : [d];
        using var source = Elementwise.Converted(x, x.DType == DType.Bool ? DType.Int32 : x.DType);
        var kept = ReducedShape(x.ShapeArray, dims, false);
        var keptStrides = Shape.ContiguousStrides(kept);
        var values = Tensor.Empty(ReducedShape(x.ShapeArray, dims, keepDim), source.DType, x.Device);
        var indices = Tensor.Empty(ReducedShape(x.ShapeArray, dims, keepDim), DType.Int32, x.Device);
        // A 0-d tensor is its own maximum: read it as a row of one element.
        var rows = x.Rank == 0 ? new StridedBuffer(source.Storage, [1], [1], source.StorageOffset) : ReducedLast(source, dims);
        x.Device.ArgReduce(max, rows, new StridedBuffer(values.Storage, kept, keptStrides, 0), new StridedBuffer(indices.Storage, kept, keptStrides, 0));
        if (x.DType != DType.Bool) return (values, indices);
        using (values) return (values.To(DType.Bool), indices);
    }

    /// <summary>
    /// The gradient of a max/min reduction that selected by value: the gradient of each result is shared evenly
    /// among the input elements equal to it (PyTorch's scale_grad_by_count / evenly_distribute_backward).
    /// </summary>
    public static Tensor ShareAmongTies(Tensor g, Tensor x, Tensor y, int[] dims, bool keepDim)
    {
        var gKept = Unreduce(g, x.ShapeArray, dims, keepDim);
        var yKept = Unreduce(y, x.ShapeArray, dims, keepDim);
        var mask = Elementwise.Compare("max", x, yKept, new SameValueOp()).To(g.DType);
        return gKept / mask.Sum(dims, keepDim: true) * mask;
    }

    /// <summary>
    /// The gradient of a max/min reduction that selected by position: each result's gradient goes to the element
    /// at its index along <paramref name="dim"/>, zeros elsewhere.
    /// </summary>
    public static Tensor ToSelected(Tensor g, Tensor indices, int[] inputShape, int dim, bool keepDim)
    {
        int[] dims = inputShape.Length == 0 ? [] : [dim];
        var gKept = Unreduce(g, inputShape, dims, keepDim);
        var indicesKept = Unreduce(indices, inputShape, dims, keepDim);
        var positionShape = inputShape.Select((n, i) => i == dim ? n : 1).ToArray();
        var positions = Tensor.Arange(inputShape.Length == 0 ? 1 : inputShape[dim], DType.Int32, g.Device).Reshape(positionShape);
        var onehot = Elementwise.Compare("max", indicesKept, positions, new EqOp()).To(g.DType);
        return gKept * onehot;
    }

    /// <summary>Reshapes a reduced gradient so it broadcasts against the input again (re-inserting size-1 dimensions).</summary>
    public static Tensor Unreduce(Tensor g, int[] inputShape, int[]? dims, bool keepDim)
    {
        if (keepDim || inputShape.Length == 0) return g.Reshape(ReducedShape(inputShape, dims ?? AllDims(inputShape.Length), true));
        var d = dims is null ? AllDims(inputShape.Length) : new int[dims.Length];
        // A loop rather than a lambda: the closure over the rank would be allocated on every backward pass.
        if (dims is not null)
            for (int i = 0; i < dims.Length; i++) d[i] = dims[i] < 0 ? dims[i] + inputShape.Length : dims[i];
        return g.Reshape(ReducedShape(inputShape, d, true));
    }
}
