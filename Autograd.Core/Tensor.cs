namespace Autograd;

/// <summary>
/// An n-dimensional array on a <see cref="Device"/> that can record the operations applied to it, so that
/// gradients can be computed by reverse-mode automatic differentiation (<see cref="Backward"/>).
/// </summary>
/// <remarks>
/// A tensor is a strided view (shape, strides, offset) over a reference-counted <see cref="Storage"/>.
/// Views share storage; <see cref="Dispose"/> releases this handle's reference deterministically.
/// Autograd state follows PyTorch: <see cref="RequiresGrad"/>, <see cref="IsLeaf"/>, <see cref="GradFn"/>,
/// an additive <see cref="Grad"/> on leaves, <see cref="RetainGrad"/> for non-leaves.
/// </remarks>
public sealed partial class Tensor : IDisposable
{
    private readonly int[] _shape;
    // Not readonly only for SetData, which points a leaf at other elements of the same shape.
    private int[] _strides;
    private int _offset;
    private Storage? _storage;
    private Node? _gradFn;
    private Tensor? _grad;
    private bool _requiresGrad;

    // The tensor this one is a view of (null for tensors that own their elements, and for detached aliases).
    private Tensor? _viewOf;

    // True for a node's saved copy of its own output: that handle must not keep its node alive (it would be a cycle).
    private bool _gradFnIsWeak;

    // True for a view taken while its base did not require grad: it has no view node, so it cannot follow history
    // its base gains later through an in-place op (see CheckNotStaleView).
    private bool _viewOfConstantBase;

    /// <summary>Wraps a storage reference the caller already owns (one reference is transferred to this handle).</summary>
    internal Tensor(Storage storage, int[] shape, int[] strides, int offset)
    {
        _storage = storage;
        _shape = shape;
        _strides = strides;
        _offset = offset;
        TensorScope.Register(this);
    }

    /// <summary>
    /// Allocates an uninitialised contiguous tensor. It keeps <paramref name="shape"/> itself (shape and stride arrays
    /// are never written after a tensor is created, so tensors may share them).
    /// </summary>
    internal static Tensor Empty(int[] shape, DType dtype, Device device)
    {
        var storage = device.Allocate(dtype, Autograd.Shape.Numel(shape));
        return new Tensor(storage, shape, Autograd.Shape.SharedContiguousStrides(shape), 0);
    }

    /// <summary>Creates another handle on the same elements (one more storage reference).</summary>
    internal Tensor Alias(int[] shape, int[] strides, int offset)
    {
        var storage = Storage;
        storage.AddReference();
        return new Tensor(storage, shape, strides, offset);
    }

    /// <summary>A view of this tensor's elements (shape ops: reshape, transpose, narrow, …), which remembers its base.</summary>
    internal Tensor MakeView(int[] shape, int[] strides, int offset)
    {
        var view = Alias(shape, strides, offset);
        view._viewOf = this;
        view._viewOfConstantBase = !RequiresGrad;
        return view;
    }

    /// <summary>
    /// Refuses a view that was taken while its base did not require grad, once an in-place op has given the base a
    /// gradient history: computing with it as a constant would silently drop the gradient that flows through the
    /// base. (PyTorch regenerates such a view's <c>grad_fn</c> as an <c>AsStridedBackward</c>; here the view has to be
    /// taken again.)
    /// </summary>
    /// <exception cref="InvalidOperationException">The view is stale in that way.</exception>
    internal void CheckNotStaleView()
    {
        if (!_viewOfConstantBase || ViewBase is not { GradFn: { } history } root) return;
        throw new InvalidOperationException(
            $"A view {Autograd.Shape.Format(_shape)} of a {DType.Name()} {Autograd.Shape.Format(root._shape)} tensor is used in a differentiable " +
            $"operation, but it was taken before an in-place operation ({history.Name}) gave its base a gradient history, so it " +
            "does not carry that history and its gradient would be lost. Take the view again from the base after the in-place operation.");
    }

    /// <summary>The tensor whose elements this view ultimately shows (PyTorch's <c>._base</c>); null when it is not a view.</summary>
    internal Tensor? ViewBase
    {
        get
        {
            var b = _viewOf;
            while (b?._viewOf is { } outer) b = outer;
            return b;
        }
    }

    internal Storage Storage => _storage ?? throw new ObjectDisposedException(nameof(Tensor), "This tensor was disposed; its memory may already be reused.");

    /// <summary>The dimensions, outermost first. A scalar (0-d) tensor has an empty shape.</summary>
    public IReadOnlyList<int> Shape => _shape;

    /// <summary>Element strides per dimension (how far to move in storage for a step along each dimension).</summary>
    public IReadOnlyList<int> Strides => _strides;

    /// <summary>Position of element 0 in the storage.</summary>
    public int StorageOffset => _offset;

    internal int[] ShapeArray => _shape;
    internal int[] StridesArray => _strides;

    /// <summary>Number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>Number of elements.</summary>
    public int Numel => Autograd.Shape.Numel(_shape);

    /// <summary>Size of one dimension (negative counts from the end).</summary>
    public int Size(int dim) => _shape[Autograd.Shape.NormalizeDim("size", dim, _shape)];

