using System.Globalization;
using System.Text;
using System.Text.Json;
using Autograd.Nn;

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
    /// <remarks>
    /// A file that cannot be read (truncated, edited, wrong value types) is an error rather than a reason to go on
    /// without it: the resumed run would rewrite it after its first epoch, losing the earlier epochs' records that may
    /// still be recoverable from it, while moving it aside to resume without them is one command.
    /// </remarks>
    /// <exception cref="InvalidDataException">The file is not a list of epoch records; the message names it and the problem.</exception>
    public static MetricsLog Load(string jsonPath)
    {
        var log = new MetricsLog();
        if (!File.Exists(jsonPath)) return log;
        List<EpochMetrics?>? epochs;
        try
        {
            epochs = JsonSerializer.Deserialize<List<EpochMetrics?>>(File.ReadAllText(jsonPath), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{jsonPath} is damaged: {e.Message}", e);
        }
        if (epochs is null || epochs.Contains(null))
            throw new InvalidDataException($"{jsonPath} is damaged: it holds null where a list of epoch records belongs.");
        log._epochs.AddRange(epochs.OfType<EpochMetrics>());
        return log;
    }

    private static string Format(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "";
}
