namespace Autograd;

public sealed partial class CpuDevice
{
    // The indexing primitives take contiguous operands (the ops make them so): each is then a loop over
    // [outer, dim, inner] blocks, which is both the simplest and the fastest layout to walk.

    /// <inheritdoc/>
    public override void IndexSelect(in StridedBuffer x, int dim, in StridedBuffer index, in StridedBuffer y) =>
        IndexCopy(x, dim, index, y, add: false);

    /// <inheritdoc/>
    public override void IndexAdd(in StridedBuffer y, int dim, in StridedBuffer index, in StridedBuffer src) =>
        IndexCopy(src, dim, index, y, add: true);

    /// <summary>
    /// select: to[o, i, r] = from[o, index[i], r]; add: to[o, index[i], r] += from[o, i, r].
    /// </summary>
    private static void IndexCopy(StridedBuffer from, int dim, StridedBuffer index, StridedBuffer to, bool add)
    {
        var idx = Cpu(index.Storage).Array<int>();
        int count = index.Count, io = index.Offset;
        var full = add ? to.Shape : from.Shape;
        int outer = Shape.Numel(full.AsSpan(0, dim));
        int inner = Shape.Numel(full.AsSpan(dim + 1));
        int extent = full[dim];
        switch (from.DType)
        {
            case DType.Float32: Run(Cpu(from.Storage).Array<float>(), Cpu(to.Storage).Array<float>()); break;
            case DType.Float64: Run(Cpu(from.Storage).Array<double>(), Cpu(to.Storage).Array<double>()); break;
            case DType.Int32: Run(Cpu(from.Storage).Array<int>(), Cpu(to.Storage).Array<int>()); break;
            default: Run(Cpu(from.Storage).Array<bool>(), Cpu(to.Storage).Array<bool>()); break;
        }

        void Run<T>(T[] s, T[] d) where T : unmanaged
        {
            for (int o = 0; o < outer; o++)
                for (int i = 0; i < count; i++)
                {
                    int j = idx[io + i];
                    if (add)
                        AddInto(s.AsSpan(from.Offset + (o * count + i) * inner, inner), d.AsSpan(to.Offset + (o * extent + j) * inner, inner));
                    else
                        s.AsSpan(from.Offset + (o * extent + j) * inner, inner).CopyTo(d.AsSpan(to.Offset + (o * count + i) * inner, inner));
                }
        }
    }

    private static void AddInto<T>(ReadOnlySpan<T> from, Span<T> to) where T : unmanaged
    {
        for (int k = 0; k < from.Length; k++) to[k] = Plus(to[k], from[k]);
    }

    /// <inheritdoc/>
    public override void Gather(in StridedBuffer x, int dim, in StridedBuffer index, in StridedBuffer y) =>
        GatherScatter(x, dim, index, y, scatter: false);

    /// <inheritdoc/>
    public override void ScatterAdd(in StridedBuffer y, int dim, in StridedBuffer index, in StridedBuffer src) =>
        GatherScatter(y, dim, index, src, scatter: true);

    /// <summary>gather: small[p] = big[p with coordinate dim replaced by index[p]]; scatter-add: the reverse, summed.</summary>
    private static void GatherScatter(StridedBuffer big, int dim, StridedBuffer index, StridedBuffer small, bool scatter)
    {
        var idx = Cpu(index.Storage).Array<int>();
        var shape = index.Shape;
        int outer = Shape.Numel(shape.AsSpan(0, dim));
        int inner = Shape.Numel(shape.AsSpan(dim + 1));
        int count = shape[dim];
        var bigStrides = Shape.ContiguousStrides(big.Shape);
        int bigDimStride = bigStrides[dim];
        switch (big.DType)
        {
            case DType.Float32: Run(Cpu(big.Storage).Array<float>(), Cpu(small.Storage).Array<float>()); break;
            case DType.Float64: Run(Cpu(big.Storage).Array<double>(), Cpu(small.Storage).Array<double>()); break;
            case DType.Int32: Run(Cpu(big.Storage).Array<int>(), Cpu(small.Storage).Array<int>()); break;
            default: Run(Cpu(big.Storage).Array<bool>(), Cpu(small.Storage).Array<bool>()); break;
        }

        void Run<T>(T[] b, T[] s) where T : unmanaged
        {
            for (int o = 0; o < outer; o++)
                for (int i = 0; i < count; i++)
                    for (int r = 0; r < inner; r++)
                    {
                        int p = (o * count + i) * inner + r;
                        int q = big.Offset + OuterOffset(o, r) + idx[index.Offset + p] * bigDimStride;
                        if (scatter) b[q] = Plus(b[q], s[small.Offset + p]);
                        else s[small.Offset + p] = b[q];
                    }
        }

        // Index and big share every dimension except dim in extent of iteration, so (o, r) address big by its own strides.
        int OuterOffset(int o, int r)
        {
            int offset = 0, rem = r;
            for (int d = shape.Length - 1; d > dim; d--)
            {
                offset += rem % shape[d] * bigStrides[d];
                rem /= shape[d];
            }
            rem = o;
            for (int d = dim - 1; d >= 0; d--)
            {
                offset += rem % shape[d] * bigStrides[d];
                rem /= shape[d];
            }
            return offset;
        }
    }

    /// <inheritdoc/>
    public override void FillRandom(in StridedBuffer dst, RandomDistribution distribution, ulong seed, ulong counter, double a, double b)
    {
        int offset = dst.Offset;
        switch (dst.DType)
        {
            case DType.Float32:
                var f = Cpu(dst.Storage).Array<float>();
                For(dst.Count, 64, (s, e) => { for (int i = s; i < e; i++) f[offset + i] = (float)Philox.Sample(distribution, seed, counter, i, a, b); });
                break;
            case DType.Float64:
                var d = Cpu(dst.Storage).Array<double>();
                For(dst.Count, 64, (s, e) => { for (int i = s; i < e; i++) d[offset + i] = Philox.Sample(distribution, seed, counter, i, a, b); });
                break;
            default:
                var n = Cpu(dst.Storage).Array<int>();
                For(dst.Count, 64, (s, e) => { for (int i = s; i < e; i++) n[offset + i] = (int)Philox.Sample(distribution, seed, counter, i, a, b); });
                break;
        }
    }
}
