namespace Autograd;

public sealed partial class Tensor
{
    private AccumulateGrad? _accumulator;

    /// <summary>
    /// Where gradients for this tensor go: its <see cref="GradFn"/>, or for a leaf its accumulator. A view whose base
    /// got new history from an in-place op since the view was taken first gets its node rebuilt on that history.
    /// </summary>
    internal Node GradEdgeNode
    {
        get
        {
            if (GradFn is ViewNode view) RefreshView(view);
            return GradFn ?? (_accumulator ??= new AccumulateGrad(this));
        }
    }

    private void RefreshView(ViewNode view)
    {
        // For a view of a view, reading the base's edge refreshes the base first.
        var baseNode = view.Base.RequiresGrad ? view.Base.GradEdgeNode : null;
        if (ReferenceEquals(baseNode, view.Inputs[0].Node)) return;
        var rebased = view.Rebased(baseNode);
        bool retained = ReferenceEquals(view.RetainedOutput, this);
        GradFn = rebased;
        if (!retained) return;
        view.RetainedOutput = null;
        rebased.RetainedOutput = this;
    }

    /// <summary>Another handle on the same elements that also keeps this tensor's place in the graph.</summary>
    internal Tensor NewHandle()
    {
        var handle = Alias(_shape, _strides, _offset);
        handle.ShareGraphIdentity(this);
        return handle;
    }

    /// <summary>Makes a saved alias of <paramref name="original"/> route gradients to the same place.</summary>
    internal void ShareGraphIdentity(Tensor original)
    {
        GradFn = original.GradFn;
        if (original.IsLeaf && original._requiresGrad)
        {
            _requiresGrad = true;
            _accumulator = (AccumulateGrad)original.GradEdgeNode;
        }
    }

    /// <summary>
    /// Computes the gradient of this tensor with respect to every leaf that requires grad and adds it into their
    /// <see cref="Grad"/> (PyTorch's <c>tensor.backward</c>).
    /// </summary>
    /// <param name="gradient">dL/d(this), same shape as this tensor; may be omitted only for one-element tensors (it is then 1).</param>
    /// <param name="retainGraph">Keep the saved tensors so the graph can be traversed again.</param>
    /// <param name="createGraph">Record the backward pass itself, making the gradients differentiable (implies keeping the graph).</param>
    public void Backward(Tensor? gradient = null, bool? retainGraph = null, bool createGraph = false) =>
        Engine.Backward([this], [gradient], retainGraph ?? createGraph, createGraph);

    /// <summary>Keeps <see cref="Grad"/> for this non-leaf tensor after backward (a no-op on leaves).</summary>
    public void RetainGrad()
    {
        if (IsLeaf)
        {
            if (!_requiresGrad) throw new InvalidOperationException("RetainGrad() called on a tensor that does not require grad.");
            return;
        }
        GradFn!.RetainedOutput = this;
    }

    /// <summary>True when this non-leaf keeps its gradient (see <see cref="RetainGrad"/>).</summary>
    public bool RetainsGrad => GradFn is not null && ReferenceEquals(GradFn.RetainedOutput, this);

    /// <summary>
    /// Registers a hook that sees the gradient flowing into this tensor during backward and may return a
    /// replacement (or null to keep it). For a leaf it runs before the gradient is accumulated.
    /// </summary>
    public void RegisterHook(Func<Tensor, Tensor?> hook)
    {
        if (!RequiresGrad) throw new InvalidOperationException("Cannot register a hook on a tensor that does not require grad.");
        var node = GradEdgeNode;
        (node.PreHooks ??= []).Add(hook);
    }

    /// <summary>Registers a hook that runs on a leaf after its <see cref="Grad"/> was updated by backward.</summary>
    public void RegisterPostAccumulateGradHook(Action<Tensor> hook)
    {
        if (!IsLeaf || !_requiresGrad)
            throw new InvalidOperationException("Post-accumulate-grad hooks can only be registered on leaf tensors that require grad.");
        var node = (AccumulateGrad)GradEdgeNode;
        (node.PostAccumulateHooks ??= []).Add(hook);
    }

