using Autograd.Cli;
using Autograd.Cli.Commands;
using Spectre.Console;

namespace Autograd.Tests.Cli;

/// <summary>
/// What tests of the command-line program share: a temporary folder for their runs, deleted afterwards, and a plain,
/// wide console whose output they read.
/// </summary>
public abstract class CliFixture
{
    /// <summary>The test's own temporary folder.</summary>
    protected string Folder { get; private set; } = "";

    /// <summary>Everything written to <see cref="Terminal"/>.</summary>
    protected StringWriter Output { get; private set; } = null!;

    /// <summary>A console without colours or interaction, wide enough that no line wraps.</summary>
    protected IAnsiConsole Terminal { get; private set; } = null!;

    [SetUp]
    public void CreateFolderAndConsole()
    {
        Folder = Directory.CreateTempSubdirectory("autograd-cli-").FullName;
        WriteTo(new StringWriter());
    }

    /// <summary>Points <see cref="Terminal"/> at <paramref name="output"/> (a writer that watches what is printed, say).</summary>
    protected void WriteTo(StringWriter output)
    {
        Output = output;
        Terminal = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, Out = new AnsiConsoleOutput(output), Interactive = InteractionSupport.No });
        Terminal.Profile.Width = 1000;
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(Folder, recursive: true);

    /// <summary>Runs <c>train</c> with each override as a <c>--set</c>, writing its runs under <see cref="Folder"/>.</summary>
    protected int RunTrain(IEnumerable<string> overrides, bool overwrite = false) =>
        TrainCommand.Run(CommandLine.Parse(["train", .. overwrite ? new[] { "--overwrite" } : [], .. overrides.SelectMany(o => new[] { "--set", o }),
            "--set", $"OUTPUT_PATH={Folder}"]), Terminal, CancellationToken.None);
}
