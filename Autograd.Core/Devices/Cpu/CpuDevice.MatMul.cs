using System.Numerics;

namespace Autograd;

public sealed partial class CpuDevice
{
    /// <inheritdoc/>
    public override void MatMul(in StridedBuffer a, in StridedBuffer b, in StridedBuffer c)
    {
        if (a.DType == DType.Float32) MatMulTyped<float>(a, b, c);
        else MatMulTyped<double>(a, b, c);
    }

    /// <summary>
    /// One <see cref="Gemm"/> call per batch entry, each reading A and B through their strides (broadcast batch
    /// dimensions have stride 0). Many small products run side by side; a few large ones parallelise inside.
    /// </summary>
    private static void MatMulTyped<T>(StridedBuffer a, StridedBuffer b, StridedBuffer c) where T : unmanaged, INumber<T>
    {
        int rank = c.Shape.Length;
        int m = c.Shape[rank - 2], n = c.Shape[rank - 1], k = a.Shape[rank - 1];
        int batches = Shape.Numel(c.Shape.AsSpan(0, rank - 2));
        var products = new BatchProducts<T>(a, b, c, m, n, k);
        if (batches > 1 && (long)m * n * k < 1 << 17) For(batches, m * n * k, products);
        else products.Run(0, batches);
    }

    /// <summary>The products of batch entries [start, end), each through <see cref="Gemm"/> with its operands' offsets.</summary>
    private readonly struct BatchProducts<T>(StridedBuffer a, StridedBuffer b, StridedBuffer c, int m, int n, int k) : IRangeBody
        where T : unmanaged, INumber<T>
    {
        public void Run(int start, int end)
        {
            int batchRank = c.Shape.Length - 2;
            var av = Cpu(a.Storage).Array<T>();
            var bv = Cpu(b.Storage).Array<T>();
            var cv = Cpu(c.Storage).Array<T>();
            for (int bi = start; bi < end; bi++)
            {
                int ao = a.Offset, bo = b.Offset, rem = bi;
                for (int d = batchRank - 1; d >= 0; d--)
                {
                    int i = rem % c.Shape[d];
                    rem /= c.Shape[d];
                    ao += i * a.Strides[d];
                    bo += i * b.Strides[d];
                }
                Gemm.Multiply(m, n, k, av, ao, a.Strides[batchRank], a.Strides[batchRank + 1], bv, bo, b.Strides[batchRank], b.Strides[batchRank + 1],
                    cv, c.Offset + bi * m * n);
            }
        }
    }
}
