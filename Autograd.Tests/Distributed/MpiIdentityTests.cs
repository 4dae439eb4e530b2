using System.Diagnostics;
using System.Globalization;
using Autograd.Tests.MpiWorker;

namespace Autograd.Tests.Distributed;

/// <summary>
/// The identity across processes: 2 Open MPI ranks each accumulating 2 micro-batches end like one device accumulating 4;
/// and a rank that throws ends the whole job quickly. Needs Open MPI's mpirun (skipped when it is not installed).
/// </summary>
[NonParallelizable]
public class MpiIdentityTests
{
    private const double Tolerance = 1e-10;
    private static readonly TimeSpan JobLimit = TimeSpan.FromSeconds(60);

    private string _outDir = "";
    private MpiJob? _identityJob;

    [OneTimeSetUp]
    public void RunTheIdentityJob()
    {
        if (FindMpirun() is null) return;
        _outDir = Directory.CreateTempSubdirectory("autograd-mpi-").FullName;
        _identityJob = MpiJob.Run(2, "identity", _outDir);
    }

    [OneTimeTearDown]
    public void RemoveOutput()
    {
        if (_outDir.Length > 0) Directory.Delete(_outDir, recursive: true);
    }

    [TestCase("sgd")]
    [TestCase("adam")]
    public void TwoRanksAccumulatingTwoEqualOneDeviceAccumulatingFour(string optimizer)
    {
        var job = _identityJob ?? throw IgnoreWithoutMpi();
        Assert.That(job.ExitCode, Is.Zero, job.Output);
        var parameters = File.ReadAllLines(Path.Combine(_outDir, optimizer + ".txt")).Select(l => double.Parse(l, CultureInfo.InvariantCulture)).ToArray();

        var reference = IdentityScenario.OneDevice(optimizer);

        Assert.That(parameters, Has.Length.EqualTo(reference.Length));
        double worst = parameters.Zip(reference).Max(p => Math.Abs(p.First - p.Second));
        Assert.That(worst, Is.LessThanOrEqualTo(Tolerance), $"largest parameter difference {worst:G3}");
    }

    [Test]
    public void ARankThatThrowsAbortsTheJobWithItsError()
    {
        if (FindMpirun() is null) throw IgnoreWithoutMpi();

        var job = MpiJob.Run(2, "fail");

        Assert.That(job.TimedOut, Is.False, "the job hung instead of aborting");
        Assert.That(job.ExitCode, Is.Not.Zero);
        Assert.That(job.Output, Does.Contain("rank 1 of 2 failed: InvalidOperationException: rank 1 fails on purpose at step 2"));
    }

    private static Exception IgnoreWithoutMpi() =>
        new IgnoreException("mpirun (Open MPI) is not installed; install it with `apt-get update && apt-get install -y openmpi-bin libopenmpi-dev`.");

    private static string? FindMpirun() => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
        .Select(dir => Path.Combine(dir, "mpirun")).FirstOrDefault(File.Exists);

    private sealed record MpiJob(int ExitCode, bool TimedOut, string Output)
    {
        public static MpiJob Run(int ranks, params string[] arguments)
        {
            var worker = Path.Combine(TestContext.CurrentContext.TestDirectory, "Autograd.Tests.MpiWorker.dll");
            var start = new ProcessStartInfo(FindMpirun()!)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var a in new[] { "--allow-run-as-root", "--oversubscribe", "-np", ranks.ToString(CultureInfo.InvariantCulture), "dotnet", worker })
                start.ArgumentList.Add(a);
            foreach (var a in arguments) start.ArgumentList.Add(a);
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            bool exited = process.WaitForExit(JobLimit);
            if (!exited) process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return new MpiJob(exited ? process.ExitCode : -1, !exited, stdout.Result + stderr.Result);
        }
    }
}
