namespace Autograd;

/// <summary>
/// One recorded operation in the backward graph (PyTorch's <c>grad_fn</c>). Given the gradient of the loss with
/// respect to the op's output, <see cref="Backward"/> returns the gradients with respect to each of its inputs.
/// </summary>
/// <remarks>
/// Backward formulas are written with ordinary differentiable tensor ops, so running them with grad mode on
/// (<c>createGraph: true</c>) records a graph of the gradient itself: that is all higher-order gradients need.
/// The engine, not the node, sums a gradient back to a broadcast input's shape.
/// </remarks>
public abstract class Node
{
    // The saved tensors as a chain through SavedTensor.Previous: most nodes save one or two, and a list would cost two objects.
    private SavedTensor? _lastSaved;

    /// <summary>Records the edges to the nodes that produced (or accumulate into) each input.</summary>
    protected Node(params ReadOnlySpan<Tensor> inputs)
    {
        var edges = new Edge[inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            var t = inputs[i];
            var node = t.RequiresGrad ? t.GradEdgeNode : null;
            node?.AddOwner();
            edges[i] = new Edge(node, t.ShapeArray, t.DType);
        }
        Inputs = edges;
        SequenceNumber = Interlocked.Increment(ref _nextSequenceNumber);
    }

    private static long _nextSequenceNumber;

    /// <summary>PyTorch-style name, e.g. <c>MulBackward0</c>: the class name.</summary>
    public virtual string Name => GetType().Name;

    /// <summary>Creation order; later nodes run first when both are ready, as in PyTorch.</summary>
    internal long SequenceNumber { get; private set; }

    /// <summary>One edge per op input: where that input's gradient goes, and the shape it must have.</summary>
    internal Edge[] Inputs { get; private set; }

    /// <summary>The nodes this one feeds gradients to (null for inputs that need none), for drawing the graph.</summary>
    public IReadOnlyList<Node?> NextFunctions => Array.ConvertAll(Inputs, e => e.Node);

    /// <summary>Hooks registered on the tensor this node produced; each may replace the gradient.</summary>
    internal List<Func<Tensor, Tensor?>>? PreHooks { get; set; }

    /// <summary>The non-leaf tensor whose <see cref="Tensor.Grad"/> is kept because of <see cref="Tensor.RetainGrad"/>.</summary>
    internal Tensor? RetainedOutput { get; set; }

    /// <summary>True when input <paramref name="index"/> needs a gradient; formulas skip the others.</summary>
    protected bool NeedsInputGrad(int index) => Inputs[index].Node is not null;

    /// <summary>
    /// Computes the gradients of the inputs from the gradient of the output, one entry per input
    /// (null where <see cref="NeedsInputGrad"/> is false or the gradient is zero by construction).
    /// </summary>
    protected internal abstract Tensor?[] Backward(Tensor gradOutput);

    /// <summary>Called once the op's result exists, for nodes whose formula needs the result itself.</summary>
    protected internal virtual void OnOutput(Tensor output)
    {
    }

    /// <summary>Keeps a tensor for the backward formula, with its version, so later in-place changes are detected.</summary>
    protected SavedTensor Save(Tensor tensor) => Track(new SavedTensor(tensor, this, null));

    /// <summary>
    /// Keeps a copy of an input that its op is about to overwrite in place (PyTorch's <c>original_self</c>), for a
    /// formula that needs the value from before the write. The copy is recorded as a clone of the input, so
    /// higher-order gradients still reach the input's history through it.
    /// </summary>
    protected SavedTensor SaveBeforeOverwrite(Tensor input)
    {
        using var original = input.Clone();
        return Save(original);
    }

    /// <summary>Saves this node's own output; unpacked, it is attached to this node so double backward sees it.</summary>
    protected SavedTensor SaveOutput(Tensor output) => Track(new SavedTensor(output, this, this));

    private SavedTensor Track(SavedTensor saved)
    {
        saved.Previous = _lastSaved;
        _lastSaved = saved;
        return saved;
    }

    // Owners are the live tensor handles whose GradFn is this node and the nodes with an edge to it. Once the last one
    // is gone nothing can start or continue a backward pass through this node. A leaf's accumulator saves nothing
    // and has no inputs, so it is not counted.
    private int _owners;

