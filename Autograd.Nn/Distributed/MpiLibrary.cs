using System.Runtime.InteropServices;

namespace Autograd.Nn.Distributed;

/// <summary>
/// The handful of Open MPI entry points the process group needs, bound at run time from <c>libmpi.so.40</c>.
/// </summary>
/// <remarks>
/// Open MPI's handles (<c>MPI_COMM_WORLD</c>, <c>MPI_DOUBLE</c>, <c>MPI_SUM</c>, …) are not integers but the
/// addresses of exported globals such as <c>ompi_mpi_comm_world</c>, so they are read with
/// <see cref="NativeLibrary.GetExport"/> rather than copied from <c>mpi.h</c>. Functions are called through
/// unmanaged function pointers from the same library handle, so nothing depends on how the loader resolves a
/// <c>DllImport</c> name. The library is opened with RTLD_GLOBAL because Open MPI's plug-ins (loaded by
/// <c>MPI_Init</c>) resolve their symbols against it.
/// </remarks>
internal sealed unsafe class MpiLibrary
{
    public const string FileName = "libmpi.so.40";

    /// <summary>Open MPI's <c>MPI_IN_PLACE</c>: the send buffer is the receive buffer.</summary>
    public static readonly nint InPlace = 1;

    /// <summary><c>MPI_THREAD_SERIALIZED</c>: any thread may call MPI, one at a time (the group holds a lock).</summary>
    public const int ThreadSerialized = 2;

    private const int RtldNow = 2;
    private const int RtldGlobal = 0x100;

    private MpiLibrary(nint handle)
    {
        CommWorld = NativeLibrary.GetExport(handle, "ompi_mpi_comm_world");
        Float = NativeLibrary.GetExport(handle, "ompi_mpi_float");
        Double = NativeLibrary.GetExport(handle, "ompi_mpi_double");
        OpSum = NativeLibrary.GetExport(handle, "ompi_mpi_op_sum");
        InitThread = (delegate* unmanaged<int*, nint, int, int*, int>)NativeLibrary.GetExport(handle, "MPI_Init_thread");
        CommRank = (delegate* unmanaged<nint, int*, int>)NativeLibrary.GetExport(handle, "MPI_Comm_rank");
        CommSize = (delegate* unmanaged<nint, int*, int>)NativeLibrary.GetExport(handle, "MPI_Comm_size");
        Allreduce = (delegate* unmanaged<nint, void*, int, nint, nint, nint, int>)NativeLibrary.GetExport(handle, "MPI_Allreduce");
        Bcast = (delegate* unmanaged<void*, int, nint, int, nint, int>)NativeLibrary.GetExport(handle, "MPI_Bcast");
        Barrier = (delegate* unmanaged<nint, int>)NativeLibrary.GetExport(handle, "MPI_Barrier");
        Finalize = (delegate* unmanaged<int>)NativeLibrary.GetExport(handle, "MPI_Finalize");
        Abort = (delegate* unmanaged<nint, int, int>)NativeLibrary.GetExport(handle, "MPI_Abort");
        ErrorString = (delegate* unmanaged<int, byte*, int*, int>)NativeLibrary.GetExport(handle, "MPI_Error_string");
    }

    public nint CommWorld { get; }
    public nint Float { get; }
    public nint Double { get; }
    public nint OpSum { get; }

    public delegate* unmanaged<int*, nint, int, int*, int> InitThread { get; }
    public delegate* unmanaged<nint, int*, int> CommRank { get; }
    public delegate* unmanaged<nint, int*, int> CommSize { get; }
    public delegate* unmanaged<nint, void*, int, nint, nint, nint, int> Allreduce { get; }
    public delegate* unmanaged<void*, int, nint, int, nint, int> Bcast { get; }
    public delegate* unmanaged<nint, int> Barrier { get; }
    public delegate* unmanaged<int> Finalize { get; }
    public delegate* unmanaged<nint, int, int> Abort { get; }
    public delegate* unmanaged<int, byte*, int*, int> ErrorString { get; }

    /// <summary>Opens the library and binds every entry point.</summary>
    /// <exception cref="DllNotFoundException">Open MPI is not installed, with the command that installs it.</exception>
    public static MpiLibrary Load()
    {
        nint handle = OpenGlobal(FileName);
        if (handle == 0)
            throw new DllNotFoundException($"Open MPI: cannot load {FileName} ({LastLoaderError()}). " +
                "Install it with `apt-get update && apt-get install -y openmpi-bin libopenmpi-dev` and start the job with mpirun.");
        return new MpiLibrary(handle);
    }

    /// <summary>Throws when <paramref name="code"/> is not <c>MPI_SUCCESS</c>, naming the call and MPI's own description.</summary>
    public void Check(int code, string call)
    {
        if (code == 0) return;
        var text = new byte[256];
        int length = 0;
        fixed (byte* p = text)
            if (ErrorString(code, p, &length) != 0) length = 0;
        var description = length > 0 ? System.Text.Encoding.ASCII.GetString(text, 0, length) : $"error code {code}";
        throw new InvalidOperationException($"{call} failed: {description}.");
    }

    private static nint OpenGlobal(string fileName)
    {
        fixed (byte* name = System.Text.Encoding.UTF8.GetBytes(fileName + "\0"))
            return DlOpen(name, RtldNow | RtldGlobal);
    }

    private static string LastLoaderError()
    {
        byte* error = DlError();
        return error is null ? "no loader message" : Marshal.PtrToStringUTF8((nint)error) ?? "no loader message";
    }

    [DllImport("libc.so.6", EntryPoint = "dlopen")]
    private static extern nint DlOpen(byte* fileName, int flags);

    [DllImport("libc.so.6", EntryPoint = "dlerror")]
    private static extern byte* DlError();
}
