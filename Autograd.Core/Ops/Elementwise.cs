using Autograd.Kernels;

namespace Autograd;

/// <summary>
/// The shared plumbing of elementwise ops: dtype checks and promotion, broadcasting by stride 0 (the expanded
/// operand is never materialised), and allocation of the result. Each op file adds only its formula and backward.
/// </summary>
internal static class Elementwise
{
    /// <summary>y = op(x) for a floating-point x.</summary>
    public static Tensor Map<TOp>(string name, Tensor x, TOp op) where TOp : struct, IUnaryOp
    {
        RequireFloat(name, x);
        var y = Tensor.Empty(x.ShapeArray, x.DType, x.Device);
        x.Device.Map(op, x.Buffer, y.Buffer);
        return y;
    }

    /// <summary>y = op(a, b) with broadcasting; the result has the promoted dtype of a and b.</summary>
    public static Tensor Zip<TOp>(string name, Tensor a, Tensor b, TOp op, bool floatResult = false) where TOp : struct, IBinaryOp
    {
        a.CheckSameDevice(name, b);
        var dtype = DTypes.ResultType(a.DType, a.Rank, b.DType, b.Rank);
        if (dtype == DType.Bool || (floatResult && !dtype.IsFloatingPoint())) dtype = floatResult ? DType.Float32 : DType.Int32;
        var shape = Shape.BroadcastShared(name, a.ShapeArray, b.ShapeArray);
        var ca = Cast(a, dtype);
        var cb = Cast(b, dtype);
        var y = Tensor.Empty(shape, dtype, a.Device);
        a.Device.Zip(op, Broadcast(ca, shape), Broadcast(cb, shape), y.Buffer);
        if (!ReferenceEquals(ca, a)) ca.Dispose();
        if (!ReferenceEquals(cb, b)) cb.Dispose();
        return y;
    }

    /// <summary>y = op(a, b) as a Bool tensor, with broadcasting and promotion.</summary>
    public static Tensor Compare<TOp>(string name, Tensor a, Tensor b, TOp op) where TOp : struct, ICompareOp
    {
        a.CheckSameDevice(name, b);
        var dtype = DTypes.ResultType(a.DType, a.Rank, b.DType, b.Rank);
        if (dtype == DType.Bool) dtype = DType.Int32;
        var shape = Shape.BroadcastShared(name, a.ShapeArray, b.ShapeArray);
        var ca = Cast(a, dtype);
        var cb = Cast(b, dtype);
        var y = Tensor.Empty(shape, DType.Bool, a.Device);
        a.Device.Compare(op, Broadcast(ca, shape), Broadcast(cb, shape), y.Buffer);
        if (!ReferenceEquals(ca, a)) ca.Dispose();
        if (!ReferenceEquals(cb, b)) cb.Dispose();
        return y;
    }

    /// <summary>The tensor itself when it already has <paramref name="dtype"/>, else a cast copy (recording nothing).</summary>
    private static Tensor Cast(Tensor t, DType dtype)
    {
        if (t.DType == dtype) return t;
        using (Tensor.NoGrad()) return t.To(dtype);
    }

    /// <summary>
    /// A handle of <paramref name="t"/> in <paramref name="dtype"/>: a cast copy, or a new alias of the same
    /// elements, so callers can always dispose what they get.
    /// </summary>
    public static Tensor Converted(Tensor t, DType dtype)
    {
        if (t.DType != dtype)
        {
            using (Tensor.NoGrad()) return t.To(dtype);
        }
        return t.Alias(t.ShapeArray, t.StridesArray, t.StorageOffset);
    }

    /// <summary>The view of <paramref name="t"/> broadcast to <paramref name="shape"/> (stride 0 on repeated dimensions).</summary>
    public static StridedBuffer Broadcast(Tensor t, int[] shape)
    {
        if (Shape.Equal(t.ShapeArray, shape)) return t.Buffer;
        return new StridedBuffer(t.Storage, shape, BroadcastStrides(t.ShapeArray, t.StridesArray, shape), t.StorageOffset);
    }

    /// <summary>Strides that read a tensor of shape <paramref name="from"/> as if it had the broadcast shape <paramref name="to"/>.</summary>
    public static int[] BroadcastStrides(int[] from, int[] strides, int[] to)
    {
        var result = new int[to.Length];
        int shift = to.Length - from.Length;
        for (int i = 0; i < to.Length; i++)
        {
            int j = i - shift;
            result[i] = j < 0 || from[j] == 1 ? 0 : strides[j];
        }
        return result;
    }

    /// <summary>A 0-d tensor holding a C# scalar operand. It takes the tensor's dtype: a scalar never changes it, except
    /// that a fractional scalar with an integer tensor gives Float32, as in PyTorch.</summary>
    public static Tensor ScalarFor(Tensor like, double value)
    {
        var dtype = like.DType.IsFloatingPoint() || value == Math.Floor(value) ? like.DType : DType.Float32;
        if (dtype == DType.Bool) dtype = DType.Int32;
        return Tensor.Scalar(value, dtype, like.Device);
    }

    public static void RequireFloat(string name, Tensor x)
    {
        if (!x.DType.IsFloatingPoint())
            throw new ArgumentException($"{name}: expected a floating-point tensor, got {x.DType.Name()} of shape {Shape.Format(x.ShapeArray)}.");
    }
}
