using System.Diagnostics;
using System.Text.RegularExpressions;
using Autograd.Cli;
using Autograd.Cli.Commands;
using Autograd.Cli.Runs;
using Autograd.Nn;
using Spectre.Console;

namespace Autograd.Tests.Cli;

/// <summary>
/// The trainer's data-parallel modes against one device, on the embedded digits for 2 epochs: DEVICES: [cpu, cpu:1]
/// in this process, and 2 Open MPI ranks started by mpirun (skipped when mpirun is not installed). Both split every
/// batch of 64 into the micro-batches one device accumulates, so they reach the same accuracy and, up to Float32
/// rounding of the different summation order, the same weights.
/// </summary>
[NonParallelizable]
public partial class ParallelTrainingRunTests
{
    private const float WeightTolerance = 1e-5f;
    private static readonly TimeSpan JobLimit = TimeSpan.FromSeconds(90);

    private string _folder = "";
    private string _oneDeviceResult = "";

    [OneTimeSetUp]
    public void TrainOnOneDevice()
    {
        _folder = Directory.CreateTempSubdirectory("autograd-parallel-").FullName;
        var (exit, output) = Train("VERSION=one");
        Assert.That(exit, Is.Zero, output);
        _oneDeviceResult = AccuracyLine(output);
    }

