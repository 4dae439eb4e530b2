using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace Autograd.Nn;

/// <summary>
/// Everything needed to resume training exactly: weights, optimizer state, scheduler state, epoch, step, the random
/// generator's position and the configuration text. Stored as one safetensors file (so the weights, under
/// <c>model.</c>, open in other tools), with the optimizer's buffers as tensors under <c>optimizer.&lt;i&gt;.</c>, the
/// rest as <c>__metadata__</c>, and a SHA-256 checksum over the header and the data.
/// </summary>
/// <remarks>
/// <see cref="Save"/> writes atomically (temporary file in the same folder, flushed to disk, renamed over the target),
/// so an interrupted save never damages an existing checkpoint; <see cref="Load"/> verifies the checksum, so a
/// truncated or corrupted file is refused with a clear error instead of resuming from wrong numbers.
/// </remarks>
public sealed class TrainingCheckpoint
{
    private const string FormatName = "autograd.training-checkpoint";
    private const string FormatVersion = "1";
    private const string ModelPrefix = "model.";
    private const string OptimizerPrefix = "optimizer.";
    private const string ChecksumKey = "checksum";

    /// <summary>The model's weights by name (a module's <c>StateDict()</c>).</summary>
    public required IReadOnlyDictionary<string, Tensor> Weights { get; init; }

    /// <summary>The optimizer's state.</summary>
    public required OptimizerState Optimizer { get; init; }

    /// <summary>The learning-rate scheduler's state, if one is used.</summary>
    public LrSchedulerState? Scheduler { get; init; }

    /// <summary>Epochs completed (MCAN's <c>epoch&lt;N&gt;</c>: training resumes at epoch N, counted from 0).</summary>
    public required int Epoch { get; init; }

    /// <summary>Optimizer steps taken so far.</summary>
    public required long Step { get; init; }

    /// <summary>The position of the generator that shuffles and drops out, if one is used.</summary>
    public GeneratorState? Generator { get; init; }

    /// <summary>The configuration the run used (YAML text), for the record and for resuming with the same settings.</summary>
    public string Config { get; init; } = "";

    /// <summary>MCAN's checkpoint path: <c>&lt;ckptsPath&gt;/ckpt_&lt;version&gt;/epoch&lt;epoch&gt;.ckpt</c>.</summary>
    public static string PathFor(string ckptsPath, string version, int epoch) =>
        Path.Combine(ckptsPath, $"ckpt_{version}", $"epoch{epoch}.ckpt");