    /// <summary>A new leaf that shares this tensor's storage (and version counter) but is cut from the graph.</summary>
    public Tensor Detach() => Alias(_shape, _strides, _offset);

    /// <summary>
    /// Cuts this tensor from the graph that computed it, in place: it becomes a leaf that does not require grad
    /// (PyTorch's <c>detach_()</c>). Returns this tensor.
    /// </summary>
    /// <exception cref="InvalidOperationException">This tensor is a view with history: detaching it alone would leave its base's graph claiming its elements.</exception>
    public Tensor DetachInPlace()
    {
        if (GradFn is not null && ViewBase is not null)
            throw new InvalidOperationException(
                $"detach_: this {Autograd.Shape.Format(_shape)} tensor is a view of another tensor's elements and cannot be detached in place; use Detach() for a detached view.");
        GradFn = null;
        _requiresGrad = false;
        return this;
    }
}

/// <summary>Functional entry points of the engine, mirroring <c>torch.autograd</c>.</summary>
public static partial class Autodiff
{
    /// <summary>
    /// The gradients of <paramref name="outputs"/> with respect to <paramref name="inputs"/>, returned rather than
    /// accumulated into <see cref="Grad"/> (PyTorch's <c>torch.autograd.grad</c>).
    /// </summary>
    /// <param name="outputs">Tensors to differentiate.</param>
    /// <param name="inputs">Tensors to differentiate with respect to.</param>
    /// <param name="gradOutputs">dL/d(output) per output; null entries are allowed for one-element outputs.</param>
    /// <param name="retainGraph">Keep the saved tensors (defaults to <paramref name="createGraph"/>).</param>
    /// <param name="createGraph">Make the returned gradients differentiable, for higher-order derivatives.</param>
    /// <param name="allowUnused">Return null for an input the outputs do not depend on, instead of throwing.</param>
    public static Tensor?[] Grad(
        IReadOnlyList<Tensor> outputs,
        IReadOnlyList<Tensor> inputs,
        IReadOnlyList<Tensor?>? gradOutputs = null,
        bool? retainGraph = null,
        bool createGraph = false,
        bool allowUnused = false) =>
        Engine.Grad(outputs, inputs, gradOutputs, retainGraph ?? createGraph, createGraph, allowUnused);
}

/// <summary>Helpers every op uses to decide whether to record, and to record, a backward node.</summary>
internal static class Graph
{
    /// <summary>
    /// True when grad mode is on and an input requires grad: the op's result must record a node. An input that is a
    /// view left behind by its base's in-place history is refused (<see cref="Tensor.CheckNotStaleView"/>).
    /// </summary>
    public static bool NeedsGrad(Tensor a) => GradMode.IsEnabled && Requires(a);

    /// <inheritdoc cref="NeedsGrad(Tensor)"/>
    public static bool NeedsGrad(Tensor a, Tensor b) => GradMode.IsEnabled && (Requires(a) | Requires(b));

    /// <inheritdoc cref="NeedsGrad(Tensor)"/>
    public static bool NeedsGrad(ReadOnlySpan<Tensor> inputs)
    {
        if (!GradMode.IsEnabled) return false;
        bool any = false;
        foreach (var t in inputs) any |= Requires(t);
        return any;
    }

    private static bool Requires(Tensor t)
    {
        if (t.RequiresGrad) return true;
        t.CheckNotStaleView();
        return false;
    }

    /// <summary>Attaches <paramref name="node"/> as the result's <see cref="Tensor.GradFn"/> and returns the result.</summary>
    public static Tensor Record(Tensor result, Node node)
    {
        var previous = result.GradFn;
        result.GradFn = node;
        // An in-place op gives the tensor new history; a retained gradient follows the tensor to it, as in PyTorch.
        if (previous is not null && ReferenceEquals(previous.RetainedOutput, result))
        {
            previous.RetainedOutput = null;
            node.RetainedOutput = result;
        }
        node.OnOutput(result);
        return result;
    }
}
