using System.Collections;

namespace Autograd.Nn;

/// <summary>
/// Holds sub-modules in a list so that their parameters are registered (<c>nn.ModuleList</c>), named <c>0</c>,
/// <c>1</c>, …; it has no forward of its own: the owner decides how to call them (e.g. MCAN's stacked encoder layers).
/// </summary>
public sealed class ModuleList : Module, IReadOnlyList<Module>
{
    private readonly List<Module> _items = [];

    /// <summary>A list holding <paramref name="modules"/>.</summary>
    public ModuleList(params Module[] modules)
    {
        foreach (var m in modules) Add(m);
    }

    /// <summary>Appends a module (named by its position) and returns this list.</summary>
    public ModuleList Add(Module module)
    {
        RegisterModule(_items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module);
        _items.Add(module);
        return this;
    }

    /// <inheritdoc/>
    public int Count => _items.Count;

    /// <inheritdoc/>
    public Module this[int index] => _items[index];

    /// <inheritdoc/>
    public IEnumerator<Module> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
