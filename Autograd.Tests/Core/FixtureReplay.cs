using System.Reflection;
using System.Text.Json;

namespace Autograd.Tests.Core;

/// <summary>One step of a fixture program: <c>out = op(args…, kwargs)</c>.</summary>
public sealed record FixtureStep(string Op, string[] Args, JsonElement Kwargs, string Out);

/// <summary>
/// Replays the libtorch reference fixtures (Autograd.Tests/Fixtures, copied from shared/fixtures; see its README):
/// builds the inputs in Float64, runs the program with our ops, forms the loss, runs backward the recorded number of
/// times and compares every output and gradient.
/// </summary>
public static class FixtureReplay
{
    /// <summary>
    /// The op table: fixture op name → implementation over the step's resolved arguments and kwargs.
    /// Filled from every static method named <c>Register…</c> on <see cref="FixtureOps"/> (one per op family file).
    /// </summary>
    public static readonly Dictionary<string, Func<Tensor[], JsonElement, Tensor>> Ops = BuildOps();

    private static Dictionary<string, Func<Tensor[], JsonElement, Tensor>> BuildOps()
    {
        var ops = new Dictionary<string, Func<Tensor[], JsonElement, Tensor>>();
        foreach (var m in typeof(FixtureOps).GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            if (m.Name.StartsWith("Register", StringComparison.Ordinal)) m.Invoke(null, [ops]);
        return ops;
    }

    public static string Directory => Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures");

    public static IEnumerable<string> AllNames() =>
        System.IO.Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures"), "*.json").Select(Path.GetFileNameWithoutExtension).Order()!;

    /// <summary>Replays one fixture; returns null on success or a description of the first mismatch.</summary>
    public static void Replay(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, name + ".json")));
        var root = doc.RootElement;
        var values = new Dictionary<string, Tensor>();
        foreach (var input in root.GetProperty("inputs").EnumerateObject())
            values[input.Name] = Load(input.Value, input.Value.TryGetProperty("requires_grad", out var rg) && rg.GetBoolean());

        var steps = root.GetProperty("program").EnumerateArray().Select(s => new FixtureStep(
            s.GetProperty("op").GetString()!,
            s.GetProperty("args").EnumerateArray().Select(a => a.GetString()!).ToArray(),
            s.GetProperty("kwargs"),
            s.GetProperty("out").GetString()!)).ToList();
        foreach (var step in steps)
        {
            if (!Ops.TryGetValue(step.Op, out var op)) Assert.Fail($"{name}: no implementation registered for fixture op '{step.Op}'.");
            values[step.Out] = op!(step.Args.Select(a => values[a]).ToArray(), step.Kwargs);
        }
        foreach (var retained in root.GetProperty("retain_grad").EnumerateArray()) values[retained.GetString()!].RetainGrad();

        var last = values[steps[^1].Out];
        var loss = root.GetProperty("loss").GetString()!.StartsWith("sum(", StringComparison.Ordinal)
            ? (last * values["__loss_weight"]).Sum()
            : last;

        double tolerance = name.StartsWith("conv", StringComparison.Ordinal) || name.Contains("pool") || IsLoss(steps) ? 1e-8 : 1e-10;
        var outputs = root.GetProperty("outputs");
        foreach (var output in outputs.EnumerateObject())
        {
            var actual = output.Name == "__loss" ? loss : values[output.Name];
            Compare($"{name}: output '{output.Name}'", actual, output.Value, tolerance);
        }

        int repeats = root.GetProperty("backward_repeats").GetInt32();
        for (int i = 0; i < repeats; i++) loss.Backward(retainGraph: i < repeats - 1);

        foreach (var grad in root.GetProperty("grads").EnumerateObject())
        {
            var g = values[grad.Name].Grad;
            Assert.That(g, Is.Not.Null, $"{name}: no gradient for '{grad.Name}'");
            Compare($"{name}: gradient of '{grad.Name}'", g!, grad.Value, tolerance);
        }
    }

    private static bool IsLoss(List<FixtureStep> steps) =>
        steps.Any(s => s.Op is "cross_entropy" or "nll_loss" or "mse_loss" or "bce_with_logits" or "layer_norm");

    private static Tensor Load(JsonElement spec, bool requiresGrad)
    {
        var shape = spec.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var data = spec.GetProperty("data");
        return spec.GetProperty("dtype").GetString() switch
        {
            "float64" => Tensor.From(data.EnumerateArray().Select(ParseDouble).ToArray(), shape).RequiresGrad_(requiresGrad),
            "int64" => Tensor.From(data.EnumerateArray().Select(e => e.GetInt32()).ToArray(), shape),
            "bool" => Tensor.From(data.EnumerateArray().Select(e => e.GetBoolean()).ToArray(), shape),
            var other => throw new NotSupportedException($"fixture dtype {other}"),
        };
    }

    private static double ParseDouble(JsonElement e) => e.ValueKind == JsonValueKind.String
        ? e.GetString() switch { "inf" or "Infinity" => double.PositiveInfinity, "-inf" or "-Infinity" => double.NegativeInfinity, _ => double.NaN }
        : e.GetDouble();

    private static void Compare(string what, Tensor actual, JsonElement expected, double tolerance)
    {
        var shape = expected.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Assert.That(actual.Shape, Is.EqualTo(shape), $"{what}: shape");
        var dtype = expected.GetProperty("dtype").GetString();
        var data = expected.GetProperty("data").EnumerateArray().ToArray();
        var got = actual.ToDoubleArray();
        for (int i = 0; i < data.Length; i++)
        {
            double want = dtype == "bool" ? (data[i].GetBoolean() ? 1 : 0) : ParseDouble(data[i]);
            if (double.IsNaN(want) || double.IsInfinity(want))
            {
                Assert.That(got[i], Is.EqualTo(want), $"{what}[{i}]");
                continue;
            }
            Assert.That(got[i], Is.EqualTo(want).Within(tolerance * Math.Max(1, Math.Abs(want))), $"{what}[{i}]");
        }
    }
}

