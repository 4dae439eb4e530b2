namespace Autograd;

/// <summary>Shape arithmetic shared by ops and devices: element counts, strides, broadcasting and formatting.</summary>
public static class Shape
{
    /// <summary>Product of the dimensions (1 for a scalar shape).</summary>
    public static int Numel(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (int d in shape) n *= d;
        if (n > int.MaxValue) throw new ArgumentException($"A tensor of shape {Format(shape)} has more than 2^31 elements.");
        return (int)n;
    }

    /// <summary>Row-major strides of a dense tensor of this shape.</summary>
    public static int[] ContiguousStrides(ReadOnlySpan<int> shape)
    {
        if (shape.IsEmpty) return [];
        var strides = new int[shape.Length];
        int s = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= Math.Max(shape[i], 1);
        }
        return strides;
    }

    // A few recently used shapes and their row-major strides, per thread. The keys are private copies (a caller's
    // array may change later); the strides arrays are shared by the tensors created with them, which never write them.
    private const int StridesCacheSize = 16;
    [ThreadStatic] private static int[][]? _stridesCache;

    /// <summary>
    /// <see cref="ContiguousStrides"/> as a shared, read-only array: a training step creates hundreds of tensors of a
    /// handful of shapes, so their strides are built once rather than once per tensor.
    /// </summary>
    internal static int[] SharedContiguousStrides(int[] shape)
    {
        if (shape.Length == 0) return [];
        var cache = _stridesCache ??= new int[2 * StridesCacheSize][];
        uint hash = 2166136261;
        foreach (int d in shape) hash = (hash ^ (uint)d) * 16777619;
        int slot = 2 * (int)(hash % StridesCacheSize);
        if (cache[slot] is { } key && key.AsSpan().SequenceEqual(shape)) return cache[slot + 1];
        var strides = ContiguousStrides(shape);
        cache[slot] = (int[])shape.Clone();
        cache[slot + 1] = strides;
        return strides;
    }

    /// <summary>
    /// <see cref="Broadcast"/> that returns <paramref name="a"/> or <paramref name="b"/> itself when it already is the
    /// broadcast shape, for ops whose result may share its operand's (never written) shape array.
    /// </summary>
    internal static int[] BroadcastShared(string op, int[] a, int[] b)
    {
        if (a.AsSpan().SequenceEqual(b)) return a;
        var shape = Broadcast(op, a, b);
        if (shape.AsSpan().SequenceEqual(a)) return a;
        return shape.AsSpan().SequenceEqual(b) ? b : shape;
    }

    /// <summary>True when the strides are row-major for this shape (dimensions of size 1 may have any stride).</summary>
    public static bool IsContiguous(ReadOnlySpan<int> shape, ReadOnlySpan<int> strides)
    {
        int expected = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            if (shape[i] == 1) continue;
            if (strides[i] != expected) return false;
            expected *= shape[i];
        }
        return true;
    }

    /// <summary>
    /// The broadcast shape of two shapes (NumPy rules: align on the right, sizes equal or one of them 1).
    /// </summary>
    /// <exception cref="ArgumentException">The shapes cannot be broadcast; the message names <paramref name="op"/>.</exception>
    public static int[] Broadcast(string op, ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        int n = Math.Max(a.Length, b.Length);
        var result = new int[n];
        for (int i = 0; i < n; i++)
        {
            int da = i < n - a.Length ? 1 : a[i - (n - a.Length)];
            int db = i < n - b.Length ? 1 : b[i - (n - b.Length)];
            if (da != db && da != 1 && db != 1)
                throw new ArgumentException($"{op}: shapes {Format(a)} and {Format(b)} cannot be broadcast (dimension {i - n}: {da} vs {db}).");
            result[i] = da == 1 ? db : da;
        }
        return result;
    }

    /// <summary>
    /// Makes a possibly negative dimension index of a tensor of <paramref name="shape"/> non-negative (−1 is the last);
    /// the error names the op and the shape. With <paramref name="newDimension"/> the index is where a dimension is
    /// inserted (<c>unsqueeze</c>, <c>stack</c>), so it ranges over rank + 1 positions. A 0-d tensor accepts 0 and −1.
    /// </summary>
    public static int NormalizeDim(string op, int dim, IReadOnlyList<int> shape, bool newDimension = false)
    {
        int r = Math.Max(shape.Count + (newDimension ? 1 : 0), 1);
        if (dim < -r || dim >= r)
            throw new ArgumentOutOfRangeException(nameof(dim), $"{op}: dimension {dim} is out of range for a tensor of shape {Format(shape.ToArray())} (expected -{r}..{r - 1}).");
        return dim < 0 ? dim + r : dim;
    }

    /// <summary>Formats a shape as PyTorch does in messages: <c>[2, 3]</c>.</summary>
    public static string Format(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";

    /// <summary>True when both shapes have the same dimensions.</summary>
    public static bool Equal(ReadOnlySpan<int> a, ReadOnlySpan<int> b) => a.SequenceEqual(b);
}
