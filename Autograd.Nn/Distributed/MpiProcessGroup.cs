namespace Autograd.Nn.Distributed;

/// <summary>
/// The process group of a job started by Open MPI's <c>mpirun -np N …</c>: rank and size come from
/// <c>MPI_COMM_WORLD</c>, and collectives are <c>MPI_Allreduce</c> (sum), <c>MPI_Bcast</c> and <c>MPI_Barrier</c>.
/// </summary>
/// <remarks>
/// <para>MPI can be initialised once per process, so there is at most one instance: <see cref="Initialize"/> creates it
/// and <see cref="Dispose"/> calls <c>MPI_Finalize</c>. Calls are serialised by a lock (MPI_THREAD_SERIALIZED), so any
/// thread may use the group, one at a time.</para>
/// <para>Needs Open MPI 4 (<c>libmpi.so.40</c>): <c>apt-get install -y openmpi-bin libopenmpi-dev</c>. As root,
/// <c>mpirun</c> also needs <c>--allow-run-as-root</c>, and more ranks than cores need <c>--oversubscribe</c>.</para>
/// </remarks>
public sealed unsafe class MpiProcessGroup : IProcessGroup, IDisposable
{
    private static readonly Lock InitLock = new();
    private static MpiProcessGroup? _instance;

    private readonly MpiLibrary _mpi;
    private readonly Lock _lock = new();
    private bool _finalized;

    private MpiProcessGroup(MpiLibrary mpi, int rank, int size)
    {
        _mpi = mpi;
        Rank = rank;
        Size = size;
    }

    /// <summary>True when this process was started by Open MPI's <c>mpirun</c> (it sets <c>OMPI_COMM_WORLD_SIZE</c>).</summary>
    public static bool IsLaunchedByMpirun => Environment.GetEnvironmentVariable("OMPI_COMM_WORLD_SIZE") is not null;

    /// <inheritdoc/>
    public int Rank { get; }

    /// <inheritdoc/>
    public int Size { get; }

    /// <summary>
    /// Initialises MPI (<c>MPI_Init_thread</c>) and returns the world group. Started without <c>mpirun</c>, it is a
    /// group of one rank (MPI's singleton mode).
    /// </summary>
    /// <exception cref="DllNotFoundException">Open MPI is not installed.</exception>
    /// <exception cref="InvalidOperationException">MPI was already initialised and finalised in this process.</exception>
    public static MpiProcessGroup Initialize()
    {
        lock (InitLock)
        {
            if (_instance is { _finalized: false }) return _instance;
            if (_instance is not null) throw new InvalidOperationException("MPI was finalised in this process; it cannot be initialised again.");
            var mpi = MpiLibrary.Load();
            int provided, rank, size;
            mpi.Check(mpi.InitThread(null, 0, MpiLibrary.ThreadSerialized, &provided), "MPI_Init_thread");
            if (provided < MpiLibrary.ThreadSerialized)
                throw new InvalidOperationException($"MPI_Init_thread: Open MPI provides thread level {provided}, but the process group needs MPI_THREAD_SERIALIZED ({MpiLibrary.ThreadSerialized}).");
            mpi.Check(mpi.CommRank(mpi.CommWorld, &rank), "MPI_Comm_rank");
            mpi.Check(mpi.CommSize(mpi.CommWorld, &size), "MPI_Comm_size");
            return _instance = new MpiProcessGroup(mpi, rank, size);
        }
    }

    /// <inheritdoc/>
    public void AllReduceSum(Span<double> values)
    {
        fixed (double* p = values) AllReduce(p, values.Length, _mpi.Double);
    }

    /// <inheritdoc/>
    public void AllReduceSum(Span<float> values)
    {
        fixed (float* p = values) AllReduce(p, values.Length, _mpi.Float);
    }

    /// <inheritdoc/>
    public void Broadcast(Span<double> values, int root = 0)
    {
        fixed (double* p = values) Bcast(p, values.Length, _mpi.Double, root);
    }

    /// <inheritdoc/>
    public void Broadcast(Span<float> values, int root = 0)
    {
        fixed (float* p = values) Bcast(p, values.Length, _mpi.Float, root);
    }

    /// <inheritdoc/>
    public void Barrier()
    {
        lock (_lock)
        {
            CheckOpen("MPI_Barrier");
            _mpi.Check(_mpi.Barrier(_mpi.CommWorld), "MPI_Barrier");
        }
    }

    /// <summary>
    /// Writes <paramref name="reason"/> to standard error, prefixed with the rank, and calls <c>MPI_Abort</c>, which ends
    /// every process of the job (mpirun exits with status 1). Does not return.
    /// </summary>
    public void Abort(string reason)
    {
        Console.Error.WriteLine($"[rank {Rank}/{Size}] aborting the job: {reason}");
        Console.Error.Flush();
        _mpi.Abort(_mpi.CommWorld, 1);
        Environment.Exit(1);
    }

    /// <summary>Calls <c>MPI_Finalize</c> (after which no rank of this process can communicate again).</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_finalized) return;
            _finalized = true;
            _mpi.Check(_mpi.Finalize(), "MPI_Finalize");
        }
    }

    private void AllReduce(void* values, int count, nint datatype)
    {
        lock (_lock)
        {
            CheckOpen("MPI_Allreduce");
            _mpi.Check(_mpi.Allreduce(MpiLibrary.InPlace, values, count, datatype, _mpi.OpSum, _mpi.CommWorld), "MPI_Allreduce");
        }
    }

    private void Bcast(void* values, int count, nint datatype, int root)
    {
        if (root < 0 || root >= Size) throw new ArgumentOutOfRangeException(nameof(root), $"Broadcast: root {root} is not a rank of a group of {Size}.");
        lock (_lock)
        {
            CheckOpen("MPI_Bcast");
            _mpi.Check(_mpi.Bcast(values, count, datatype, root, _mpi.CommWorld), "MPI_Bcast");
        }
    }

    private void CheckOpen(string call)
    {
        if (_finalized) throw new ObjectDisposedException(nameof(MpiProcessGroup), $"{call}: MPI was already finalised.");
    }
}
