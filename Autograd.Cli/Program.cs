using Autograd.Cli.Commands;
using Autograd.Nn.Config;
using Spectre.Console;

namespace Autograd.Cli;

/// <summary>The <c>autograd</c> command: parses the command line, runs the command, turns errors into messages and exit codes.</summary>
internal static class Program
{
    /// <summary>Exit code for a command line or config that cannot be used.</summary>
    public const int UsageError = 2;

    public static async Task<int> Main(string[] args)
    {
        var console = AnsiConsole.Console;
        if (Console.IsOutputRedirected) console.Profile.Width = 1000;
        CommandLine command;
        try
        {
            command = CommandLine.Parse(args);
        }
        catch (UsageException e)
        {
            console.MarkupLineInterpolated($"[red]{e.Message}[/]");
            console.WriteLine(CommandLine.Usage);
            return UsageError;
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            if (stop.IsCancellationRequested) return;
            e.Cancel = true;
            stop.Cancel();
            console.MarkupLine("[yellow]Stopping at the end of the current step (Ctrl-C again to abort at once)...[/]");
        };

        try
        {
            return command.Command switch
            {
                "train" => TrainCommand.Run(command, console, stop.Token),
                "eval" => EvalCommand.Run(command, console),
                "fetch" => await FetchCommand.RunAsync(command, console, stop.Token),
                _ => ShowUsage(console),
            };
        }
        catch (ConfigException e)
        {
            console.MarkupLineInterpolated($"[red]config error: {e.Message}[/]");
            return UsageError;
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException or DllNotFoundException)
        {
            console.MarkupLineInterpolated($"[red]{e.Message}[/]");
            return 1;
        }
        catch (OperationCanceledException)
        {
            console.MarkupLine("[yellow]Interrupted.[/]");
            return 130;
        }
    }

    private static int ShowUsage(IAnsiConsole console)
    {
        console.WriteLine(CommandLine.Usage);
        return 0;
    }
}
