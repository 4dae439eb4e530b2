using System.Text;

namespace Autograd.Nn;

/// <summary>
/// The base of every layer and model (PyTorch's <c>nn.Module</c>). A module owns named parameters (leaf tensors
/// that require grad and are trained), named buffers (state such as BatchNorm's running statistics, saved but not
/// trained) and named sub-modules. Names are hierarchical: a parameter <c>weight</c> of the sub-module
/// <c>linear_q</c> of the sub-module <c>0</c> of <c>encoder</c> is <c>encoder.0.linear_q.weight</c>.
/// </summary>
/// <remarks>
/// Registration is explicit (<see cref="RegisterParameter"/>, <see cref="RegisterBuffer"/>,
/// <see cref="RegisterModule{T}"/>), in the order a module's constructor calls them; that order is the order of
/// <see cref="Parameters"/> and <see cref="StateDict"/>. Layers read their tensors back by name
/// (<see cref="GetParameter"/>, <see cref="GetBuffer"/>), so they see the copies that <see cref="To"/> puts in place of buffers.
/// A module owns its tensors: build it outside any <see cref="TensorScope"/> whose end would dispose them.
/// </remarks>
public abstract partial class Module
{
    private readonly OrderedDictionary<string, Tensor> _parameters = [];
    private readonly OrderedDictionary<string, Tensor?> _buffers = [];
    private readonly HashSet<string> _nonPersistentBuffers = [];
    private readonly OrderedDictionary<string, Module> _modules = [];

    /// <summary>True in training mode (the default), false in evaluation mode; changes Dropout and BatchNorm.</summary>
    public bool Training { get; private set; } = true;

    /// <summary>
    /// Adds a parameter under <paramref name="name"/>. The tensor, a floating-point leaf, becomes trainable
    /// (<c>RequiresGrad = true</c>). Returns the tensor, for field initialisers.
    /// </summary>
    /// <exception cref="ArgumentException">The name is empty, contains '.', or is already used in this module; or the tensor is not a leaf.</exception>
    public Tensor RegisterParameter(string name, Tensor value)
    {
        CheckNewName(name);
        if (!value.IsLeaf)
            throw new ArgumentException($"{GetType().Name}.RegisterParameter: '{name}' must be a leaf tensor, but it was computed by {value.GradFn!.Name}; register value.Detach().");
        if (!value.RequiresGrad) value.RequiresGrad = true;
        _parameters[name] = value;
        return value;
    }

    /// <summary>
    /// Adds a buffer under <paramref name="name"/>: state that moves with the module and, when
    /// <paramref name="persistent"/>, is saved in the <see cref="StateDict"/>, but is never trained. A null buffer
    /// (like BatchNorm's statistics when they are not tracked) is registered but skipped everywhere.
    /// </summary>
    /// <exception cref="ArgumentException">The name is empty, contains '.', or is already used in this module.</exception>
    public Tensor? RegisterBuffer(string name, Tensor? value, bool persistent = true)
    {
        CheckNewName(name);
        _buffers[name] = value;
        if (!persistent) _nonPersistentBuffers.Add(name);
        return value;
    }

    /// <summary>Adds a sub-module under <paramref name="name"/>; its parameters appear as <c>name.…</c>. Returns it.</summary>
    /// <exception cref="ArgumentException">The name is empty, contains '.', or is already used in this module.</exception>
    public T RegisterModule<T>(string name, T module) where T : Module
    {
        CheckNewName(name);
        if (ReferenceEquals(module, this)) throw new ArgumentException($"{GetType().Name}.RegisterModule: a module cannot contain itself ('{name}').");
        _modules[name] = module;
        return module;
    }

    /// <summary>This module's own parameter called <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such parameter is registered on this module.</exception>
    protected Tensor GetParameter(string name) => _parameters.TryGetValue(name, out var p) ? p
        : throw new KeyNotFoundException($"{GetType().Name} has no parameter '{name}'.");

