using System.Runtime.InteropServices;

namespace Autograd.Gpu.CuBlas;

/// <summary>
/// The few cuBLAS entry points the device needs, bound by hand. ILGPU's own wrapper only knows
/// libcublas.so.10–12 and has no batched GEMM, while current machines ship CUDA 13.
/// </summary>
/// <remarks>
/// Probed in order: the file named by <c>AUTOGRAD_CUBLAS_PATH</c>, then libcublas.so.13, .12, .11 (cublas64_13/12/11
/// on Windows). Row-major callers use the transposition identity (A·B)ᵀ = Bᵀ·Aᵀ: a row-major matrix is its
/// transpose in cuBLAS's column-major view.
/// </remarks>
internal sealed unsafe class CuBlasLibrary
{
    public const string PathVariable = "AUTOGRAD_CUBLAS_PATH";
    public const int OpN = 0, OpT = 1;

    private static readonly Lazy<CuBlasLibrary?> Shared = new(Load);

    private CuBlasLibrary(IntPtr library)
    {
        Create = (delegate* unmanaged<IntPtr*, int>)NativeLibrary.GetExport(library, "cublasCreate_v2");
        Destroy = (delegate* unmanaged<IntPtr, int>)NativeLibrary.GetExport(library, "cublasDestroy_v2");
        SetStream = (delegate* unmanaged<IntPtr, IntPtr, int>)NativeLibrary.GetExport(library, "cublasSetStream_v2");
        Sgemm = (delegate* unmanaged<IntPtr, int, int, int, int, int, float*, IntPtr, int, IntPtr, int, float*, IntPtr, int, int>)
            NativeLibrary.GetExport(library, "cublasSgemm_v2");
        Dgemm = (delegate* unmanaged<IntPtr, int, int, int, int, int, double*, IntPtr, int, IntPtr, int, double*, IntPtr, int, int>)
            NativeLibrary.GetExport(library, "cublasDgemm_v2");
        SgemmStridedBatched = (delegate* unmanaged<IntPtr, int, int, int, int, int, float*, IntPtr, int, long, IntPtr, int, long, float*, IntPtr, int, long, int, int>)
            NativeLibrary.GetExport(library, "cublasSgemmStridedBatched");
        DgemmStridedBatched = (delegate* unmanaged<IntPtr, int, int, int, int, int, double*, IntPtr, int, long, IntPtr, int, long, double*, IntPtr, int, long, int, int>)
            NativeLibrary.GetExport(library, "cublasDgemmStridedBatched");
    }

    public delegate* unmanaged<IntPtr*, int> Create { get; }
    public delegate* unmanaged<IntPtr, int> Destroy { get; }
    public delegate* unmanaged<IntPtr, IntPtr, int> SetStream { get; }
    public delegate* unmanaged<IntPtr, int, int, int, int, int, float*, IntPtr, int, IntPtr, int, float*, IntPtr, int, int> Sgemm { get; }
    public delegate* unmanaged<IntPtr, int, int, int, int, int, double*, IntPtr, int, IntPtr, int, double*, IntPtr, int, int> Dgemm { get; }
    public delegate* unmanaged<IntPtr, int, int, int, int, int, float*, IntPtr, int, long, IntPtr, int, long, float*, IntPtr, int, long, int, int> SgemmStridedBatched { get; }
    public delegate* unmanaged<IntPtr, int, int, int, int, int, double*, IntPtr, int, long, IntPtr, int, long, double*, IntPtr, int, long, int, int> DgemmStridedBatched { get; }

    /// <summary>The loaded library, or null when none of the candidates loads (no CUDA toolkit on this machine).</summary>
    public static CuBlasLibrary? Instance => Shared.Value;

    /// <summary>The file names tried, in order.</summary>
    public static IEnumerable<string> Candidates()
    {
        if (Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } path) yield return path;
        string[] versions = ["13", "12", "11"];
        foreach (var v in versions) yield return OperatingSystem.IsWindows() ? $"cublas64_{v}.dll" : $"libcublas.so.{v}";
    }

    private static CuBlasLibrary? Load()
    {
        foreach (var name in Candidates())
        {
            if (!NativeLibrary.TryLoad(name, out var library)) continue;
            try
            {
                return new CuBlasLibrary(library);
            }
            catch (EntryPointNotFoundException)
            {
                NativeLibrary.Free(library);
            }
        }
        return null;
    }
}
