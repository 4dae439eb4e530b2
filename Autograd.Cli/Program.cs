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
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            if (stop.IsCancellationRequested) return;
            e.Cancel = true;
            stop.Cancel();
            console.MarkupLine("[yellow]Stopping at the end of the current step (Ctrl-C again to abort at once)...[/]");
        };
        return await RunAsync(args, console, stop.Token);
    }

    /// <summary>Runs one command line, writing to <paramref name="console"/>; every expected failure is a message and an exit code, never a stack trace.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, IAnsiConsole console, CancellationToken stop)
    {
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

        try
        {
            return command.Command switch
            {
                "train" => TrainCommand.Run(command, console, stop),
                "eval" => EvalCommand.Run(command, console),
                "fetch" => await FetchCommand.RunAsync(command, console, stop),
                _ => ShowUsage(console),
            };
        }
        catch (ConfigException e)
        {
            console.MarkupLineInterpolated($"[red]config error: {e.Message}[/]");
            return UsageError;
        }
        catch (OperationCanceledException)
        {
            console.MarkupLine("[yellow]Interrupted.[/]");
            return 130;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or HttpRequestException
                                      or ArgumentException or DllNotFoundException)
        {
            console.MarkupLineInterpolated($"[red]{Describe(e)}[/]");
            return 1;
        }
    }

    /// <summary>The one line a user sees for a failure outside the config: what went wrong, in the system's words where they are clear.</summary>
    private static string Describe(Exception e) => e switch
    {
        UnauthorizedAccessException => $"Permission denied: {e.Message}",
        HttpRequestException => $"Download failed: {e.Message}",
        ArgumentException { ParamName: not null } argument => $"error: {argument.Message.Replace($" (Parameter '{argument.ParamName}')", "")}",
        FileNotFoundException or DirectoryNotFoundException or InvalidDataException or DllNotFoundException => e.Message,
        _ => $"error: {e.Message}",
    };

    private static int ShowUsage(IAnsiConsole console)
    {
        console.WriteLine(CommandLine.Usage);
        return 0;
    }
}
