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
        var batchShape = c.Shape[..(rank - 2)];
        int batches = Shape.Numel(batchShape);
        var av = Cpu(a.Storage).Array<T>();
        var bv = Cpu(b.Storage).Array<T>();
        var cv = Cpu(c.Storage).Array<T>();
        int ars = a.Strides[rank - 2], acs = a.Strides[rank - 1];
        int brs = b.Strides[rank - 2], bcs = b.Strides[rank - 1];
        var aStrides = a.Strides;
        var bStrides = b.Strides;
        int aOffset = a.Offset, bOffset = b.Offset, cOffset = c.Offset;

        void One(int bi)
        {
            int ao = aOffset, bo = bOffset, rem = bi;
            for (int d = batchShape.Length - 1; d >= 0; d--)
            {
                int i = rem % batchShape[d];
                rem /= batchShape[d];
                ao += i * aStrides[d];
                bo += i * bStrides[d];
            }
            Gemm.Multiply(m, n, k, av, ao, ars, acs, bv, bo, brs, bcs, cv, cOffset + bi * m * n);
        }

        if (batches > 1 && (long)m * n * k < 1 << 17) For(batches, m * n * k, (s, e) => { for (int bi = s; bi < e; bi++) One(bi); });
        else for (int bi = 0; bi < batches; bi++) One(bi);
    }
}
