using System.Globalization;
using System.Text.RegularExpressions;
using Autograd.Nn.Distributed;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Autograd.Nn.Config;

/// <summary>
/// Reads a <see cref="TrainingConfig"/> from YAML, applies <c>--set KEY=VALUE</c> overrides and validates the
/// result. Every error is a <see cref="ConfigException"/> that names the file, line and column (or the override).
/// </summary>
/// <example><code>
/// var config = ConfigLoader.Load("configs/fashion-mlp.yml", ["LR_BASE=0.001"]);
/// </code></example>
public static partial class ConfigLoader
{
    /// <summary>Reads the YAML file at <paramref name="path"/>, then applies <paramref name="overrides"/> (each <c>KEY=VALUE</c>).</summary>
    public static TrainingConfig Load(string path, IEnumerable<string>? overrides = null) =>
        Parse(File.ReadAllText(path), Path.GetFileName(path), overrides);

    /// <summary>Reads YAML text; <paramref name="sourceName"/> is what error messages call it.</summary>
    public static TrainingConfig Parse(string yaml, string sourceName = "config", IEnumerable<string>? overrides = null)
    {
        var reader = new Reader(new TrainingConfig());
        reader.Read(yaml, sourceName, lineNumbers: true);
        foreach (string assignment in overrides ?? [])
            reader.Override(assignment);
        reader.Validate();
        return reader.Config;
    }

    /// <summary>
    /// Applies overrides to a copy of an already valid config (for example the one saved in a checkpoint) and
    /// validates the result.
    /// </summary>
    public static TrainingConfig WithOverrides(TrainingConfig config, IEnumerable<string> overrides)
    {
        var reader = new Reader(config.Clone());
        foreach (string assignment in overrides)
            reader.Override(assignment);
        reader.Validate();
        return reader.Config;
    }

    /// <summary>Reads keys into one config, remembering where each was set so later cross-key checks can point at it.</summary>
    private sealed class Reader(TrainingConfig config)
    {
        public TrainingConfig Config { get; } = config;

        public void Read(string yaml, string source, bool lineNumbers)
        {
            RejectTabIndentation(yaml, source);
            var stream = new YamlStream();
            var scanner = new Scanner(new StringReader(yaml));
            var parser = new FlowCollectionTracker(new Parser(scanner));
            try
            {
                stream.Load(parser);
            }
            catch (YamlException e)
            {
                throw new ConfigException(At(source, e.Start, lineNumbers), $"not valid YAML: {WithoutPosition(e.Message)}");
            }
            catch (InvalidOperationException)
            {
                // YamlDotNet's scanner fails this way (with no position) on some malformed input, such as a flow list left
                // open before the next key; the list still open is the likeliest culprit, else where the scanner stopped.
                throw parser.InnermostOpen is { } open
                    ? new ConfigException(At(source, open.Start, lineNumbers),
                        $"not valid YAML: this {open.Opening} is never closed with '{open.Closing}'")
                    : new ConfigException(At(source, scanner.CurrentPosition, lineNumbers), "not valid YAML: the YAML reader cannot continue here");
            }
            if (stream.Documents.Count == 0) return;
            if (stream.Documents.Count > 1)
                throw new ConfigException(At(source, stream.Documents[1].RootNode.Start, lineNumbers), "expected one YAML document, found several");
            var root = stream.Documents[0].RootNode;
            if (root is YamlScalarNode { Value: null or "" }) return;
            if (root is not YamlMappingNode mapping)
                throw new ConfigException(At(source, root.Start, lineNumbers), "expected KEY: value lines at the top level");

            foreach (var (keyNode, valueNode) in mapping.Children)
            {
                string name = keyNode is YamlScalarNode { Value: { } text } ? text : keyNode.ToString();
                var keyLocation = At(source, keyNode.Start, lineNumbers);
                var key = ConfigKeys.Find(name)
                    ?? throw new ConfigException(keyLocation, $"unknown key '{name}'; did you mean '{ConfigKeys.Closest(name)}'?", name);
                var value = Convert(key, valueNode, node => At(source, node.Start, lineNumbers));
                key.Set(Config, value);
                Config.SetLocation(key.Name, keyLocation);
            }
        }