    /// <summary>This module's own parameter called <paramref name="name"/>, or null when it has none (e.g. no bias).</summary>
    protected Tensor? FindParameter(string name) => _parameters.TryGetValue(name, out var p) ? p : null;

    /// <summary>This module's own buffer called <paramref name="name"/> (null when registered as null).</summary>
    /// <exception cref="KeyNotFoundException">No such buffer is registered on this module.</exception>
    protected Tensor? GetBuffer(string name) => _buffers.TryGetValue(name, out var b) ? b
        : throw new KeyNotFoundException($"{GetType().Name} has no buffer '{name}'.");

    /// <summary>Replaces the value of an existing buffer (e.g. a counter that is recomputed rather than updated in place).</summary>
    protected void SetBuffer(string name, Tensor? value)
    {
        if (!_buffers.ContainsKey(name)) throw new KeyNotFoundException($"{GetType().Name} has no buffer '{name}'.");
        _buffers[name] = value;
    }

    private void CheckNewName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.'))
            throw new ArgumentException($"{GetType().Name}: '{name}' is not a valid name for a parameter, buffer or module (it must be non-empty and contain no '.').");
        if (_parameters.ContainsKey(name) || _buffers.ContainsKey(name) || _modules.ContainsKey(name))
            throw new ArgumentException($"{GetType().Name}: the name '{name}' is already registered.");
    }

    /// <summary>The direct sub-modules with their names, in registration order.</summary>
    public IEnumerable<(string Name, Module Value)> NamedChildren()
    {
        foreach (var (name, module) in _modules) yield return (name, module);
    }

    /// <summary>The direct sub-modules, in registration order.</summary>
    public IEnumerable<Module> Children() => NamedChildren().Select(c => c.Value);

    /// <summary>
    /// This module (named <c>""</c>) and every module below it, depth first, with hierarchical names
    /// (<c>encoder</c>, <c>encoder.0</c>, …). A module reachable by two paths is listed once, under the first.
    /// </summary>
    public IEnumerable<(string Name, Module Value)> NamedModules()
    {
        var seen = new HashSet<Module>(ReferenceEqualityComparer.Instance);
        return Walk("", seen);
    }

    private IEnumerable<(string Name, Module Value)> Walk(string prefix, HashSet<Module> seen)
    {
        if (!seen.Add(this)) yield break;
        yield return (prefix, this);
        foreach (var (name, child) in _modules)
            foreach (var entry in child.Walk(Join(prefix, name), seen))
                yield return entry;
    }

    /// <summary>Every parameter with its hierarchical name; a tensor shared by two modules is listed once.</summary>
    /// <param name="recurse">Include sub-modules' parameters (the default), or only this module's own.</param>
    public IEnumerable<(string Name, Tensor Value)> NamedParameters(bool recurse = true)
    {
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var (prefix, module) in recurse ? NamedModules() : [("", this)])
            foreach (var (name, p) in module._parameters)
                if (seen.Add(p)) yield return (Join(prefix, name), p);
    }

    /// <summary>Every parameter (the tensors to hand to an optimizer), in registration order.</summary>
    public IEnumerable<Tensor> Parameters(bool recurse = true) => NamedParameters(recurse).Select(p => p.Value);

    /// <summary>Every non-null buffer with its hierarchical name, persistent or not.</summary>
    public IEnumerable<(string Name, Tensor Value)> NamedBuffers(bool recurse = true)
    {
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var (prefix, module) in recurse ? NamedModules() : [("", this)])
            foreach (var (name, b) in module._buffers)
                if (b is not null && seen.Add(b)) yield return (Join(prefix, name), b);
    }

    /// <summary>Every non-null buffer.</summary>
    public IEnumerable<Tensor> Buffers(bool recurse = true) => NamedBuffers(recurse).Select(b => b.Value);

    /// <summary>The number of scalar parameters (shared tensors counted once).</summary>
    /// <param name="trainableOnly">Count only parameters with <c>RequiresGrad</c> (not frozen ones).</param>
    public long ParameterCount(bool trainableOnly = false) =>
        Parameters().Where(p => !trainableOnly || p.RequiresGrad).Sum(p => (long)p.Numel);

    /// <summary>Sets training mode on this module and every sub-module; returns this module.</summary>
    public Module Train(bool mode = true)
    {
        foreach (var (_, module) in NamedModules()) module.Training = mode;
        return this;
    }

    /// <summary>Evaluation mode (<c>Train(false)</c>): Dropout is the identity and BatchNorm uses its running statistics.</summary>
    public Module Eval() => Train(false);

    /// <summary>
    /// Resets the gradients of every parameter. With <paramref name="setToNone"/> (PyTorch's default) each
    /// <c>Grad</c> becomes null and its tensor is disposed, so the next backward allocates a fresh one and no
    /// memory is spent on zeros; otherwise each gradient is detached from any graph in place (PyTorch's
    /// <c>detach_()</c>) and filled with zeros.
    /// </summary>
    public void ZeroGrad(bool setToNone = true) => Optim.ZeroGrad(Parameters(), setToNone);

    /// <summary>
    /// Moves every parameter, its gradient, and every buffer to <paramref name="device"/> (a no-op for tensors
    /// already there), as PyTorch's <c>module.to(device)</c> does. Parameters keep their identity: each is pointed at
    /// a copy of its elements on the new device (<see cref="Tensor.SetData"/>), keeping its <c>RequiresGrad</c>,
    /// <c>Grad</c> and hooks, so an optimizer built from <see cref="Parameters"/> before the move still updates them.
    /// Buffers are replaced by copies, as in PyTorch. Returns this module.
    /// </summary>
    /// <remarks>
    /// An optimizer's per-parameter state follows its parameter at the first step only (when PyTorch would create
    /// it); moving a model whose optimizer has already stepped makes that optimizer's next step fail, as in PyTorch.
    /// </remarks>
    public Module To(Device device)
    {
        using var noGrad = Tensor.NoGrad();
        foreach (var (_, module) in NamedModules())
        {
            // A parameter shared by several modules is moved on its first visit and found on the device afterwards.
            foreach (var p in module._parameters.Values)
            {
                if (ReferenceEquals(p.Device, device)) continue;
                MoveData(p, device);
                if (p.Grad is not { } grad || ReferenceEquals(grad.Device, device)) continue;
                // A gradient built with createGraph has history on the old device; it moves as a plain gradient.
                if (!grad.IsLeaf) grad.DetachInPlace();
                MoveData(grad, device);
            }
            foreach (var name in module._buffers.Keys.ToList())
            {
                if (module._buffers[name] is not { } b || ReferenceEquals(b.Device, device)) continue;
                module._buffers[name] = b.To(device);
                b.Dispose();
            }
        }
        return this;
    }

    private static void MoveData(Tensor leaf, Device device)
    {
        // SetData takes its own reference to the copy's elements, so the copy's handle is released at once.
        using var moved = leaf.To(device);
        leaf.SetData(moved);
    }

    /// <summary>The layer's settings for <see cref="ToString"/>, e.g. <c>in_features=3, out_features=4, bias=True</c>.</summary>
    protected virtual string ExtraRepr() => "";

    /// <summary>PyTorch-style description of the module tree, one sub-module per line.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(GetType().Name).Append('(').Append(ExtraRepr());
        if (_modules.Count == 0) return sb.Append(')').ToString();
        sb.Append('\n');
        foreach (var (name, child) in _modules)
        {
            var lines = child.ToString().Split('\n');
            sb.Append("  (").Append(name).Append("): ").Append(lines[0]).Append('\n');
            foreach (var line in lines.Skip(1)) sb.Append("  ").Append(line).Append('\n');
        }
        return sb.Append(')').ToString();
    }

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;
}