    /// <summary>The element type.</summary>
    public DType DType => Storage.DType;

    /// <summary>The device the elements live on.</summary>
    public Device Device => Storage.Device;

    /// <summary>True when the elements are dense and row-major.</summary>
    public bool IsContiguous => Autograd.Shape.IsContiguous(_shape, _strides);

    /// <summary>True once <see cref="Dispose"/> was called.</summary>
    public bool IsDisposed => _storage is null;

    /// <summary>The version counter of the storage, bumped by every in-place op (shared with views).</summary>
    public int Version => Storage.Version;

    internal StridedBuffer Buffer => new(Storage, _shape, _strides, _offset);

    /// <summary>The scope that will dispose this tensor, if any.</summary>
    internal TensorScope? OwnerScope { get; set; }

    /// <summary>
    /// Whether gradients are computed for this tensor. False by default; only leaves can set it, as in PyTorch.
    /// </summary>
    /// <exception cref="InvalidOperationException">Set on a non-leaf, or to true on a non-floating-point tensor.</exception>
    public bool RequiresGrad
    {
        get => _requiresGrad || GradFn is not null;
        set
        {
            if (!IsLeaf)
                throw new InvalidOperationException(
                    $"RequiresGrad can only be changed on leaf tensors. This tensor was computed by {GradFn!.Name}; " +
                    "use Detach() to get a leaf that shares its data.");
            if (value && !DType.IsFloatingPoint())
                throw new InvalidOperationException($"Only floating-point tensors can require gradients, got {DType.Name()}.");
            _requiresGrad = value;
        }
    }

    /// <summary>Sets <see cref="RequiresGrad"/> and returns this tensor (like PyTorch's <c>requires_grad_()</c>).</summary>
    public Tensor RequiresGrad_(bool requiresGrad = true)
    {
        RequiresGrad = requiresGrad;
        return this;
    }

    /// <summary>The node that computes this tensor's input gradients; null for leaves.</summary>
    /// <remarks>A live handle keeps its node's saved tensors alive (see <see cref="Dispose"/>).</remarks>
    public Node? GradFn
    {
        get => _gradFn;
        internal set
        {
            if (ReferenceEquals(value, _gradFn)) return;
            value?.AddOwner();
            var old = _gradFn;
            _gradFn = value;
            if (!_gradFnIsWeak) old?.ReleaseOwner();
            _gradFnIsWeak = false;
        }
    }

    /// <summary>
    /// Points this handle at <paramref name="node"/> without keeping it alive: a node's saved copy of its own output
    /// must not own the node that owns it.
    /// </summary>
    internal void SetWeakGradFn(Node node)
    {
        var old = _gradFn;
        _gradFn = node;
        if (!_gradFnIsWeak) old?.ReleaseOwner();
        _gradFnIsWeak = true;
    }

    /// <summary>True for tensors not computed by a recorded op (user-created tensors, parameters, detached results).</summary>
    public bool IsLeaf => GradFn is null;

    /// <summary>
    /// The accumulated gradient of a leaf (or of a non-leaf after <see cref="RetainGrad"/>). Every backward pass adds
    /// into it; only an explicit reset (<c>Grad = null</c> or a module's/optimizer's <c>ZeroGrad</c>) clears it.
    /// A tensor assigned here leaves any <see cref="TensorScope"/> it was created in: it now belongs to this tensor.
    /// </summary>
    /// <exception cref="ArgumentException">The assigned gradient's shape, dtype or device differs from this tensor's.</exception>
    public Tensor? Grad
    {
        get => _grad;
        set
        {
            if (value is not null && (!Autograd.Shape.Equal(value._shape, _shape) || value.DType != DType || !ReferenceEquals(value.Device, Device)))
                throw new ArgumentException(
                    $"Grad: the assigned gradient is {value.DType.Name()} {Autograd.Shape.Format(value._shape)} on {value.Device}, " +
                    $"but this tensor is {DType.Name()} {Autograd.Shape.Format(_shape)} on {Device}; they must match.");
            // The gradient belongs to this tensor from now on, like the ones backward stores: no scope disposes it.
            if (value is not null) TensorScope.Escape(value);
            _grad = value;
        }
    }

    /// <summary>
    /// Releases this handle's reference to the storage (views and saved copies keep theirs) and its hold on
    /// <see cref="GradFn"/>. When no live handle or later node leads to a node any more, no backward pass can reach
    /// it, so its saved tensors are freed at once, as PyTorch frees a graph whose output is dropped.
    /// </summary>
    public void Dispose()
    {
        var storage = Interlocked.Exchange(ref _storage, null);
        if (storage is null) return;
        storage.Release();
        if (!_gradFnIsWeak) _gradFn?.ReleaseOwner();
    }

    /// <summary>Throws when <paramref name="other"/> lives on another device; nothing is ever copied silently.</summary>
    internal void CheckSameDevice(string op, Tensor other)
    {
        if (!ReferenceEquals(Device, other.Device))
            throw new InvalidOperationException(
                $"{op}: expected all tensors on the same device, but found {Device.Name} ({Autograd.Shape.Format(_shape)}) and " +
                $"{other.Device.Name} ({Autograd.Shape.Format(other._shape)}). Move one with To(device).");
    }
}
