using System.Globalization;
using System.Text.RegularExpressions;
using Autograd.Nn;
using Autograd.Nn.Config;

namespace Autograd.Cli.Runs;

/// <summary>
/// Where one run's files go. By default everything is under <c>OUTPUT_PATH/VERSION/</c>: MCAN's
/// <c>log_run_VERSION.txt</c>, <c>ckpts/ckpt_VERSION/epochN.ckpt</c>, <c>metrics.csv</c>, <c>metrics.json</c> and
/// <c>curves.png</c>; <c>LOG_PATH</c> and <c>CKPTS_PATH</c> move the log and the checkpoints elsewhere, as in MCAN.
/// </summary>
internal sealed partial class RunFolder
{
    public RunFolder(TrainingConfig config, string version)
    {
        Version = version;
        Root = Path.Combine(config.OutputPath, version);
        LogFile = Path.Combine(config.LogPath ?? Root, $"log_run_{version}.txt");
        CheckpointFolder = Path.Combine(config.CkptsPath ?? Path.Combine(Root, "ckpts"), $"ckpt_{version}");
    }

    /// <summary>The run's name.</summary>
    public string Version { get; }

    public string Root { get; }

    public string LogFile { get; }

    public string CheckpointFolder { get; }

    public string MetricsCsv => Path.Combine(Root, "metrics.csv");

    public string MetricsJson => Path.Combine(Root, "metrics.json");

    public string Plot => Path.Combine(Root, "curves.png");

    /// <summary>The checkpoint written after 1-based <paramref name="epoch"/>.</summary>
    public string Checkpoint(int epoch) => Path.Combine(CheckpointFolder, $"epoch{epoch.ToString(CultureInfo.InvariantCulture)}.ckpt");

    /// <summary>The highest epoch with a checkpoint, or null when there is none.</summary>
    public int? LatestCheckpointEpoch() => CheckpointEpochs() is [.., var latest] ? latest : null;

    /// <summary>
    /// The epochs with a checkpoint, ascending. Only <c>epochN.ckpt</c> names count, and only with an N that fits an
    /// epoch number: a file named <c>epoch99999999999.ckpt</c> was not written by a run.
    /// </summary>
    public IReadOnlyList<int> CheckpointEpochs()
    {
        if (!Directory.Exists(CheckpointFolder)) return [];
        var epochs = new List<int>();
        foreach (string path in Directory.EnumerateFiles(CheckpointFolder, "epoch*.ckpt"))
            if (EpochFileName().Match(Path.GetFileName(path)) is { Success: true } m &&
                int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int epoch))
                epochs.Add(epoch);
        epochs.Sort();
        return epochs;
    }

    /// <summary>
    /// Deletes the temporary files of saves that a killed run left in the run folder and the checkpoint folder,
    /// and returns them. Only the process that writes the run calls it, before it writes anything.
    /// </summary>
    public IReadOnlyList<string> DeleteLeftovers()
    {
        var deleted = new List<string>(AtomicFile.DeleteLeftovers(Root));
        deleted.AddRange(AtomicFile.DeleteLeftovers(CheckpointFolder));
        // Earlier versions of this tool wrote the metrics and the plot through these fixed temporary names.
        foreach (string legacy in new[] { MetricsCsv + ".tmp", MetricsJson + ".tmp", Plot + ".tmp.png" })
        {
            if (!File.Exists(legacy)) continue;
            File.Delete(legacy);
            deleted.Add(legacy);
        }
        return deleted;
    }

    /// <summary>
    /// Moves the checkpoints of <paramref name="epochs"/>, with copies of the metrics and the plot as they are now,
    /// into a new sub-folder of the checkpoint folder (which no resume looks into), and returns that folder.
    /// </summary>
    public string SetAside(IEnumerable<int> epochs)
    {
        string stamp = DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        string folder = Path.Combine(CheckpointFolder, $"superseded-{stamp}");
        for (int n = 2; Directory.Exists(folder); n++) folder = Path.Combine(CheckpointFolder, $"superseded-{stamp}-{n.ToString(CultureInfo.InvariantCulture)}");
        Directory.CreateDirectory(folder);
        foreach (string file in new[] { MetricsCsv, MetricsJson, Plot })
            if (File.Exists(file)) File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        foreach (int epoch in epochs)
            File.Move(Checkpoint(epoch), Path.Combine(folder, Path.GetFileName(Checkpoint(epoch))));
        return folder;
    }

    /// <summary>Creates the folders.</summary>
    /// <exception cref="IOException">A folder cannot be created; the message names it and the keys that place it.</exception>
    public void Create()
    {
        foreach (var (folder, keys) in new[] { (Root, "OUTPUT_PATH"), (Path.GetDirectoryName(Path.GetFullPath(LogFile))!, "LOG_PATH or OUTPUT_PATH"), (CheckpointFolder, "CKPTS_PATH or OUTPUT_PATH") })
        {
            try
            {
                Directory.CreateDirectory(folder);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new IOException($"Cannot create the run folder '{folder}' (set by {keys}): {e.Message}", e);
            }
        }
    }

    /// <summary>
    /// A fresh run name: the model, the dataset and the local time, e.g. <c>mlp-digits-20260101-120000</c>, with
    /// <c>-2</c>, <c>-3</c>… added when a run of that name already exists (two runs started in the same second).
    /// </summary>
    public static string NewVersion(TrainingConfig config)
    {
        string name = $"{config.Model}-{config.Dataset}-{DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}";
        string candidate = name;
        for (int n = 2; Exists(config, candidate); n++) candidate = $"{name}-{n.ToString(CultureInfo.InvariantCulture)}";
        return candidate;
    }

    private static bool Exists(TrainingConfig config, string version)
    {
        var run = new RunFolder(config, version);
        return Directory.Exists(run.Root) || Directory.Exists(run.CheckpointFolder) || File.Exists(run.LogFile);
    }

    /// <summary>Deletes the run's checkpoints, metrics and plot (starting it over); the log is kept and grows, as MCAN's does.</summary>
    public void DeleteResults()
    {
        if (Directory.Exists(CheckpointFolder))
            foreach (string path in Directory.EnumerateFiles(CheckpointFolder, "epoch*.ckpt"))
                if (EpochFileName().IsMatch(Path.GetFileName(path))) File.Delete(path);
        foreach (string path in new[] { MetricsCsv, MetricsJson, Plot }) File.Delete(path);
    }

    [GeneratedRegex(@"^epoch(\d+)\.ckpt$")]
    private static partial Regex EpochFileName();
}
