namespace Autograd;

/// <summary>
/// Reverse-mode differentiation over the recorded graph. It orders the nodes topologically (iteratively, so a
/// chain of 100,000 ops needs no deep stack), feeds each node the sum of the gradients flowing into it, sums
/// gradients back to broadcast input shapes, and either accumulates into the leaves' <see cref="Tensor.Grad"/>
/// (<see cref="Backward"/>) or returns them (<see cref="Grad"/>).
/// </summary>
internal static class Engine
{
    public static void Backward(Tensor[] roots, Tensor?[] gradients, bool retainGraph, bool createGraph) =>
        Run(roots, gradients, retainGraph, createGraph, captureInputs: null, allowUnused: true);

    public static Tensor?[] Grad(IReadOnlyList<Tensor> outputs, IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?>? gradOutputs,
        bool retainGraph, bool createGraph, bool allowUnused)
    {
        if (gradOutputs is not null && gradOutputs.Count != outputs.Count)
            throw new ArgumentException($"Grad: got {outputs.Count} outputs but {gradOutputs.Count} gradOutputs.");
        foreach (var input in inputs)
            if (!input.RequiresGrad) throw new ArgumentException($"Grad: an input of shape {Shape.Format(input.ShapeArray)} does not require grad.");
        var grads = gradOutputs is null ? new Tensor?[outputs.Count] : gradOutputs.ToArray();
        return Run(outputs.ToArray(), grads, retainGraph, createGraph, inputs.ToArray(), allowUnused)!;
    }

    private static Tensor?[]? Run(Tensor[] roots, Tensor?[] gradients, bool retainGraph, bool createGraph, Tensor[]? captureInputs, bool allowUnused)
    {
        using var mode = GradMode.Set(createGraph);
        var workspace = Workspace.Rent();
        var scope = workspace.PassScope;
        if (scope is null) workspace.PassScope = scope = new TensorScope();
        else scope.Reopen();
        try
        {
            return Run(workspace, scope, roots, gradients, retainGraph, createGraph, captureInputs, allowUnused);
        }
        finally
        {
            scope.Dispose();
            workspace.Return();
        }
    }

    private static Tensor?[]? Run(Workspace workspace, TensorScope scope, Tensor[] roots, Tensor?[] gradients, bool retainGraph, bool createGraph,
        Tensor[]? captureInputs, bool allowUnused)
    {
        var buffers = workspace.Buffers;
        var rootNodes = workspace.Roots;
        for (int i = 0; i < roots.Length; i++)
        {
            var root = roots[i];
            if (!root.RequiresGrad)
                throw new InvalidOperationException(
                    $"Element {i} of the tensors to differentiate does not require grad and has no GradFn: nothing recorded a graph for it " +
                    "(was it created under NoGrad(), or do no leaves have RequiresGrad = true?).");
            var node = root.GradEdgeNode;
            rootNodes.Add(node);
            Accumulate(buffers, node, RootGradient(root, gradients[i]), scope);
        }

        var order = TopologicalOrder(rootNodes, workspace);
        Dictionary<Node, int>? captureIndex = null;
        HashSet<Node>? needed = null;
        Tensor?[]? captured = null;
        if (captureInputs is not null)
        {
            captureIndex = new Dictionary<Node, int>(ReferenceEqualityComparer.Instance);
            for (int i = 0; i < captureInputs.Length; i++) captureIndex[captureInputs[i].GradEdgeNode] = i;
            needed = NodesLeadingTo(order, captureIndex);
            captured = new Tensor?[captureInputs.Length];
        }

        foreach (var node in order)
        {
            if (!buffers.Remove(node, out var grad)) continue;
            // A gradient a hook has seen may be kept by user code, so it must not become a leaf's .Grad as it is.
            bool seenByHooks = node.PreHooks is not null;
            grad = RunPreHooks(node, grad, scope);
            if (node.RetainedOutput is { } retained) AccumulateInto(retained, grad, createGraph, steal: false);

            if (captureIndex is not null && captureIndex.TryGetValue(node, out int slot))
            {
                TensorScope.Escape(grad);
                captured![slot] = grad;
            }
            if (node is AccumulateGrad acc)
            {
                if (captureInputs is null) AccumulateLeaf(acc, grad, createGraph, steal: !seenByHooks, scope);
                continue;
            }
            if (needed is not null && !needed.Contains(node)) continue;

            var inputGrads = CallBackward(node, grad, scope, ref workspace.NodeScope);
            if (!retainGraph) node.ReleaseSaved();
            for (int i = 0; i < node.Inputs.Length; i++)
            {
                var edge = node.Inputs[i];
                var g = inputGrads[i];
                if (edge.Node is null || g is null) continue;
                Accumulate(buffers, edge.Node, Conform(node, i, g, edge), scope);
            }
            if (ReferenceEquals(grad.OwnerScope, scope)) grad.Dispose();
        }

        if (captureInputs is null) return null;
        for (int i = 0; i < captured!.Length; i++)
        {
            if (captured[i] is null && !allowUnused)
                throw new InvalidOperationException(
                    $"Grad: input {i} ({Shape.Format(captureInputs[i].ShapeArray)}) was not used to compute the outputs; pass allowUnused: true to get null for it.");
        }
        return captured;
    }

