using System.Collections;

namespace Autograd.Nn;

/// <summary>
/// Applies its layers in order, each to the previous one's output (<c>nn.Sequential</c>). Layers are registered
/// as sub-modules named <c>0</c>, <c>1</c>, …, so their parameters are <c>0.weight</c>, <c>1.bias</c>, ….
/// </summary>
public sealed class Sequential : Module, IModule, IEnumerable<IModule>
{
    private readonly List<IModule> _layers = [];

    /// <summary>A chain of <paramref name="layers"/>; each must be a <see cref="Module"/>.</summary>
    public Sequential(params IModule[] layers)
    {
        foreach (var layer in layers) Add(layer);
    }

    /// <summary>Appends a layer (named by its position) and returns this chain.</summary>
    /// <exception cref="ArgumentException">The layer does not derive from <see cref="Module"/>.</exception>
    public Sequential Add(IModule layer)
    {
        if (layer is not Module module)
            throw new ArgumentException($"Sequential: layer {_layers.Count} ({layer.GetType().Name}) must derive from Module so its parameters can be registered.");
        RegisterModule(_layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module);
        _layers.Add(layer);
        return this;
    }

    /// <summary>The number of layers.</summary>
    public int Count => _layers.Count;

    /// <summary>The layer at <paramref name="index"/>.</summary>
    public IModule this[int index] => _layers[index];

    /// <summary>
    /// Runs the layers in order. Intermediate results are disposed as soon as the next layer has consumed them:
    /// backward keeps its own references to what it needs, so only the final output is returned to the caller.
    /// </summary>
    public Tensor Forward(Tensor input)
    {
        var x = input;
        foreach (var layer in _layers)
        {
            var next = layer.Forward(x);
            if (!ReferenceEquals(x, input) && !ReferenceEquals(x, next)) x.Dispose();
            x = next;
        }
        return x;
    }

    /// <inheritdoc/>
    public IEnumerator<IModule> GetEnumerator() => _layers.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
