namespace Autograd.Gpu.Kernels;

/// <summary>
/// Host-side construction of <see cref="Space"/> and <see cref="Strided"/> kernel arguments. Dimensions that are
/// laid out consecutively in every operand are merged first, so contiguous and simply broadcast tensors become a
/// single dimension and the kernel computes each offset with one multiplication.
/// </summary>
internal static class Layouts
{
    public const int MaxRank = 8;

    /// <summary>The joint iteration space of operands that share <paramref name="shape"/>, and each operand's strides in it.</summary>
    /// <exception cref="NotSupportedException">More than <see cref="MaxRank"/> dimensions remain after merging.</exception>
    public static (Space Space, Strided[] Operands) Build(string op, int[] shape, int chunkThreads, params ReadOnlySpan<StridedBuffer> operands) =>
        TryBuild(shape, chunkThreads, out var space, out var result, operands)
            ? (space, result)
            : throw new NotSupportedException($"{op}: the GPU kernels handle tensors of at most {MaxRank} dimensions that cannot be merged, got shape {Shape.Format(shape)}.");

    /// <summary>
    /// <see cref="Build"/>, or false when more than <see cref="MaxRank"/> dimensions remain after merging; elementwise
    /// primitives then run once per index of the first dimension (<see cref="Slice"/>), each with one dimension fewer.
    /// </summary>
    public static bool TryBuild(int[] shape, int chunkThreads, out Space space, out Strided[] operandStrides, params ReadOnlySpan<StridedBuffer> operands)
    {
        var strides = new int[operands.Length][];
        for (int k = 0; k < operands.Length; k++) strides[k] = operands[k].Strides;
        var (dims, merged) = Coalesce(shape, strides);
        if (dims.Length > MaxRank)
        {
            (space, operandStrides) = (default, []);
            return false;
        }
        space = SpaceOf(dims, chunkThreads);
        operandStrides = new Strided[operands.Length];
        for (int k = 0; k < operands.Length; k++) operandStrides[k] = StridedOf(merged[k], operands[k].Offset);
        return true;
    }

    /// <summary>Index <paramref name="i"/> of a buffer's first dimension: the same elements with one dimension fewer.</summary>
    public static StridedBuffer Slice(in StridedBuffer buffer, int i) =>
        new(buffer.Storage, buffer.Shape[1..], buffer.Strides[1..], buffer.Offset + i * buffer.Strides[0]);

    /// <summary>A space over <paramref name="dims"/> (already merged) split among at most <paramref name="threads"/> threads.</summary>
    public static Space SpaceOf(ReadOnlySpan<int> dims, int threads)
    {
        if (dims.Length > MaxRank)
            throw new NotSupportedException($"The GPU kernels handle at most {MaxRank} dimensions, got {dims.Length}.");
        Span<int> d = stackalloc int[MaxRank];
        d.Fill(1);
        dims.CopyTo(d[(MaxRank - dims.Length)..]);
        int count = Shape.Numel(dims);
        return new Space
        {
            Count = count,
            Chunk = Math.Max(1, (int)(((long)count + threads - 1) / Math.Max(threads, 1))),
            Rank = dims.Length,
            D0 = d[0], D1 = d[1], D2 = d[2], D3 = d[3], D4 = d[4], D5 = d[5], D6 = d[6], D7 = d[7],
        };
    }

    /// <summary>Right-aligned strides for a <see cref="Space"/> built from dimensions of the same count.</summary>
    public static Strided StridedOf(ReadOnlySpan<int> strides, int offset)
    {
        Span<int> s = stackalloc int[MaxRank];
        s.Clear();
        strides.CopyTo(s[(MaxRank - strides.Length)..]);
        return new Strided { Offset = offset, S0 = s[0], S1 = s[1], S2 = s[2], S3 = s[3], S4 = s[4], S5 = s[5], S6 = s[6], S7 = s[7] };
    }

    /// <summary>The same dimensions, but <paramref name="jobs"/> work items split among at most <paramref name="threads"/> threads.</summary>
    public static Space WithJobs(Space space, int jobs, int threads)
    {
        space.Count = jobs;
        space.Chunk = Math.Max(1, (int)(((long)jobs + threads - 1) / Math.Max(threads, 1)));
        return space;
    }

    /// <summary>Number of launch threads for a space: one per chunk.</summary>
    public static int Threads(Space space) => space.Count == 0 ? 0 : (int)(((long)space.Count + space.Chunk - 1) / space.Chunk);

    private static (int[] Dims, int[][] Strides) Coalesce(int[] shape, int[][] strides)
    {
        int operands = strides.Length;
        var dims = new List<int>(shape.Length);
        var merged = new List<int>[operands];
        for (int k = 0; k < operands; k++) merged[k] = new List<int>(shape.Length);
        for (int d = 0; d < shape.Length; d++)
        {
            if (shape[d] == 1) continue;
            int last = dims.Count - 1;
            bool canMerge = last >= 0;
            for (int k = 0; k < operands && canMerge; k++)
                canMerge = merged[k][last] == strides[k][d] * shape[d];
            if (canMerge)
            {
                dims[last] *= shape[d];
                for (int k = 0; k < operands; k++) merged[k][last] = strides[k][d];
            }
            else
            {
                dims.Add(shape[d]);
                for (int k = 0; k < operands; k++) merged[k].Add(strides[k][d]);
            }
        }
        var result = new int[operands][];
        for (int k = 0; k < operands; k++) result[k] = merged[k].ToArray();
        return (dims.ToArray(), result);
    }
}
