using System.Security.Cryptography;
using Autograd.Cli;
using Autograd.Cli.Commands;
using Autograd.Nn.Data;
using Autograd.Tests.Data;
using Spectre.Console;

namespace Autograd.Tests.Cli;

public class FetchCommandTests
{
    private string _folder = "";

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("autograd-fetch-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    private static (IAnsiConsole Console, StringWriter Output) Console()
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, Out = new AnsiConsoleOutput(output), Interactive = InteractionSupport.No });
        console.Profile.Width = 1000;
        return (console, output);
    }

    [Test]
    public async Task FetchCreatesTheDataFolderAndLeavesLoadableVerifiedFiles()
    {
        string source = Directory.CreateDirectory(Path.Combine(_folder, "source")).FullName;
        IdxFiles.WriteFashionSet(source);
        foreach (var name in new[] { "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte" })
            IdxFiles.Write(source, name + ".gz", File.ReadAllBytes(Path.Combine(source, name)), gzip: true);
        var content = FashionMnist.Files.ToDictionary(f => f.Name, f => File.ReadAllBytes(Path.Combine(source, f.Name)));
        var files = content.Select(f => new DownloadFile(f.Key, Convert.ToHexStringLower(SHA256.HashData(f.Value)))).ToList();
        using var server = new TestHttpServer((path, range) => TestHttpServer.ServeWithRanges(content[path.Split('/')[^1]], range));
        string target = Path.Combine(_folder, "data", "fashion-mnist");
        var (console, output) = Console();

        var command = CommandLine.Parse(["fetch", "fashion-mnist", "--data-dir", target, "--base-url", server.BaseUrl.ToString()]);
        int exit = await FetchCommand.RunAsync(command, console, CancellationToken.None, files);

        Assert.That(exit, Is.EqualTo(0), output.ToString());
        Assert.That(output.ToString(), Does.Contain("all 4 files verified"));
        Assert.That(FashionMnist.LoadFrom(target).Train.Count, Is.EqualTo(3));
    }

    [Test]
    public async Task FetchReportsAChecksumMismatchWithExitCodeOne()
    {
        using var server = new TestHttpServer((_, _) => new TestResponse(200, [1, 2, 3]));
        var (console, output) = Console();
        var command = CommandLine.Parse(["fetch", "fashion-mnist", "--data-dir", _folder, "--base-url", server.BaseUrl.ToString()]);
        int exit = await FetchCommand.RunAsync(command, console, CancellationToken.None);
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output.ToString(), Does.Contain("checksum mismatch"));
        Assert.That(Directory.GetFiles(_folder), Is.Empty);
    }
}
