using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Autograd.Cli.Runs;

/// <summary>What one epoch measured. Test figures are null for epochs that were not evaluated.</summary>
internal sealed record EpochMetrics(
    int Epoch,
    double TrainLoss,
    double? TestLoss,
    double? TestAccuracy,
    double LearningRate,
    double Seconds,
    double SamplesPerSecond);

/// <summary>The per-epoch metrics of a run, saved as CSV (for spreadsheets) and JSON (read back on resume).</summary>
internal sealed class MetricsLog
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly List<EpochMetrics> _epochs = [];

    public IReadOnlyList<EpochMetrics> Epochs => _epochs;

    /// <summary>Records an epoch, replacing a previous record of the same epoch (a resumed run redoing it).</summary>
    public void Add(EpochMetrics metrics)
    {
        _epochs.RemoveAll(m => m.Epoch >= metrics.Epoch);
        _epochs.Add(metrics);
    }

    /// <summary>Drops epochs after <paramref name="epoch"/> (on resume from an earlier checkpoint).</summary>
    public void TruncateAfter(int epoch) => _epochs.RemoveAll(m => m.Epoch > epoch);

    public void Save(string csvPath, string jsonPath)
    {
        var csv = new StringBuilder("epoch,train_loss,test_loss,test_accuracy,learning_rate,seconds,samples_per_second\n");
        foreach (var m in _epochs)
            csv.AppendLine(string.Join(",", m.Epoch.ToString(CultureInfo.InvariantCulture), Format(m.TrainLoss), Format(m.TestLoss),
                Format(m.TestAccuracy), Format(m.LearningRate), Format(m.Seconds), Format(m.SamplesPerSecond)));
        AtomicFile.WriteAllText(csvPath, csv.ToString());
        AtomicFile.WriteAllText(jsonPath, JsonSerializer.Serialize(_epochs, Json));
    }

    /// <summary>Reads a JSON file written by <see cref="Save"/>; an absent file gives an empty log.</summary>
    public static MetricsLog Load(string jsonPath)
    {
        var log = new MetricsLog();
        if (File.Exists(jsonPath))
            log._epochs.AddRange(JsonSerializer.Deserialize<List<EpochMetrics>>(File.ReadAllText(jsonPath), Json) ?? []);
        return log;
    }

    private static string Format(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "";
}

/// <summary>Writes a file under a temporary name and renames it, so readers never see half a file.</summary>
internal static class AtomicFile
{
    public static void WriteAllText(string path, string text)
    {
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }
}
