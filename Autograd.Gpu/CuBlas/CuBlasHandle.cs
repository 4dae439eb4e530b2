using ILGPU.Runtime.Cuda;

namespace Autograd.Gpu.CuBlas;

/// <summary>A cuBLAS handle bound to a CUDA accelerator's stream, for row-major (batched) matrix products.</summary>
internal sealed unsafe class CuBlasHandle : IDisposable
{
    private readonly CuBlasLibrary _library;
    private readonly CudaAccelerator _accelerator;
    private IntPtr _handle;

    private CuBlasHandle(CuBlasLibrary library, CudaAccelerator accelerator, IntPtr handle)
    {
        _library = library;
        _accelerator = accelerator;
        _handle = handle;
    }

    /// <summary>A handle on the accelerator's default stream, or null when no cuBLAS library loads or it cannot start.</summary>
    public static CuBlasHandle? TryCreate(CudaAccelerator accelerator)
    {
        var library = CuBlasLibrary.Instance;
        if (library is null) return null;
        accelerator.Bind();
        IntPtr handle;
        if (library.Create(&handle) != 0) return null;
        Check(library.SetStream(handle, ((CudaStream)accelerator.DefaultStream).StreamPtr), "cublasSetStream_v2");
        return new CuBlasHandle(library, accelerator, handle);
    }

    /// <summary>
    /// c[z] = a[z] · b[z] for row-major-strided a [m, k] and b [k, n] and a dense c [m, n], z &lt; batches, each
    /// operand's matrices <c>…BatchStride</c> elements apart (0 for a broadcast operand). Returns false when a
    /// layout is not expressible to cuBLAS (neither dimension unit-stride), leaving the work to the caller.
    /// </summary>
    public bool TryGemm(bool f64, int m, int n, int k, IntPtr a, int aRowStride, int aColStride, long aBatchStride,
        IntPtr b, int bRowStride, int bColStride, long bBatchStride, IntPtr c, int batches)
    {
        if (Operand(k, n, bRowStride, bColStride) is not var (opB, ldb) || Operand(m, k, aRowStride, aColStride) is not var (opA, lda))
            return false;
        _accelerator.Bind();
        // Column-major view: cᵀ (n × m) = bᵀ (n × k) · aᵀ (k × m).
        long cStride = (long)m * n;
        int status;
        if (f64)
        {
            double alpha = 1, beta = 0;
            status = batches == 1
                ? _library.Dgemm(_handle, opB, opA, n, m, k, &alpha, b, ldb, a, lda, &beta, c, n)
                : _library.DgemmStridedBatched(_handle, opB, opA, n, m, k, &alpha, b, ldb, bBatchStride, a, lda, aBatchStride, &beta, c, n, cStride, batches);
        }
        else
        {
            float alpha = 1, beta = 0;
            status = batches == 1
                ? _library.Sgemm(_handle, opB, opA, n, m, k, &alpha, b, ldb, a, lda, &beta, c, n)
                : _library.SgemmStridedBatched(_handle, opB, opA, n, m, k, &alpha, b, ldb, bBatchStride, a, lda, aBatchStride, &beta, c, n, cStride, batches);
        }
        Check(status, batches == 1 ? (f64 ? "cublasDgemm_v2" : "cublasSgemm_v2") : (f64 ? "cublasDgemmStridedBatched" : "cublasSgemmStridedBatched"));
        return true;
    }

    /// <summary>
    /// How cuBLAS sees a row-major-strided [rows, cols] matrix as its transpose: rows contiguous means the column-major
    /// view already is the transpose (op N, leading dimension = row stride); columns contiguous means it is the
    /// matrix itself (op T, leading dimension = column stride). The stride of a size-1 dimension is irrelevant.
    /// </summary>
    internal static (int Op, int Ld)? Operand(int rows, int cols, int rowStride, int colStride)
    {
        int nCol = cols == 1 ? 1 : colStride, nRow = rows == 1 ? Math.Max(1, cols) : rowStride;
        if (nCol == 1 && nRow >= Math.Max(1, cols)) return (CuBlasLibrary.OpN, nRow);
        int tRow = rows == 1 ? 1 : rowStride, tCol = cols == 1 ? Math.Max(1, rows) : colStride;
        if (tRow == 1 && tCol >= Math.Max(1, rows)) return (CuBlasLibrary.OpT, tCol);
        return null;
    }

    private static void Check(int status, string function)
    {
        if (status != 0) throw new InvalidOperationException($"{function} failed with cuBLAS status {status}.");
    }

    public void Dispose()
    {
        if (_handle == IntPtr.Zero) return;
        _accelerator.Bind();
        _library.Destroy(_handle);
        _handle = IntPtr.Zero;
    }
}
