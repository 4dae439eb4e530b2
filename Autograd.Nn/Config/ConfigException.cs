namespace Autograd.Nn.Config;

/// <summary>Where a config value came from: a file position (1-based line and column) or a command-line override.</summary>
/// <param name="Source">The file name, or the override as typed (<c>--set BATCH_SIZE=0</c>).</param>
/// <param name="Line">1-based line; 0 for an override.</param>
/// <param name="Column">1-based column; 0 for an override.</param>
public sealed record ConfigLocation(string Source, int Line, int Column)
{
    /// <summary><c>file:line:column</c>, the form editors and terminals turn into links; just the source for overrides.</summary>
    public override string ToString() => Line > 0 ? $"{Source}:{Line}:{Column}" : Source;
}

/// <summary>A config that cannot be used, with the position of the offending text.</summary>
public sealed class ConfigException : Exception
{
    /// <summary>Creates the error; the message reads <c>model.yml:3:1: unknown key 'BATCHSIZE' …</c>.</summary>
    public ConfigException(ConfigLocation location, string problem, string? key = null)
        : base($"{location}: {problem}")
    {
        Location = location;
        Problem = problem;
        Key = key;
    }

    /// <summary>Where the problem is.</summary>
    public ConfigLocation Location { get; }

    /// <summary>The problem without the location.</summary>
    public string Problem { get; }

    /// <summary>The key concerned, when there is one.</summary>
    public string? Key { get; }
}