    [ThreadStatic] private static Stack<Node>? t_unowned;
    [ThreadStatic] private static bool t_releasing;

    /// <summary>
    /// Turns a member-wise copy of a node into a node of its own: new edges (owned by it), a new place in the
    /// creation order, no owners and no retained output yet. Its formula's parameters and hooks stay shared.
    /// </summary>
    private protected void BecomeNewNode(Edge[] inputs)
    {
        Inputs = inputs;
        foreach (var edge in inputs) edge.Node?.AddOwner();
        SequenceNumber = Interlocked.Increment(ref _nextSequenceNumber);
        _owners = 0;
        RetainedOutput = null;
    }

    internal void AddOwner()
    {
        if (this is not AccumulateGrad) Interlocked.Increment(ref _owners);
    }

    /// <summary>
    /// Drops one owner. The last one frees the node's saved tensors and releases its own hold on its inputs' nodes,
    /// so disposing the output of a forward pass that never ran backward frees the whole graph behind it.
    /// </summary>
    internal void ReleaseOwner()
    {
        if (this is AccumulateGrad || Interlocked.Decrement(ref _owners) != 0) return;
        // Nodes that lose their last owner while one is being freed are queued rather than freed recursively, so
        // dropping the output of a chain of a million ops cannot overflow the stack.
        if (t_releasing)
        {
            (t_unowned ??= new Stack<Node>()).Push(this);
            return;
        }
        t_releasing = true;
        try
        {
            var node = this;
            while (true)
            {
                node.ReleaseSaved();
                foreach (var edge in node.Inputs) edge.Node?.ReleaseOwner();
                if (t_unowned is not { Count: > 0 } unowned) break;
                node = unowned.Pop();
            }
        }
        finally
        {
            t_unowned?.Clear();
            t_releasing = false;
        }
    }

    /// <summary>Drops the saved tensors' storage references (after a backward pass without <c>retainGraph</c>).</summary>
    internal void ReleaseSaved()
    {
        for (var s = _lastSaved; s is not null; s = s.Previous) s.Release();
    }

    /// <inheritdoc/>
    public override string ToString() => $"<{Name}>";
}

/// <summary>Where one input's gradient goes: its producer's node (or leaf accumulator), its shape and dtype.</summary>
internal readonly record struct Edge(Node? Node, int[] Shape, DType DType);

/// <summary>
/// The sink node of a leaf that requires grad: it adds the incoming gradient into <see cref="Tensor.Grad"/>.
/// </summary>
public sealed class AccumulateGrad : Node
{
    internal AccumulateGrad(Tensor leaf)
    {
        Leaf = leaf;
    }

    /// <summary>The leaf whose gradient this node accumulates.</summary>
    public Tensor Leaf { get; }

    /// <summary>Hooks run after <see cref="Tensor.Grad"/> was updated.</summary>
    internal List<Action<Tensor>>? PostAccumulateHooks { get; set; }

    /// <summary>Not called: the engine accumulates leaves itself.</summary>
    protected internal override Tensor?[] Backward(Tensor gradOutput) => [];
}

/// <summary>
/// The node of a view op (reshape, transpose, narrow, …): its result shares the input's storage, so writing into
/// it in place would also change the input behind autograd's back. In-place ops refuse such tensors when gradients
/// are involved rather than silently computing a wrong gradient.
/// </summary>
internal abstract class ViewNode(Tensor input) : Node(input)
{
    /// <summary>The tensor the view was taken from.</summary>
    internal Tensor Base { get; } = input;

    /// <summary>
    /// This node again, but leading to <paramref name="baseNode"/>: the view's node once an in-place op has given its
    /// base new history (PyTorch regenerates a view's grad_fn then). A view's formula depends only on shapes, never on
    /// the base's history, so a copy with the new edge is exactly that node. The old node stays as it is for the
    /// results computed from the view before the in-place op.
    /// </summary>
    internal ViewNode Rebased(Node? baseNode)
    {
        var copy = (ViewNode)MemberwiseClone();
        copy.BecomeNewNode([Inputs[0] with { Node = baseNode }]);
        return copy;
    }
}
