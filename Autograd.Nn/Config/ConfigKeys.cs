using System.Globalization;
using Autograd.Nn.Distributed;

namespace Autograd.Nn.Config;

/// <summary>The YAML type a config key accepts.</summary>
public enum ConfigValueKind
{
    /// <summary>A whole number: <c>4</c>.</summary>
    Integer,
    /// <summary>A real number: <c>0.001</c>, <c>1e-9</c>.</summary>
    Number,
    /// <summary>Text, quoted or not: <c>'small'</c>.</summary>
    Text,
    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,
    /// <summary>A list of whole numbers: <c>[10, 12]</c>.</summary>
    IntegerList,
    /// <summary>A list of real numbers: <c>[0.9, 0.98]</c>.</summary>
    NumberList,
    /// <summary>A count or a list of device names: <c>2</c>, <c>[cpu, cpu:1]</c>; kept as the text <c>2</c> or <c>cpu, cpu:1</c>.</summary>
    DeviceList,
}

/// <summary>
/// One config key: its YAML name, its type, and how it reads and writes <see cref="TrainingConfig"/>.
/// <see cref="Check"/> returns why a well-typed value is still unacceptable, or null.
/// </summary>
public sealed record ConfigKey(
    string Name,
    ConfigValueKind Kind,
    bool Nullable,
    Func<TrainingConfig, object?> Get,
    Action<TrainingConfig, object?> Set,
    Func<object, string?> Check)
{
    /// <summary>The key's current value in <paramref name="config"/>, written as YAML.</summary>
    public string Format(TrainingConfig config) => Get(config) switch
    {
        null => "null",
        string devices when Kind == ConfigValueKind.DeviceList =>
            int.TryParse(devices, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) ? devices : "[" + devices + "]",
        string s => "'" + s.Replace("'", "''") + "'",
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        int[] list => "[" + string.Join(", ", list.Select(i => i.ToString(CultureInfo.InvariantCulture))) + "]",
        double[] list => "[" + string.Join(", ", list.Select(d => d.ToString("R", CultureInfo.InvariantCulture))) + "]",
        var other => other.ToString() ?? "null",
    };

    /// <summary>A readable name of <see cref="Kind"/> for error messages.</summary>
    public string KindDescription => Kind switch
    {
        ConfigValueKind.Integer => "a whole number",
        ConfigValueKind.Number => "a number",
        ConfigValueKind.Text => "text",
        ConfigValueKind.Boolean => "true or false",
        ConfigValueKind.IntegerList => "a list of whole numbers, like [10, 12]",
        ConfigValueKind.DeviceList => "a device count or a list of devices, like [cpu, cpu:1]",
        _ => "a list of numbers, like [0.9, 0.98]",
    };
}

/// <summary>The table of every key a <see cref="TrainingConfig"/> understands.</summary>
public static class ConfigKeys
{
    /// <summary>All keys, MCAN's first, in the order <see cref="TrainingConfig.ToYaml"/> writes them.</summary>
    public static IReadOnlyList<ConfigKey> All { get; } =
    [
        Integer("LAYER", c => c.Layer, (c, v) => c.Layer = v, Positive),
        Integer("HIDDEN_SIZE", c => c.HiddenSize, (c, v) => c.HiddenSize = v, Positive),
        Integer("MULTI_HEAD", c => c.MultiHead, (c, v) => c.MultiHead = v, Positive),
        Number("DROPOUT_R", c => c.DropoutR, (c, v) => c.DropoutR = v, v => v is >= 0 and < 1 ? null : "must be in [0, 1)"),
        Integer("FLAT_MLP_SIZE", c => c.FlatMlpSize, (c, v) => c.FlatMlpSize = v, Positive),
        Integer("FLAT_GLIMPSES", c => c.FlatGlimpses, (c, v) => c.FlatGlimpses = v, Positive),
        Integer("FLAT_OUT_SIZE", c => c.FlatOutSize, (c, v) => c.FlatOutSize = v, Positive),
        Number("LR_BASE", c => c.LrBase, (c, v) => c.LrBase = v, PositiveNumber),
        Number("LR_DECAY_R", c => c.LrDecayR, (c, v) => c.LrDecayR = v, PositiveNumber),
        IntegerList("LR_DECAY_LIST", c => c.LrDecayList, (c, v) => c.LrDecayList = v, v => v.All(e => e >= 0) ? null : "epochs (counted from 0) must be ≥ 0"),
        Integer("GRAD_ACCU_STEPS", c => c.GradAccuSteps, (c, v) => c.GradAccuSteps = v, Positive),
        Text("CKPT_VERSION", c => c.CkptVersion, (c, v) => c.CkptVersion = v, FileNameSafe),
        new("CKPT_EPOCH", ConfigValueKind.Integer, true, c => c.CkptEpoch, (c, v) => c.CkptEpoch = (int?)v, v => Positive((int)v)),
        Text("MODEL", c => c.Model, (c, v) => c.Model = v!, v => OneOf(v, "mlp", "cnn")),
        IntegerList("MLP_HIDDEN", c => c.MlpHidden, (c, v) => c.MlpHidden = v, v => v.All(e => e > 0) ? null : "widths must be positive"),
        IntegerList("CONV_CHANNELS", c => c.ConvChannels, (c, v) => c.ConvChannels = v, v => v.Length > 0 && v.All(e => e > 0) ? null : "needs at least one positive channel count"),
        Text("DATASET", c => c.Dataset, (c, v) => c.Dataset = v!, v => OneOf(v, "digits", "fashion-mnist")),
        Text("DATA_DIR", c => c.DataDir, (c, v) => c.DataDir = v, _ => null),
        Integer("BATCH_SIZE", c => c.BatchSize, (c, v) => c.BatchSize = v, Positive),
        Integer("MAX_EPOCH", c => c.MaxEpoch, (c, v) => c.MaxEpoch = v, Positive),
        Text("OPTIMIZER", c => c.Optimizer, (c, v) => c.Optimizer = v!, v => OneOf(v, "adam", "adamw", "sgd")),
        NumberList("OPT_BETAS", c => c.OptBetas, (c, v) => c.OptBetas = v, v => v is [>= 0 and < 1, >= 0 and < 1] ? null : "must be two numbers in [0, 1), like [0.9, 0.98]"),
        Number("OPT_EPS", c => c.OptEps, (c, v) => c.OptEps = v, PositiveNumber),
        Number("WEIGHT_DECAY", c => c.WeightDecay, (c, v) => c.WeightDecay = v, v => v >= 0 ? null : "must not be negative"),
        Number("GRAD_NORM_CLIP", c => c.GradNormClip, (c, v) => c.GradNormClip = v, _ => null),
        Integer("SEED", c => c.Seed, (c, v) => c.Seed = v, v => v >= 0 ? null : "must not be negative"),
        Text("DEVICE", c => c.Device, (c, v) => c.Device = v!, v => v.Length > 0 ? null : "must name a device, like cpu"),
        new("DEVICES", ConfigValueKind.DeviceList, true, c => c.Devices, (c, v) => c.Devices = (string?)v,
            v => ((string)v).Length == 0 ? "must list at least one device" : DataParallelOptions.DevicesProblem((string)v)),
        Text("DISTRIBUTED", c => c.Distributed, (c, v) => c.Distributed = v!, v => OneOf(v, "auto", "mpi", "none")),
        Text("VERSION", c => c.Version, (c, v) => c.Version = v, FileNameSafe),
        Boolean("RESUME", c => c.Resume, (c, v) => c.Resume = v),
        Boolean("EVAL_EVERY_EPOCH", c => c.EvalEveryEpoch, (c, v) => c.EvalEveryEpoch = v),
        Text("OUTPUT_PATH", c => c.OutputPath, (c, v) => c.OutputPath = v!, _ => null),
        Text("CKPTS_PATH", c => c.CkptsPath, (c, v) => c.CkptsPath = v, _ => null),
        Text("LOG_PATH", c => c.LogPath, (c, v) => c.LogPath = v, _ => null),
    ];

