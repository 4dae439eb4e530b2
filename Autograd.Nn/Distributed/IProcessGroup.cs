namespace Autograd.Nn.Distributed;

/// <summary>
/// A fixed set of cooperating ranks (processes, or threads of one process) and the collective operations data-parallel
/// training needs. Every rank must call the same collectives in the same order with the same lengths: a collective
/// returns on one rank only when every rank has reached it.
/// </summary>
/// <remarks>
/// Implementations: <see cref="MpiProcessGroup"/> (processes started by <c>mpirun</c>, over Open MPI) and
/// <see cref="InProcessGroup"/> (threads of one process). Another engine (NCCL, Gloo) is a third implementation; the
/// training code (<see cref="DistributedDataParallel"/>, <see cref="GradientReducer"/>) only sees this interface.
/// </remarks>
public interface IProcessGroup
{
    /// <summary>This rank's index, 0 ≤ Rank &lt; <see cref="Size"/>. Rank 0 is the one that writes logs and checkpoints.</summary>
    int Rank { get; }

    /// <summary>The number of ranks (the world size).</summary>
    int Size { get; }

    /// <summary>values[i] ← Σ over ranks r of values_r[i], on every rank (in place).</summary>
    void AllReduceSum(Span<double> values);

    /// <inheritdoc cref="AllReduceSum(Span{double})"/>
    void AllReduceSum(Span<float> values);

    /// <summary>values ← values of rank <paramref name="root"/>, on every rank (in place).</summary>
    void Broadcast(Span<double> values, int root = 0);

    /// <inheritdoc cref="Broadcast(Span{double}, int)"/>
    void Broadcast(Span<float> values, int root = 0);

    /// <summary>Returns once every rank has called it.</summary>
    void Barrier();

    /// <summary>
    /// Ends the whole job because this rank failed, so the other ranks do not wait forever in a collective this rank
    /// will never reach. <see cref="MpiProcessGroup"/> prints <paramref name="reason"/> and calls <c>MPI_Abort</c>, which
    /// kills every process and does not return; <see cref="InProcessGroup"/> makes every rank's pending and later
    /// collectives throw <see cref="ProcessGroupAbortedException"/>.
    /// </summary>
    void Abort(string reason);
}

/// <summary>Thrown by a collective of a process group that a rank aborted (see <see cref="IProcessGroup.Abort"/>).</summary>
public sealed class ProcessGroupAbortedException(string message) : Exception(message);