        public void Override(string assignment)
        {
            string source = $"--set {assignment}";
            int equals = assignment.IndexOf('=');
            if (equals <= 0)
                throw new ConfigException(new ConfigLocation(source, 0, 0), "an override must look like KEY=VALUE, for example LR_BASE=0.001");
            string name = assignment[..equals].Trim();
            string value = assignment[(equals + 1)..].Trim();
            if (ConfigKeys.Find(name) is null)
                throw new ConfigException(new ConfigLocation(source, 0, 0), $"unknown key '{name}'; did you mean '{ConfigKeys.Closest(name)}'?", name);
            Read($"{name}: {LiteralHash(value)}\n", source, lineNumbers: false);
        }

        /// <summary>
        /// An override's value with a <c>#</c> that YAML would read as a comment quoted, so <c>--set VERSION=#x</c>
        /// means the text <c>#x</c> instead of silently becoming null; values already quoted are left as typed.
        /// </summary>
        private static string LiteralHash(string value)
        {
            if (value.StartsWith('\'') || value.StartsWith('"')) return value;
            bool comment = false;
            for (int i = 0; i < value.Length && !comment; i++)
                comment = value[i] == '#' && (i == 0 || char.IsWhiteSpace(value[i - 1]));
            return comment ? "'" + value.Replace("'", "''") + "'" : value;
        }

        public void Validate()
        {
            var c = Config;
            if (c.BatchSize % c.GradAccuSteps != 0)
                throw new ConfigException(LastOf("BATCH_SIZE", "GRAD_ACCU_STEPS"),
                    $"BATCH_SIZE ({c.BatchSize}) must be divisible by GRAD_ACCU_STEPS ({c.GradAccuSteps}): " +
                    "each optimizer step splits the batch into GRAD_ACCU_STEPS equal micro-batches", "GRAD_ACCU_STEPS");
            int devices = DataParallelOptions.ParseDevices(c.Devices, c.Device).Count;
            if (devices > 1 && c.BatchSize % (devices * c.GradAccuSteps) != 0)
                throw new ConfigException(LastOf("BATCH_SIZE", "GRAD_ACCU_STEPS", "DEVICES"),
                    $"BATCH_SIZE ({c.BatchSize}) must be divisible by the {devices} DEVICES × GRAD_ACCU_STEPS ({c.GradAccuSteps}): " +
                    "each device takes an equal share of the batch in GRAD_ACCU_STEPS equal micro-batches", "DEVICES");
            if (c.HiddenSize % c.MultiHead != 0)
                throw new ConfigException(LastOf("HIDDEN_SIZE", "MULTI_HEAD"),
                    $"HIDDEN_SIZE ({c.HiddenSize}) must be divisible by MULTI_HEAD ({c.MultiHead}): each head gets HIDDEN_SIZE / MULTI_HEAD features",
                    "MULTI_HEAD");
            if (c.Resume && c.CkptVersion is null)
                throw new ConfigException(LastOf("RESUME"), "RESUME: true needs CKPT_VERSION, the run to continue", "CKPT_VERSION");
        }

        /// <summary>The location of whichever of the keys was set last (an override beats the file), else the config as a whole.</summary>
        private ConfigLocation LastOf(params string[] keys)
        {
            ConfigLocation? found = null;
            foreach (var entry in Config.Locations)
                if (keys.Contains(entry.Key) && (found is null || Later(entry.Value, found)))
                    found = entry.Value;
            return found ?? new ConfigLocation("config", 0, 0);
        }

        private static bool Later(ConfigLocation a, ConfigLocation b) =>
            (a.Line == 0) != (b.Line == 0) ? a.Line == 0 : a.Line > b.Line;
    }

