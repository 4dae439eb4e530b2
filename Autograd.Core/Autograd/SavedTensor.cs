namespace Autograd;

/// <summary>
/// A tensor kept by a <see cref="Node"/> for its backward formula. It holds its own storage reference (so the
/// caller may dispose its handle) and remembers the storage version, so that an in-place change made after the
/// forward pass is reported instead of silently producing a wrong gradient.
/// </summary>
public sealed class SavedTensor
{
    private readonly Node _owner;
    private readonly int _version;
    private readonly DType _dtype;
    private readonly int[] _shape;
    private Tensor? _alias;

    /// <summary>The tensor its node saved before this one (null for the first).</summary>
    internal SavedTensor? Previous { get; set; }

    internal SavedTensor(Tensor tensor, Node owner, Node? outputOf)
    {
        _owner = owner;
        _version = tensor.Version;
        // Kept raw and formatted only for the error message: formatting here cost more than the rest of recording an op.
        _dtype = tensor.DType;
        _shape = tensor.ShapeArray;
        // The handle carries the original's place in the graph, so formulas that use it stay differentiable.
        var alias = tensor.NewHandle();
        TensorScope.Escape(alias);
        if (outputOf is not null) alias.SetWeakGradFn(outputOf);
        _alias = alias;
    }

    /// <summary>The saved tensor, after checking it is still there and unmodified.</summary>
    /// <exception cref="InvalidOperationException">The graph was freed, or the tensor was modified in place.</exception>
    public Tensor Unpack()
    {
        var alias = _alias ?? throw new InvalidOperationException(
            $"Trying to backward through the graph a second time (or to use saved tensors after they were freed): {_owner.Name} " +
            "already released what it saved for backward. Saved values are freed by Backward() and Grad(); " +
            "pass retainGraph: true to the first call if you need to backward through the graph again.");
        int now = alias.Version;
        if (now != _version)
            throw new InvalidOperationException(
                $"One of the tensors needed for gradient computation has been modified by an in-place operation: the {_dtype.Name()} {Shape.Format(_shape)} " +
                $"saved by {_owner.Name} is at version {now}; expected version {_version} instead. " +
                "Use an out-of-place op or Clone() the tensor before modifying it.");
        return alias;
    }

    internal void Release()
    {
        var alias = _alias;
        _alias = null;
        alias?.Dispose();
    }
}
