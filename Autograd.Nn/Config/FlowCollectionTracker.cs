using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Autograd.Nn.Config;

/// <summary>
/// Passes a YAML parser's events through while remembering which flow collections (<c>[…]</c>, <c>{…}</c>) are still
/// open, so a syntax error that YamlDotNet reports without a position can point at the bracket that was never closed.
/// </summary>
internal sealed class FlowCollectionTracker(IParser inner) : IParser
{
    /// <summary>A collection being read: where it starts, and for a flow one its brackets.</summary>
    internal sealed record OpenCollection(Mark Start, bool Flow, string Opening, char Closing);

    private readonly Stack<OpenCollection> _open = new();

    /// <inheritdoc/>
    public ParsingEvent? Current => inner.Current;

    /// <summary>The innermost flow collection not closed yet, or null.</summary>
    public OpenCollection? InnermostOpen => _open.FirstOrDefault(c => c.Flow);

    /// <inheritdoc/>
    public bool MoveNext()
    {
        if (!inner.MoveNext()) return false;
        switch (inner.Current)
        {
            case SequenceStart sequence:
                _open.Push(new OpenCollection(sequence.Start, sequence.Style == SequenceStyle.Flow, "'[' list", ']'));
                break;
            case MappingStart mapping:
                _open.Push(new OpenCollection(mapping.Start, mapping.Style == MappingStyle.Flow, "'{' mapping", '}'));
                break;
            case SequenceEnd or MappingEnd when _open.Count > 0:
                _open.Pop();
                break;
        }
        return true;
    }
}