    private static Tensor RootGradient(Tensor root, Tensor? gradient)
    {
        if (gradient is null)
        {
            if (root.Numel != 1)
                throw new InvalidOperationException(
                    $"The gradient can be created implicitly only for scalar outputs, but this output has shape {Shape.Format(root.ShapeArray)}; " +
                    "pass a gradient of that shape to Backward(gradient).");
            return Tensor.OnesLike(root);
        }
        if (!Shape.Equal(gradient.ShapeArray, root.ShapeArray))
            throw new ArgumentException(
                $"Backward: the gradient has shape {Shape.Format(gradient.ShapeArray)} but the output has shape {Shape.Format(root.ShapeArray)}; they must match.");
        root.CheckSameDevice("backward", gradient);
        // A fresh handle, so the engine may dispose it without touching the caller's tensor.
        return gradient.NewHandle();
    }

    /// <summary>Kahn's algorithm over dependency counts; among ready nodes the most recently created runs first.</summary>
    private static List<Node> TopologicalOrder(List<Node> roots, Workspace workspace)
    {
        var dependencies = workspace.Dependencies;
        var stack = workspace.Stack;
        foreach (var r in roots)
        {
            if (dependencies.TryAdd(r, 0)) stack.Push(r);
        }
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            foreach (var edge in node.Inputs)
            {
                if (edge.Node is not { } next) continue;
                if (dependencies.TryGetValue(next, out int count)) dependencies[next] = count + 1;
                else
                {
                    dependencies[next] = 1;
                    stack.Push(next);
                }
            }
        }