    /// <summary>Writes the checkpoint to <paramref name="path"/> atomically (creating its folder).</summary>
    public void Save(string path)
    {
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, value) in Weights) tensors[ModelPrefix + name] = value;
        for (int i = 0; i < Optimizer.Parameters.Count; i++)
        {
            foreach (var (name, value) in Optimizer.Parameters[i].Buffers) tensors[$"{OptimizerPrefix}{i}.{name}"] = value;
        }
        var entries = SafeTensors.Entries(tensors);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["format"] = FormatName,
            ["format_version"] = FormatVersion,
            ["epoch"] = Epoch.ToString(CultureInfo.InvariantCulture),
            ["step"] = Step.ToString(CultureInfo.InvariantCulture),
            ["config"] = Config,
            ["optimizer"] = JsonSerializer.Serialize(new OptimizerMetadata(Optimizer.Kind, Optimizer.LearningRate,
                new Dictionary<string, double>(Optimizer.Hyperparameters),
                Optimizer.Parameters.Select(p => p.Step).ToArray(),
                Optimizer.Parameters.Select(p => p.Buffers.Keys.Order(StringComparer.Ordinal).ToArray()).ToArray(),
                Optimizer.InitialLearningRate)),
        };
        if (Scheduler is not null) metadata["scheduler"] = JsonSerializer.Serialize(Scheduler);
        if (Generator is not null) metadata["generator"] = JsonSerializer.Serialize(Generator);
        metadata[ChecksumKey] = Checksum(entries, metadata);
        AtomicFile.Write(path, stream => SafeTensors.Write(stream, entries, metadata));
    }

    /// <summary>Reads and verifies a checkpoint; tensors are created on <paramref name="device"/> (the CPU when null).</summary>
    /// <exception cref="InvalidDataException">The file is truncated, corrupted (checksum mismatch) or not a training checkpoint.</exception>
    public static TrainingCheckpoint Load(string path, Device? device = null)
    {
        var (entries, metadata) = SafeTensors.Parse(File.ReadAllBytes(path), path);
        if (!metadata.Remove(ChecksumKey, out var stored))
            throw Invalid(path, "has no checksum, so it is not an Autograd training checkpoint; a weights-only file loads with SafeTensors.Load");
        var computed = Checksum(entries, metadata);
        if (stored != computed)
            throw Invalid(path, $"is corrupted: its content hashes to {computed}, but it was saved as {stored}");
        if (metadata.GetValueOrDefault("format") != FormatName || metadata.GetValueOrDefault("format_version") != FormatVersion)
            throw Invalid(path, $"has format '{metadata.GetValueOrDefault("format")}' version {metadata.GetValueOrDefault("format_version")}; " +
                $"this version of Autograd reads '{FormatName}' version {FormatVersion}");

        try
        {
            var tensors = SafeTensors.ToTensors(entries, device);
            var optimizer = JsonSerializer.Deserialize<OptimizerMetadata>(metadata["optimizer"]) ?? throw new JsonException("the optimizer entry is null");
            var parameters = optimizer.Steps.Select((step, i) => new ParameterState(step,
                optimizer.Buffers[i].ToDictionary(name => name, name => tensors[$"{OptimizerPrefix}{i}.{name}"], StringComparer.Ordinal))).ToArray();
            return new TrainingCheckpoint
            {
                Weights = tensors.Where(kv => kv.Key.StartsWith(ModelPrefix, StringComparison.Ordinal))
                    .ToDictionary(kv => kv.Key[ModelPrefix.Length..], kv => kv.Value, StringComparer.Ordinal),
                Optimizer = new OptimizerState(optimizer.Kind, optimizer.LearningRate, optimizer.Hyperparameters, parameters)
                {
                    InitialLearningRate = optimizer.InitialLearningRate,
                },
                Scheduler = metadata.TryGetValue("scheduler", out var scheduler) ? JsonSerializer.Deserialize<LrSchedulerState>(scheduler) : null,
                Generator = metadata.TryGetValue("generator", out var generator) ? JsonSerializer.Deserialize<GeneratorState>(generator) : null,
                Epoch = int.Parse(metadata["epoch"], CultureInfo.InvariantCulture),
                Step = long.Parse(metadata["step"], CultureInfo.InvariantCulture),
                Config = metadata["config"],
            };
        }
        catch (Exception e) when (e is KeyNotFoundException or JsonException or FormatException or OverflowException or IndexOutOfRangeException)
        {
            // The checksum matched, so the file is as written; a missing field means a writer that does not follow this format.
            throw Invalid(path, $"has a valid checksum but incomplete contents ({e.Message})");
        }
    }

    /// <summary>
    /// Copies the checkpoint into a run: the weights into <paramref name="parameters"/> (by name), and the states into
    /// the optimizer, scheduler and generator given. Everything is checked first; on a mismatch nothing changes and
    /// the error lists every missing, unexpected or wrongly shaped entry.
    /// </summary>
    /// <param name="parameters">The tensors to fill, by name (a module's <c>StateDict()</c> shares storage with its parameters,
    /// or use <c>NamedParameters()</c>).</param>
    /// <param name="optimizer">The optimizer to restore.</param>
    /// <param name="scheduler">The scheduler to restore; required when the checkpoint has scheduler state.</param>
    /// <param name="generator">The generator to restore; required when the checkpoint has generator state.</param>
    /// <exception cref="ArgumentException">The checkpoint does not fit the model, optimizer, scheduler or generator.</exception>
    public void Restore(IReadOnlyDictionary<string, Tensor> parameters, Optimizer optimizer, LrScheduler? scheduler = null, Generator? generator = null)
    {
        var problems = new List<string>();
        foreach (var (name, target) in parameters)
        {
            if (!Weights.TryGetValue(name, out var saved)) problems.Add($"missing weight '{name}'");
            else if (!saved.Shape.SequenceEqual(target.Shape) || saved.DType != target.DType)
                problems.Add($"weight '{name}' is {saved.DType.Name()} {Shape.Format(saved.Shape.ToArray())} in the checkpoint but {target.DType.Name()} {Shape.Format(target.Shape.ToArray())} in the model");
        }
        problems.AddRange(Weights.Keys.Where(name => !parameters.ContainsKey(name)).Select(name => $"unexpected weight '{name}'"));
        problems.AddRange(optimizer.StateProblems(Optimizer).Select(p => $"optimizer state: {p}"));
        if (Scheduler is not null && scheduler is null) problems.Add($"the checkpoint has {Scheduler.Kind} scheduler state but no scheduler was given");
        if (Scheduler is not null && scheduler is not null && Scheduler.Kind != scheduler.Kind)
            problems.Add($"the scheduler state is for {Scheduler.Kind}, not {scheduler.Kind}");
        if (Scheduler is null && scheduler is not null) problems.Add($"the checkpoint has no scheduler state for the {scheduler.Kind} given");
        if (Generator is not null && generator is null) problems.Add("the checkpoint has generator state but no generator was given");
        if (problems.Count > 0)
            throw new ArgumentException($"The checkpoint does not fit this run: {string.Join("; ", problems)}.");

        using (Tensor.NoGrad())
        {
            foreach (var (name, target) in parameters) target.CopyFrom(Weights[name]);
        }
        optimizer.LoadState(Optimizer);
        if (Scheduler is not null) scheduler!.LoadState(Scheduler);
        if (Generator is not null) Generator.ApplyTo(generator!);
    }

    /// <summary>"sha256:" and the hex SHA-256 of the header JSON without the checksum, followed by the data section.</summary>
    private static string Checksum(IReadOnlyList<SafeTensors.Entry> entries, IReadOnlyDictionary<string, string> metadata)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(SafeTensors.HeaderJson(entries, metadata));
        foreach (var e in entries) hash.AppendData(e.Data);
        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static InvalidDataException Invalid(string path, string problem) => new($"Checkpoint '{path}' {problem}.");

    // InitialLearningRate is absent from checkpoints written before it was saved; they load with none.
    private sealed record OptimizerMetadata(string Kind, double LearningRate, Dictionary<string, double> Hyperparameters, long[] Steps, string[][] Buffers,
        double? InitialLearningRate = null);
}