    private static readonly Dictionary<string, ConfigKey> ByName = All.ToDictionary(k => k.Name, StringComparer.Ordinal);

    /// <summary>The key called <paramref name="name"/> (exact, upper case), or null.</summary>
    public static ConfigKey? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>The known key with the smallest edit distance to <paramref name="name"/> (ignoring case), for "did you mean" hints.</summary>
    public static string Closest(string name) =>
        All.MinBy(k => EditDistance(name.ToUpperInvariant(), k.Name))!.Name;

    /// <summary>Levenshtein distance: the fewest single-character insertions, deletions and substitutions from a to b.</summary>
    internal static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    private static string? Positive(int v) => v > 0 ? null : $"must be positive, got {v}";

    private static string? PositiveNumber(double v) => v > 0 ? null : $"must be positive, got {v.ToString(CultureInfo.InvariantCulture)}";

    private static string? OneOf(string v, params string[] allowed) =>
        allowed.Contains(v) ? null : $"must be one of {string.Join(", ", allowed)}; got '{v}'";

    private static string? FileNameSafe(string v) =>
        v.Length > 0 && v.IndexOfAny(['/', '\\', ':', '*', '?', '"', '<', '>', '|']) < 0 && v is not ("." or "..")
            ? null
            : $"names a folder and a file, so it must be a plain non-empty name; got '{v}'";

    private static ConfigKey Integer(string name, Func<TrainingConfig, int> get, Action<TrainingConfig, int> set, Func<int, string?> check) =>
        new(name, ConfigValueKind.Integer, false, c => get(c), (c, v) => set(c, (int)v!), v => check((int)v));

    private static ConfigKey Number(string name, Func<TrainingConfig, double> get, Action<TrainingConfig, double> set, Func<double, string?> check) =>
        new(name, ConfigValueKind.Number, false, c => get(c), (c, v) => set(c, (double)v!), v => check((double)v));

    private static ConfigKey Boolean(string name, Func<TrainingConfig, bool> get, Action<TrainingConfig, bool> set) =>
        new(name, ConfigValueKind.Boolean, false, c => get(c), (c, v) => set(c, (bool)v!), _ => null);

    private static ConfigKey Text(string name, Func<TrainingConfig, string?> get, Action<TrainingConfig, string?> set, Func<string, string?> check) =>
        new(name, ConfigValueKind.Text, get(new TrainingConfig()) is null, get, (c, v) => set(c, (string?)v), v => check((string)v));

    private static ConfigKey IntegerList(string name, Func<TrainingConfig, int[]> get, Action<TrainingConfig, int[]> set, Func<int[], string?> check) =>
        new(name, ConfigValueKind.IntegerList, false, get, (c, v) => set(c, (int[])v!), v => check((int[])v));

    private static ConfigKey NumberList(string name, Func<TrainingConfig, double[]> get, Action<TrainingConfig, double[]> set, Func<double[], string?> check) =>
        new(name, ConfigValueKind.NumberList, false, get, (c, v) => set(c, (double[])v!), v => check((double[])v));
}
