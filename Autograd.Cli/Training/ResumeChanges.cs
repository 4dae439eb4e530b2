using Autograd.Nn.Config;

namespace Autograd.Cli.Training;

/// <summary>One key whose value on resume differs from the checkpoint's saved config, as it is reported.</summary>
/// <param name="Message">The key, both values and what happens, e.g. <c>LR_BASE: 0.003 in the checkpoint, 0.001 now; takes effect from epoch 3</c>.</param>
/// <param name="Ignored">True when the checkpoint's value is kept.</param>
internal sealed record ResumeChange(string Message, bool Ignored);

/// <summary>
/// What a resumed run does with each key whose value differs from the config saved in its checkpoint, so that a
/// resume never silently trains something other than what the command line says:
/// <list type="bullet">
/// <item>Keys that define what is trained (<c>MODEL</c>, <c>MLP_HIDDEN</c>, <c>CONV_CHANNELS</c>, <c>DROPOUT_R</c>,
/// <c>DATASET</c>, <c>OPTIMIZER</c>, <c>OPT_BETAS</c>, <c>OPT_EPS</c>, <c>WEIGHT_DECAY</c>) must match: the checkpoint's
/// weights and optimizer state belong to them, so a difference is refused, naming every such key.</item>
/// <item><c>SEED</c> and MCAN's transformer keys cannot take effect (the random generator continues from the
/// checkpoint; the mlp and cnn models do not use the transformer keys): the checkpoint's values are kept, with a
/// warning, so the run's log and later checkpoints record what was used.</item>
/// <item>Every other key takes effect from the next epoch: the schedule (<c>LR_BASE</c>, <c>LR_DECAY_R</c>,
/// <c>LR_DECAY_LIST</c>, <c>MAX_EPOCH</c>), the steps (<c>BATCH_SIZE</c>, <c>GRAD_ACCU_STEPS</c>,
/// <c>GRAD_NORM_CLIP</c>), evaluation, devices and paths.</item>
/// </list>
/// <c>VERSION</c>, <c>RESUME</c>, <c>CKPT_VERSION</c> and <c>CKPT_EPOCH</c> choose the checkpoint and are not compared.
/// </summary>
internal static class ResumeChanges
{
    private static readonly HashSet<string> NotCompared = ["VERSION", "RESUME", "CKPT_VERSION", "CKPT_EPOCH"];

    private static readonly HashSet<string> Identity =
        ["MODEL", "MLP_HIDDEN", "CONV_CHANNELS", "DROPOUT_R", "DATASET", "OPTIMIZER", "OPT_BETAS", "OPT_EPS", "WEIGHT_DECAY"];

    private const string TransformerKey = "MCAN's transformer key, which the mlp and cnn models do not use";

    private static readonly Dictionary<string, string> Ignored = new(StringComparer.Ordinal)
    {
        ["SEED"] = "the random generator continues from the checkpoint's position",
        ["LAYER"] = TransformerKey,
        ["HIDDEN_SIZE"] = TransformerKey,
        ["MULTI_HEAD"] = TransformerKey,
        ["FLAT_MLP_SIZE"] = TransformerKey,
        ["FLAT_GLIMPSES"] = TransformerKey,
        ["FLAT_OUT_SIZE"] = TransformerKey,
    };

    /// <summary>
    /// Compares <paramref name="current"/> with the config <paramref name="saved"/> in <paramref name="checkpoint"/>
    /// (of epoch <paramref name="epoch"/>), puts the checkpoint's values of the ignored keys back into
    /// <paramref name="current"/>, and returns every difference in the order of <see cref="ConfigKeys.All"/>.
    /// </summary>
    /// <exception cref="ConfigException">A key that defines the model, data or optimizer differs; the message names each one with both values.</exception>
    public static IReadOnlyList<ResumeChange> Apply(TrainingConfig saved, TrainingConfig current, string checkpoint, int epoch)
    {
        var refused = new List<(ConfigKey Key, string Saved, string Now)>();
        var changes = new List<ResumeChange>();
        foreach (var key in ConfigKeys.All)
        {
            if (NotCompared.Contains(key.Name)) continue;
            string was = key.Format(saved), now = key.Format(current);
            if (was == now) continue;
            string head = $"{key.Name}: {was} in the checkpoint, {now} now";
            if (Identity.Contains(key.Name)) refused.Add((key, was, now));
            else if (Ignored.TryGetValue(key.Name, out string? why))
            {
                key.Set(current, key.Get(saved));
                changes.Add(new ResumeChange($"{head}; ignored ({why}), so it stays {was}", Ignored: true));
            }
            else changes.Add(new ResumeChange($"{head}; takes effect from epoch {epoch + 1}", Ignored: false));
        }
        if (refused.Count == 0) return changes;

        var first = refused[0].Key.Name;
        throw new ConfigException(current.LocationOf(first) ?? new ConfigLocation($"{first} (default)", 0, 0),
            $"RESUME: {checkpoint} was trained with {string.Join(", ", refused.Select(r => $"{r.Key.Name} {r.Saved}"))}, " +
            $"but this run has {string.Join(", ", refused.Select(r => $"{r.Key.Name} {r.Now}"))}. These keys define the model, data and " +
            "optimizer the checkpoint's weights and state belong to, so they cannot change on resume: resume with the checkpoint's " +
            "values, or start a new run with another VERSION", first);
    }
}
