using Autograd.Cli.Runs;
using Autograd.Nn.Config;

namespace Autograd.Tests.Cli;

public class RunFilesTests
{
    private string _folder = "";

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("autograd-run-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    private static EpochMetrics Epoch(int n, bool tested = true) =>
        new(n, 1.0 / n, tested ? 1.2 / n : null, tested ? 0.5 + 0.1 * n : null, 0.001, 2.5, 1000);

    [Test]
    public void RunFolderFollowsMcanNamesUnderTheOutputPath()
    {
        var run = new RunFolder(ConfigLoader.Parse($"OUTPUT_PATH: {_folder}\n"), "v1");
        Assert.Multiple(() =>
        {
            Assert.That(run.LogFile, Is.EqualTo(Path.Combine(_folder, "v1", "log_run_v1.txt")));
            Assert.That(run.Checkpoint(3), Is.EqualTo(Path.Combine(_folder, "v1", "ckpts", "ckpt_v1", "epoch3.ckpt")));
            Assert.That(run.MetricsCsv, Is.EqualTo(Path.Combine(_folder, "v1", "metrics.csv")));
        });
    }

    [Test]
    public void LogAndCheckpointPathsCanBeMovedAsInMcan()
    {
        var run = new RunFolder(ConfigLoader.Parse($"OUTPUT_PATH: {_folder}\nLOG_PATH: /logs\nCKPTS_PATH: /ckpts\n"), "v1");
        Assert.That(run.LogFile, Is.EqualTo(Path.Combine("/logs", "log_run_v1.txt")));
        Assert.That(run.Checkpoint(1), Is.EqualTo(Path.Combine("/ckpts", "ckpt_v1", "epoch1.ckpt")));
    }

    [Test]
    public void LatestCheckpointIsTheHighestEpochNumberNotTheLastName()
    {
        var run = new RunFolder(ConfigLoader.Parse($"OUTPUT_PATH: {_folder}\n"), "v");
        Assert.That(run.LatestCheckpointEpoch(), Is.Null);
        run.Create();
        foreach (int epoch in new[] { 2, 10, 9 }) File.WriteAllText(run.Checkpoint(epoch), "");
        File.WriteAllText(Path.Combine(run.CheckpointFolder, "epoch11.ckpt.tmp"), "");
        Assert.That(run.LatestCheckpointEpoch(), Is.EqualTo(10));
    }

    [Test]
    public void MetricsRoundTripThroughJsonAndCsvHasOneRowPerEpoch()
    {
        var log = new MetricsLog();
        log.Add(Epoch(1));
        log.Add(Epoch(2, tested: false));
        string csv = Path.Combine(_folder, "m.csv"), json = Path.Combine(_folder, "m.json");
        log.Save(csv, json);
        string[] lines = File.ReadAllLines(csv);
        Assert.That(lines[0], Is.EqualTo("epoch,train_loss,test_loss,test_accuracy,learning_rate,seconds,samples_per_second"));
        Assert.That(lines[1], Is.EqualTo("1,1,1.2,0.6,0.001,2.5,1000"));
        Assert.That(lines[2], Is.EqualTo("2,0.5,,,0.001,2.5,1000"));
        Assert.That(MetricsLog.Load(json).Epochs, Is.EqualTo(log.Epochs));
    }

    [Test]
    public void RedoingAnEpochReplacesItAndEverythingAfterIt()
    {
        var log = new MetricsLog();
        foreach (int n in new[] { 1, 2, 3 }) log.Add(Epoch(n));
        log.Add(Epoch(2) with { TrainLoss = 9 });
        Assert.That(log.Epochs.Select(e => (e.Epoch, e.TrainLoss)), Is.EqualTo(new[] { (1, 1.0), (2, 9.0) }));
    }

    [Test]
    public void PlotIsAPngFile()
    {
        string path = Path.Combine(_folder, "curves.png");
        CurvePlot.Save([Epoch(1), Epoch(2), Epoch(3, tested: false)], path, "test run");
        byte[] header = File.ReadAllBytes(path)[..8];
        Assert.That(header, Is.EqualTo(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }));
    }

    [Test]
    public void RunLogRecordsTheConfigAndEachEpoch()
    {
        var log = new RunLog(Path.Combine(_folder, "log_run_v.txt"));
        log.Started(ConfigLoader.Parse("BATCH_SIZE: 32\n"), "Training started");
        log.Epoch(Epoch(1));
        string text = File.ReadAllText(log.Path);
        Assert.That(text, Does.Contain("BATCH_SIZE: 32").And.Contain("epoch = 1  loss = 1  test_loss = 1.2  accuracy = 0.6"));
    }

    [Test]
    public void EpochSummaryNamesTrainLossTestLossAccuracyAndTime()
    {
        Assert.That(ConsoleReporter.Summary(Epoch(2)),
            Is.EqualTo("epoch 2: train loss 0.5000, test loss 0.6000, test accuracy 0.7000, 2.5 s (1,000 samples/s)"));
    }
}