/// <summary>
/// Fixture op implementations, split by family across files (FixtureOps.*.cs). Each file adds a static method
/// <c>RegisterXxx(Dictionary&lt;string, Func&lt;Tensor[], JsonElement, Tensor&gt;&gt; ops)</c>.
/// </summary>
public static partial class FixtureOps
{
    internal static int Int(this JsonElement kwargs, string name, int fallback) =>
        kwargs.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : fallback;

    internal static double Double(this JsonElement kwargs, string name, double fallback) =>
        kwargs.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : fallback;

    internal static bool Bool(this JsonElement kwargs, string name, bool fallback) =>
        kwargs.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : fallback;

    internal static int[]? Ints(this JsonElement kwargs, string name) =>
        !kwargs.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind == JsonValueKind.Number ? [v.GetInt32()]
        : v.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    internal static string? String(this JsonElement kwargs, string name) =>
        kwargs.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static void RegisterCore(Dictionary<string, Func<Tensor[], JsonElement, Tensor>> ops)
    {
        ops["add"] = (a, _) => a[0] + a[1];
        ops["sub"] = (a, _) => a[0] - a[1];
        ops["mul"] = (a, _) => a[0] * a[1];
        ops["div"] = (a, _) => a[0] / a[1];
        ops["neg"] = (a, _) => -a[0];
        ops["exp"] = (a, _) => a[0].Exp();
        ops["sum"] = (a, k) => a[0].Sum(k.Ints("dim"), k.Bool("keepdim", false));
        ops["reshape"] = (a, k) => a[0].Reshape(k.Ints("shape")!);
        ops["transpose"] = (a, k) => a[0].Transpose(k.Int("dim0", 0), k.Int("dim1", 1));
        ops["permute"] = (a, k) => a[0].Permute(k.Ints("dims")!);
        ops["expand"] = (a, k) => a[0].Expand(k.Ints("shape")!);
        ops["detach"] = (a, _) => a[0].Detach();
    }
}

public class FixtureTests
{
    private static IEnumerable<string> Names() => FixtureReplay.AllNames();

    [TestCaseSource(nameof(Names))]
    public void MatchesLibtorchReference(string name)
    {
        var ops = FixtureReplay.Ops;
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(FixtureReplay.Directory, name + ".json")));
        var missing = doc.RootElement.GetProperty("program").EnumerateArray()
            .Select(s => s.GetProperty("op").GetString()!).Where(op => !ops.ContainsKey(op)).Distinct().ToList();
        Assert.That(missing, Is.Empty, $"{name} needs ops that are not registered yet");
        FixtureReplay.Replay(name);
    }
}
