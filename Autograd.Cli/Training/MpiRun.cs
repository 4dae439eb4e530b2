using Autograd.Cli.Commands;
using Autograd.Cli.Runs;
using Autograd.Nn.Config;
using Autograd.Nn.Distributed;
using Spectre.Console;

namespace Autograd.Cli.Training;

/// <summary>
/// <c>train</c> as one rank of an <c>mpirun -np N</c> job: joins MPI's world group, trains its shard of every batch on
/// <c>DEVICES</c>[rank mod count] (or <c>DEVICE</c>), and leaves the console and the run's files to rank 0. A rank that
/// throws aborts the whole job (<c>MPI_Abort</c>) after printing its error, so no rank waits forever in a collective.
/// </summary>
internal static class MpiRun
{
    public static int Run(TrainingConfig config, IReadOnlyList<Device> devices, IAnsiConsole console, CancellationToken stop, bool overwrite = false)
    {
        using var group = MpiProcessGroup.Initialize();
        int exit = 1;
        group.RunOrAbort(() =>
        {
            var reporter = new ConsoleReporter(group.Rank == 0 ? console : Silent());
            var (train, test) = TrainCommand.LoadData(config, reporter);
            TrainCommand.SetVersion(config);
            var device = devices[group.Rank % devices.Count];
            exit = new TrainingSession(config, train, test, device, reporter, new ParallelSetup([device], group), overwrite).Run(stop);
        });
        return exit;
    }

    /// <summary>A console that discards everything: ranks other than 0 print only their errors (to standard error).</summary>
    private static IAnsiConsole Silent() => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = AnsiSupport.No,
        Interactive = InteractionSupport.No,
        Out = new AnsiConsoleOutput(TextWriter.Null),
    });
}
