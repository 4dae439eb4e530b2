namespace Autograd.Nn;

public abstract partial class Module
{
    /// <summary>
    /// The module's state by hierarchical name: every parameter and every persistent buffer, as detached tensors
    /// that share storage with the module (like PyTorch's <c>state_dict()</c>; clone them to keep a snapshot).
    /// A tensor tied between two modules appears under both names.
    /// </summary>
    public Dictionary<string, Tensor> StateDict()
    {
        var state = new Dictionary<string, Tensor>();
        foreach (var (name, tensor) in StateEntries()) state[name] = tensor.Detach();
        return state;
    }

    /// <summary>
    /// Copies the values of <paramref name="state"/> into this module's parameters and persistent buffers, in place
    /// (so references held by optimizers stay valid), casting to each tensor's dtype and copying onto its device.
    /// Nothing is copied unless every check passes.
    /// </summary>
    /// <param name="state">Tensors by hierarchical name, as produced by <see cref="StateDict"/>.</param>
    /// <param name="strict">Require the keys to match exactly; otherwise missing and unexpected keys are skipped.</param>
    /// <exception cref="StateDictMismatchException">
    /// A shape differs from the module's, or (when <paramref name="strict"/>) keys are missing or unexpected; the
    /// message and the exception's lists name every offending entry.
    /// </exception>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state, bool strict = true)
    {
        var targets = StateEntries().ToList();
        var expected = targets.Select(t => t.Name).ToHashSet();
        var missing = targets.Where(t => !state.ContainsKey(t.Name)).Select(t => t.Name).ToList();
        var unexpected = state.Keys.Where(k => !expected.Contains(k)).Order(StringComparer.Ordinal).ToList();
        var mismatched = new List<string>();
        foreach (var (name, target) in targets)
        {
            if (state.TryGetValue(name, out var source) && !source.Shape.SequenceEqual(target.Shape))
                mismatched.Add($"{name}: the state dict has {Autograd.Shape.Format([.. source.Shape])}, the module has {Autograd.Shape.Format([.. target.Shape])}");
        }
        if (mismatched.Count > 0 || (strict && (missing.Count > 0 || unexpected.Count > 0)))
            throw new StateDictMismatchException(GetType().Name, strict ? missing : [], strict ? unexpected : [], mismatched);

        using var noGrad = Tensor.NoGrad();
        foreach (var (name, target) in targets)
        {
            if (!state.TryGetValue(name, out var source)) continue;
            if (ReferenceEquals(source.Device, target.Device))
            {
                target.CopyFrom(source);
                continue;
            }
            using var moved = source.To(target.Device);
            target.CopyFrom(moved);
        }
    }

    private IEnumerable<(string Name, Tensor Value)> StateEntries()
    {
        foreach (var (prefix, module) in NamedModules())
        {
            foreach (var (name, p) in module._parameters) yield return (Join(prefix, name), p);
            foreach (var (name, b) in module._buffers)
                if (b is not null && !module._nonPersistentBuffers.Contains(name)) yield return (Join(prefix, name), b);
        }
    }
}

/// <summary>
/// Thrown by <see cref="Module.LoadStateDict"/> when a state dict does not fit the module: the lists name the
/// missing keys, the unexpected keys and the entries whose shape differs.
/// </summary>
public sealed class StateDictMismatchException : Exception
{
    /// <summary>Creates the exception and its message from the three lists.</summary>
    public StateDictMismatchException(string module, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected, IReadOnlyList<string> shapeMismatches)
        : base(Describe(module, missing, unexpected, shapeMismatches))
    {
        MissingKeys = missing;
        UnexpectedKeys = unexpected;
        ShapeMismatches = shapeMismatches;
    }

    /// <summary>Keys the module has and the state dict lacks.</summary>
    public IReadOnlyList<string> MissingKeys { get; }

    /// <summary>Keys the state dict has and the module lacks.</summary>
    public IReadOnlyList<string> UnexpectedKeys { get; }

    /// <summary>One line per entry present in both with different shapes: <c>name: the state dict has [..], the module has [..]</c>.</summary>
    public IReadOnlyList<string> ShapeMismatches { get; }

    private static string Describe(string module, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected, IReadOnlyList<string> shapes)
    {
        var lines = new List<string> { $"Error(s) in loading the state dict for {module}:" };
        if (missing.Count > 0) lines.Add("  Missing key(s): " + string.Join(", ", missing.Select(k => $"\"{k}\"")) + ".");
        if (unexpected.Count > 0) lines.Add("  Unexpected key(s): " + string.Join(", ", unexpected.Select(k => $"\"{k}\"")) + ".");
        lines.AddRange(shapes.Select(s => "  Size mismatch for " + s + "."));
        return string.Join("\n", lines);
    }
}