    private static ConfigLocation At(string source, Mark mark, bool lineNumbers) =>
        lineNumbers ? new ConfigLocation(source, (int)mark.Line, (int)mark.Column) : new ConfigLocation(source, 0, 0);

    /// <summary>YAML forbids tabs in indentation; YamlDotNet's own message for them is cryptic, so catch them first.</summary>
    private static void RejectTabIndentation(string yaml, string source)
    {
        string[] lines = yaml.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            int column = 0;
            while (column < line.Length && line[column] is ' ' or '\t')
            {
                if (line[column] == '\t' && line.Trim().Length > 0)
                    throw new ConfigException(new ConfigLocation(source, i + 1, column + 1),
                        "a tab in the indentation; YAML allows only spaces there");
                column++;
            }
        }
    }

    /// <summary>Reads <paramref name="node"/> as <paramref name="key"/>'s value; <paramref name="at"/> locates a node, so a bad list item is reported at its own line.</summary>
    private static object? Convert(ConfigKey key, YamlNode node, Func<YamlNode, ConfigLocation> at)
    {
        var location = at(node);
        if (node is YamlScalarNode { Style: ScalarStyle.Plain, Value: "" or "~" or "null" or "Null" or "NULL" })
        {
            if (key.Nullable) return null;
            throw WrongType(key, location, "nothing (null)");
        }
        object value = key.Kind switch
        {
            ConfigValueKind.IntegerList => Sequence(key, node, location).Select(e => (int)Scalar(key, ConfigValueKind.Integer, e, at(e))).ToArray(),
            ConfigValueKind.NumberList => Sequence(key, node, location).Select(e => (double)Scalar(key, ConfigValueKind.Number, e, at(e))).ToArray(),
            ConfigValueKind.DeviceList when node is YamlSequenceNode list =>
                string.Join(", ", list.Children.Select(e => ((string)Scalar(key, ConfigValueKind.Text, e, at(e))).Trim())),
            ConfigValueKind.DeviceList => ((string)Scalar(key, ConfigValueKind.Text, node, location)).Trim(),
            _ => Scalar(key, key.Kind, node, location),
        };
        if (key.Check(value) is { } problem)
            throw new ConfigException(location, $"{key.Name} {problem}", key.Name);
        return value;
    }

    private static IEnumerable<YamlNode> Sequence(ConfigKey key, YamlNode node, ConfigLocation location) =>
        node is YamlSequenceNode sequence ? sequence.Children : throw WrongType(key, location, Describe(node));

    private static object Scalar(ConfigKey key, ConfigValueKind kind, YamlNode node, ConfigLocation location)
    {
        if (node is not YamlScalarNode { Value: { } text } scalar)
            throw WrongType(key, location, Describe(node));
        if (kind == ConfigValueKind.Text) return text;
        bool plain = scalar.Style == ScalarStyle.Plain;
        object? parsed = kind switch
        {
            ConfigValueKind.Integer when plain && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int i) => i,
            ConfigValueKind.Number when plain && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d) => d,
            ConfigValueKind.Boolean when plain && text is "true" or "True" or "TRUE" => true,
            ConfigValueKind.Boolean when plain && text is "false" or "False" or "FALSE" => false,
            _ => null,
        };
        if (parsed is null && kind == ConfigValueKind.Integer && plain &&
            System.Numerics.BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
            throw new ConfigException(location,
                $"{key.Name} is out of range: {text} is not between {int.MinValue} and {int.MaxValue}", key.Name);
        return parsed ?? throw WrongType(key, location, Describe(node));
    }

    private static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode { Style: ScalarStyle.Plain } s => $"'{s.Value}'",
        YamlScalarNode s => $"the quoted text '{s.Value}'",
        YamlSequenceNode => "a list",
        _ => "a mapping",
    };

    private static ConfigException WrongType(ConfigKey key, ConfigLocation location, string got) =>
        new(location, $"{key.Name} expects {key.KindDescription}, got {got}", key.Name);

    private static string WithoutPosition(string message) => PositionPrefix().Replace(message, "");

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex PositionPrefix();
}
