using System.Buffers;

namespace Autograd;

/// <summary>
/// Shared checks of the indexing ops: the index tensor's dtype and device, and every index value against the size of
/// the dimension it addresses, all before any work (the device kernels trust their indices).
/// </summary>
internal static class Indexing
{
    /// <summary>Throws unless <paramref name="index"/> is an Int32 tensor on x's device whose values all lie in [0, size).</summary>
    public static void CheckValues(string op, Tensor x, Tensor index, int dim, int size)
    {
        x.CheckSameDevice(op, index);
        if (index.DType != DType.Int32)
            throw new ArgumentException($"{op}: expected an Int32 index tensor, got {index.DType.Name()} of shape {Shape.Format(index.ShapeArray)}.");
        // Read into the stack (or a pooled array for large indices): checking must not allocate on every gather.
        int n = index.Numel;
        int[]? rented = n > 256 ? ArrayPool<int>.Shared.Rent(n) : null;
        Span<int> values = rented is null ? stackalloc int[n] : rented.AsSpan(0, n);
        try
        {
            index.CopyTo(values);
            foreach (int i in values)
            {
                if (i < 0 || i >= size)
                    throw new ArgumentOutOfRangeException(nameof(index), $"{op}: index {i} is out of bounds for dimension {dim} with size {size}.");
            }
        }
        finally
        {
            if (rented is not null) ArrayPool<int>.Shared.Return(rented);
        }
    }

    /// <summary>A contiguous handle on t's elements that the caller disposes: a new alias, or a copy when t is strided.</summary>
    public static Tensor Dense(Tensor t)
    {
        if (t.IsContiguous) return t.Alias(t.ShapeArray, t.StridesArray, t.StorageOffset);
        using (Tensor.NoGrad()) return t.Clone();
    }

    /// <summary>Throws unless the index has the same number of dimensions as the tensor it addresses.</summary>
    public static void CheckSameRank(string op, Tensor x, Tensor index, string what)
    {
        if (x.Rank == 0) throw new ArgumentException($"{op}: expected a tensor with at least one dimension, got a 0-d {what}.");
        if (index.Rank != x.Rank)
            throw new ArgumentException($"{op}: the index {Shape.Format(index.ShapeArray)} must have as many dimensions as the {what} {Shape.Format(x.ShapeArray)}.");
    }
}