    [OneTimeTearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void TwoCpuDevicesReachTheSameAccuracyAndWeightsAsOne()
    {
        var (exit, output) = Train("VERSION=two", "DEVICES=[cpu, cpu:1]");

        Assert.That(exit, Is.Zero, output);
        Assert.That(output, Does.Contain("Data-parallel over 2 devices (cpu, cpu:1): each takes 32 samples of every batch in 4 micro-batch(es) of 8"));
        Assert.That(AccuracyLine(output), Is.EqualTo(_oneDeviceResult));
        AssertSameWeights("two");
    }

    [Test]
    public void ResumingATwoDeviceRunEndsWhereAStraightTwoDeviceRunEnds()
    {
        Assert.That(Train("VERSION=straight2", "DEVICES=2").Exit, Is.Zero);
        Assert.That(Train("VERSION=split2", "DEVICES=2", "MAX_EPOCH=1").Exit, Is.Zero);
        var config = TrainCommand.LoadConfig(null, [$"OUTPUT_PATH={_folder}"]);
        Assert.That(new RunFolder(config, "split2").LatestCheckpointEpoch(), Is.EqualTo(1));

        var (exit, output) = Train("DEVICES=2", "RESUME=true", "CKPT_VERSION=split2");

        Assert.That(exit, Is.Zero, output);
        Assert.That(output, Does.Contain("Resumed run 'split2' from epoch 1"));
        var straight = MetricsLog.Load(new RunFolder(config, "straight2").MetricsJson).Epochs;
        var split = MetricsLog.Load(new RunFolder(config, "split2").MetricsJson).Epochs;
        Assert.That(split.Select(e => (e.Epoch, e.TrainLoss, e.TestLoss)), Is.EqualTo(straight.Select(e => (e.Epoch, e.TrainLoss, e.TestLoss))));
    }

    [Test]
    public void TwoMpiRanksReachTheSameAccuracyAndWeightsAsOneProcessAndOnlyRankZeroWrites()
    {
        string mpirun = FindMpirun() ?? throw new IgnoreException(
            "mpirun (Open MPI) is not installed; install it with `apt-get update && apt-get install -y openmpi-bin libopenmpi-dev`.");

        var (exit, timedOut, output) = RunMpi(mpirun, 2, "VERSION=mpi");

        Assert.That(timedOut, Is.False, "the job hung");
        Assert.That(exit, Is.Zero, output);
        Assert.That(AccuracyLine(output), Is.EqualTo(_oneDeviceResult));
        Assert.That(Regex.Matches(output, "Run 'mpi'"), Has.Count.EqualTo(1), "only rank 0 prints");
        Assert.That(output, Does.Contain("Distributed over 2 MPI ranks").And.Match(@"All-reduce over 2 ranks: [\d.]+ ms per step"));
        Assert.That(Directory.GetFiles(Path.Combine(_folder, "mpi", "ckpts", "ckpt_mpi")), Has.Length.EqualTo(2), "one checkpoint per epoch, written once");
        AssertSameWeights("mpi");
    }

    [Test]
    public void ABatchThatTheRanksCannotSplitEndsTheJobWithTheReason()
    {
        string mpirun = FindMpirun() ?? throw new IgnoreException("mpirun (Open MPI) is not installed.");

        var (exit, timedOut, output) = RunMpi(mpirun, 2, "VERSION=bad", "BATCH_SIZE=12", "GRAD_ACCU_STEPS=4");

        Assert.That(timedOut, Is.False, "the job hung instead of aborting");
        Assert.That(exit, Is.Not.Zero);
        Assert.That(output, Does.Contain("aborting the job").And.Contain("BATCH_SIZE (12) is not divisible by replicas (2) × GRAD_ACCU_STEPS (4)"));
    }

    private (int Exit, string Output) Train(params string[] overrides)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, Out = new AnsiConsoleOutput(output), Interactive = InteractionSupport.No });
        console.Profile.Width = 1000;
        int exit = TrainCommand.Run(CommandLine.Parse(["train", .. Settings(overrides).SelectMany(o => new[] { "--set", o })]), console, CancellationToken.None);
        return (exit, output.ToString());
    }

    private (int Exit, bool TimedOut, string Output) RunMpi(string mpirun, int ranks, params string[] overrides)
    {
        var cli = Path.Combine(TestContext.CurrentContext.TestDirectory, "Autograd.Cli.dll");
        var start = new ProcessStartInfo(mpirun) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--allow-run-as-root", "--oversubscribe", "-np", ranks.ToString(), "dotnet", cli, "train" }) start.ArgumentList.Add(a);
        foreach (var o in Settings(overrides))
        {
            start.ArgumentList.Add("--set");
            start.ArgumentList.Add(o);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        bool exited = process.WaitForExit(JobLimit);
        if (!exited) process.Kill(entireProcessTree: true);
        process.WaitForExit();
        return (exited ? process.ExitCode : -1, !exited, stdout.Result + stderr.Result);
    }

    /// <summary>2 epochs into the test's folder, then <paramref name="overrides"/> (a later setting wins).</summary>
    private string[] Settings(string[] overrides) => ["MAX_EPOCH=2", $"OUTPUT_PATH={_folder}", .. overrides];

    private void AssertSameWeights(string version)
    {
        var config = TrainCommand.LoadConfig(null, [$"OUTPUT_PATH={_folder}"]);
        var expected = TrainingCheckpoint.Load(new RunFolder(config, "one").Checkpoint(2)).Weights;
        var actual = TrainingCheckpoint.Load(new RunFolder(config, version).Checkpoint(2)).Weights;
        Assert.That(actual.Keys, Is.EquivalentTo(expected.Keys));
        foreach (var (name, weight) in expected)
        {
            float worst = weight.ToFloatArray().Zip(actual[name].ToFloatArray()).Max(p => Math.Abs(p.First - p.Second));
            Assert.That(worst, Is.LessThanOrEqualTo(WeightTolerance), $"{name}: largest difference {worst:G3}");
        }
    }

    private static string AccuracyLine(string output) => AccuracyPattern().Match(output) is { Success: true } m ? m.Value : $"no accuracy line in:\n{output}";

    [GeneratedRegex(@"Test accuracy: [\d.]+ \(\d+/\d+ correct\)")]
    private static partial Regex AccuracyPattern();

    private static string? FindMpirun() => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
        .Select(dir => Path.Combine(dir, "mpirun")).FirstOrDefault(File.Exists);
}
