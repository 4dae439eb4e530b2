namespace Autograd;

/// <summary>
/// Disposes, when it ends, every tensor created on this thread while it was the innermost scope, except the
/// ones passed to <see cref="Keep"/>. Use one around each training step so intermediates are freed at once
/// (device memory is not reclaimed by the GC in time).
/// </summary>
/// <example><code>
/// using (var scope = Tensor.Scope())
/// {
///     var loss = model.Forward(x).Sum();
///     loss.Backward();          // .Grad of the leaves survives the scope
///     total = scope.Keep(loss.Detach());
/// }
/// </code></example>
public sealed class TensorScope : IDisposable
{
    [ThreadStatic] private static TensorScope? _current;

    private readonly List<Tensor> _tensors = [];
    private TensorScope? _outer;
    private bool _disposed;

    internal TensorScope()
    {
        _outer = _current;
        _current = this;
    }

    /// <summary>
    /// Makes this ended scope the innermost one again, keeping its list's capacity: the engine reuses one scope for
    /// the temporaries of every node's backward formula instead of allocating one per node.
    /// </summary>
    internal void Reopen()
    {
        if (!_disposed) throw new InvalidOperationException("Only an ended tensor scope can be reopened.");
        _disposed = false;
        _outer = _current;
        _current = this;
    }

    internal static void Register(Tensor tensor)
    {
        var scope = _current;
        if (scope is null) return;
        tensor.OwnerScope = scope;
        scope._tensors.Add(tensor);
    }

    /// <summary>
    /// Excludes <paramref name="tensor"/> from disposal by this scope. If an outer scope exists, the tensor now
    /// belongs to it, so a helper's result is still cleaned up by its caller's scope.
    /// </summary>
    public Tensor Keep(Tensor tensor)
    {
        if (!ReferenceEquals(tensor.OwnerScope, this)) return tensor;
        tensor.OwnerScope = _outer;
        _outer?._tensors.Add(tensor);
        return tensor;
    }

    /// <summary>Removes a tensor from every scope (the engine uses it for gradients stored in <c>.Grad</c>).</summary>
    internal static void Escape(Tensor tensor) => tensor.OwnerScope = null;

    /// <summary>
    /// Makes the scope that was current when <paramref name="scope"/> opened the current one again, until the result
    /// is disposed: user code the engine calls (hooks) registers its tensors where the caller's own code would.
    /// </summary>
    internal static Restore EnterOuter(TensorScope scope)
    {
        var restore = new Restore(_current);
        _current = scope._outer;
        return restore;
    }

    /// <summary>Puts back the scope that was current before <see cref="EnterOuter"/>.</summary>
    internal readonly struct Restore(TensorScope? scope) : IDisposable
    {
        public void Dispose() => _current = scope;
    }

    /// <summary>Disposes the tensors that still belong to this scope and makes the outer scope current again.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (!ReferenceEquals(_current, this))
            throw new InvalidOperationException("Tensor scopes must be disposed in the reverse order of their creation, on the thread that created them.");
        _current = _outer;
        foreach (var t in _tensors)
        {
            if (ReferenceEquals(t.OwnerScope, this)) t.Dispose();
        }
        _tensors.Clear();
    }
}
