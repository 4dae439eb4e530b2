using Autograd.Nn.Data;
using Spectre.Console;

namespace Autograd.Cli.Commands;

/// <summary>
/// <c>fetch fashion-mnist</c>: creates the data folder and downloads the four files with a progress bar each,
/// verifying every SHA-256 and resuming partial downloads (see <see cref="Downloader"/>).
/// </summary>
internal static class FetchCommand
{
    public static async Task<int> RunAsync(CommandLine command, IAnsiConsole console, CancellationToken cancellationToken,
        IReadOnlyList<DownloadFile>? files = null, HttpClient? http = null)
    {
        string folder = command.DataDir ?? FashionMnist.CacheFolder;
        var baseUrl = new Uri(command.BaseUrl ?? FashionMnist.DefaultBaseUrl);
        if (!baseUrl.AbsolutePath.EndsWith('/')) baseUrl = new Uri(baseUrl + "/");
        files ??= FashionMnist.Files;
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot create the data folder '{folder}': {e.Message}", e);
        }
        console.MarkupLineInterpolated($"Fetching Fashion-MNIST from [blue]{baseUrl}[/] into [blue]{Path.GetFullPath(folder)}[/]");

        using var ownClient = http is null ? new HttpClient { Timeout = TimeSpan.FromMinutes(10) } : null;
        var downloader = new Downloader(http ?? ownClient!);
        try
        {
            await console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(),
                    new TransferSpeedColumn(), new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    var tasks = files.ToDictionary(f => f.Name, f => context.AddTask(f.Name, autoStart: false));
                    var progress = new ProgressSink(report =>
                    {
                        var task = tasks[report.File];
                        if (!task.IsStarted) task.StartTask();
                        task.MaxValue = report.Total ?? Math.Max(report.Received, 1);
                        task.Value = report.Received;
                    });
                    await downloader.FetchAllAsync(baseUrl, folder, files, progress, cancellationToken);
                    foreach (var task in tasks.Values) task.StopTask();
                });
        }
        catch (DownloadException e)
        {
            console.MarkupLineInterpolated($"[red]{e.Message}[/]");
            return 1;
        }
        console.WriteLine($"Fashion-MNIST is ready in {Path.GetFullPath(folder)} (all {files.Count} files verified).");
        return 0;
    }

    /// <summary>Forwards reports synchronously: Progress&lt;T&gt; would post them to the thread pool, out of order.</summary>
    private sealed class ProgressSink(Action<DownloadProgress> report) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => report(value);
    }
}
