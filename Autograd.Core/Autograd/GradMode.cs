namespace Autograd;

/// <summary>
/// Whether ops record the graph on the current thread (PyTorch's grad mode). Scopes from
/// <see cref="Tensor.NoGrad"/> and <see cref="Tensor.EnableGrad"/> switch it and restore the previous mode when
/// disposed, so they nest.
/// </summary>
public static class GradMode
{
    [ThreadStatic] private static bool _disabled;

    /// <summary>True when results of ops on tensors that require grad record a backward node.</summary>
    public static bool IsEnabled => !_disabled;

    internal static GradModeScope Set(bool enabled)
    {
        var scope = new GradModeScope(!_disabled);
        _disabled = !enabled;
        return scope;
    }

    internal static void Restore(bool enabled) => _disabled = !enabled;
}

/// <summary>Restores the previous grad mode when disposed.</summary>
public readonly struct GradModeScope : IDisposable
{
    private readonly bool _previous;

    internal GradModeScope(bool previous) => _previous = previous;

    /// <summary>Restores the grad mode that was active when the scope was opened.</summary>
    public void Dispose() => GradMode.Restore(_previous);
}

public sealed partial class Tensor
{
    /// <summary>Disables graph recording on this thread until the returned scope is disposed (<c>torch.no_grad()</c>).</summary>
    public static GradModeScope NoGrad() => GradMode.Set(false);

    /// <summary>Re-enables graph recording on this thread until the returned scope is disposed (<c>torch.enable_grad()</c>).</summary>
    public static GradModeScope EnableGrad() => GradMode.Set(true);

    /// <summary>Opens a <see cref="TensorScope"/> on this thread.</summary>
    public static TensorScope Scope() => new();
}
