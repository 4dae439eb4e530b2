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
    /// Row-times-matrix formulation: C[i, :] = Σk A[i, k]·B[k, :], vectorised along the row of B. B is packed into a
    /// dense [K, N] block when its rows are not unit-stride, so the inner loop always streams contiguous memory.
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

        var aBase = new int[batches];
        var bBase = new int[batches];
        for (int bi = 0; bi < batches; bi++)
        {
            int ao = a.Offset, bo = b.Offset, rem = bi;
            for (int d = batchShape.Length - 1; d >= 0; d--)
            {
                int i = rem % batchShape[d];
                rem /= batchShape[d];
                ao += i * a.Strides[d];
                bo += i * b.Strides[d];
            }
            aBase[bi] = ao;
            bBase[bi] = bo;
        }

        T[]? packed = null;
        if (bcs != 1 && n > 1)
        {
            packed = new T[batches * k * n];
            for (int bi = 0; bi < batches; bi++)
                for (int kk = 0; kk < k; kk++)
                    for (int j = 0; j < n; j++) packed[(bi * k + kk) * n + j] = bv[bBase[bi] + kk * brs + j * bcs];
        }

        int cOffset = c.Offset;
        For(batches * m, k * n, (start, end) =>
        {
            for (int row = start; row < end; row++)
            {
                int bi = row / m, i = row % m;
                var cRow = cv.AsSpan(cOffset + (bi * m + i) * n, n);
                cRow.Clear();
                int aRow = aBase[bi] + i * ars;
                for (int kk = 0; kk < k; kk++)
                {
                    T s = av[aRow + kk * acs];
                    if (T.IsZero(s)) continue;
                    if (packed is not null) Axpy(s, packed.AsSpan((bi * k + kk) * n, n), cRow);
                    else if (n == 1) cRow[0] += s * bv[bBase[bi] + kk * brs];
                    else Axpy(s, bv.AsSpan(bBase[bi] + kk * brs, n), cRow);
                }
            }
        });
    }

    /// <summary>y += s·x, with SIMD lanes of the machine's widest vector.</summary>
    private static void Axpy<T>(T s, ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, INumber<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<T>.Count)
        {
            var vs = new Vector<T>(s);
            for (; i + Vector<T>.Count <= x.Length; i += Vector<T>.Count)
            {
                var vy = new Vector<T>(y[i..]);
                (vy + vs * new Vector<T>(x[i..])).CopyTo(y[i..]);
            }
        }
        for (; i < x.Length; i++) y[i] += s * x[i];
    }
}