        var ready = workspace.Ready;
        foreach (var (node, count) in dependencies)
            if (count == 0) ready.Enqueue(node, -node.SequenceNumber);
        var order = workspace.Order;
        while (ready.TryDequeue(out var node, out _))
        {
            order.Add(node);
            foreach (var edge in node.Inputs)
            {
                if (edge.Node is not { } next) continue;
                if (--CollectionsMarshalRef(dependencies, next) == 0) ready.Enqueue(next, -next.SequenceNumber);
            }
        }
        return order;
    }

    private static ref int CollectionsMarshalRef(Dictionary<Node, int> d, Node key) =>
        ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrNullRef(d, key);

    /// <summary>
    /// The nodes whose backward must run for Grad: those with an edge into a capture target or into another such
    /// node. A target itself only runs when it leads to another target; its gradient is captured, as in PyTorch, and
    /// its own formula (and what it saved) is left alone.
    /// </summary>
    private static HashSet<Node> NodesLeadingTo(List<Node> order, Dictionary<Node, int> targets)
    {
        var needed = new HashSet<Node>(ReferenceEqualityComparer.Instance);
        for (int i = order.Count - 1; i >= 0; i--)
        {
            var node = order[i];
            bool need = false;
            foreach (var edge in node.Inputs)
                need |= edge.Node is { } next && (targets.ContainsKey(next) || needed.Contains(next));
            if (need) needed.Add(node);
        }
        return needed;
    }

    /// <summary>
    /// Runs the hooks registered on the tensor a node produced. They run in the scope that was current when backward
    /// was called, so tensors a hook creates belong to the caller, not to the pass (which disposes its own at the end).
    /// </summary>
    private static Tensor RunPreHooks(Node node, Tensor grad, TensorScope passScope)
    {
        if (node.PreHooks is null) return grad;
        using var callerScope = TensorScope.EnterOuter(passScope);
        foreach (var hook in node.PreHooks)
        {
            // A hook may keep the tensor it is shown, so the engine no longer owns it.
            TensorScope.Escape(grad);
            var replaced = hook(grad);
            if (replaced is null) continue;
            if (!Shape.Equal(replaced.ShapeArray, grad.ShapeArray) || replaced.DType != grad.DType)
                throw new InvalidOperationException(
                    $"A hook on the output of {node.Name} returned a {replaced.DType.Name()} gradient of shape {Shape.Format(replaced.ShapeArray)}; " +
                    $"it must keep the incoming gradient's dtype and shape, {grad.DType.Name()} {Shape.Format(grad.ShapeArray)}.");
            grad = replaced;
        }
        return grad;
    }

    private static Tensor?[] CallBackward(Node node, Tensor grad, TensorScope engineScope, ref TensorScope? inner)
    {
        Tensor?[] results;
        if (inner is null) inner = new TensorScope();
        else inner.Reopen();
        try
        {
            results = node.Backward(grad);
            if (results.Length != node.Inputs.Length)
                throw new InvalidOperationException($"{node.Name} returned {results.Length} gradients for {node.Inputs.Length} inputs.");
            for (int i = 0; i < results.Length; i++)
                if (results[i] is { } r && ReferenceEquals(r.OwnerScope, inner)) inner.Keep(r);
        }
        finally
        {
            inner.Dispose();
        }
        for (int i = 0; i < results.Length; i++)
        {
            // Every gradient the engine stores must be its own handle, so it can be disposed once consumed.
            if (results[i] is { } r && (!ReferenceEquals(r.OwnerScope, engineScope) || ReferenceEquals(r, grad) || IsRepeated(results, i)))
                results[i] = results[i]!.NewHandle();
        }
        return results;
    }

    private static bool IsRepeated(Tensor?[] results, int i)
    {
        if (results[i] is null) return false;
        for (int j = 0; j < i; j++)
            if (ReferenceEquals(results[j], results[i])) return true;
        return false;
    }

    /// <summary>Sums a gradient back to the input's (broadcast) shape and casts it to the input's dtype.</summary>
    private static Tensor Conform(Node node, int index, Tensor g, Edge edge)
    {
        var result = g;
        if (!Shape.Equal(result.ShapeArray, edge.Shape))
        {
            var reduced = result.SumToShape(edge.Shape, node.Name);
            result.Dispose();
            result = reduced;
        }
        if (result.DType != edge.DType)
        {
            var cast = result.To(edge.DType);
            result.Dispose();
            result = cast;
        }
        return result;
    }

    private static void Accumulate(Dictionary<Node, Tensor> buffers, Node node, Tensor grad, TensorScope scope)
    {
        if (buffers.TryGetValue(node, out var existing))
        {
            var sum = existing + grad;
            if (ReferenceEquals(existing.OwnerScope, scope)) existing.Dispose();
            if (ReferenceEquals(grad.OwnerScope, scope)) grad.Dispose();
            buffers[node] = sum;
        }
        else buffers[node] = grad;
    }

    private static void AccumulateLeaf(AccumulateGrad node, Tensor grad, bool createGraph, bool steal, TensorScope passScope)
    {
        AccumulateInto(node.Leaf, grad, createGraph, steal);
        if (node.PostAccumulateHooks is null) return;
        using var callerScope = TensorScope.EnterOuter(passScope);
        foreach (var hook in node.PostAccumulateHooks) hook(node.Leaf);
    }

    /// <summary>
    /// Adds a gradient into <c>target.Grad</c>, with PyTorch's rules for the first one: the engine's own dense,
    /// unshared gradient is kept as it is; any other is copied, so <c>.Grad</c> never shares memory with the
    /// caller's gradient argument, a hook's tensor or another leaf's <c>.Grad</c>. When a graph is being built the
    /// copy is recorded and later gradients are added out of place, so the accumulated gradient stays differentiable;
    /// otherwise they are added in place.
    /// </summary>
    private static void AccumulateInto(Tensor target, Tensor grad, bool createGraph, bool steal)
    {
        var existing = target.Grad;
        if (existing is null)
        {
            var stored = !createGraph && steal && grad.IsContiguous && grad.Storage.IsExclusive && !grad.RequiresGrad
                ? grad
                : createGraph ? grad.Clone() : grad.Detach().Clone();
            TensorScope.Escape(stored);
            target.Grad = stored;
        }
        else if (createGraph || existing.RequiresGrad)
        {
            var sum = existing + grad;
            TensorScope.Escape(sum);
            target.Grad = sum;
        }
        else
        {
            existing.AddInPlace(grad);
        }
    }

    /// <summary>
    /// The collections one backward pass needs, and its two tensor scopes (the pass's and the one reopened for each
    /// node's formula), kept per thread and cleared for the next pass, so a training step's backward does not rebuild
    /// its dictionaries, queues and scope lists from scratch. A pass started while another runs on the
    /// same thread (from a hook) gets its own.
    /// </summary>
    private sealed class Workspace
    {
        // A graph this large is rare; its collections are dropped rather than kept at that size.
        private const int MaxRetainedNodes = 1 << 14;

        [ThreadStatic] private static Workspace? _spare;

        public readonly Dictionary<Node, Tensor> Buffers = new(ReferenceEqualityComparer.Instance);
        public readonly Dictionary<Node, int> Dependencies = new(ReferenceEqualityComparer.Instance);
        public readonly List<Node> Roots = [];
        public readonly Stack<Node> Stack = new();
        public readonly PriorityQueue<Node, long> Ready = new();
        public readonly List<Node> Order = [];
        public TensorScope? PassScope, NodeScope;

        public static Workspace Rent()
        {
            var workspace = _spare ?? new Workspace();
            _spare = null;
            return workspace;
        }

        public void Return()
        {
            if (Order.Count > MaxRetainedNodes) return;
            Buffers.Clear();
            Dependencies.Clear();
            Roots.Clear();
            Stack.Clear();
            Ready.Clear();
            Order.Clear();
            _spare = this;
        }
    }
}
