using System.Security.Cryptography;
using Autograd.Nn.Data;

namespace Autograd.Tests.Data;

public class DownloaderTests
{
    private static readonly byte[] Content = Enumerable.Range(0, 200_000).Select(i => (byte)(i * 7)).ToArray();
    private static readonly string ContentSha = Convert.ToHexStringLower(SHA256.HashData(Content));

    private string _folder = "";
    private HttpClient _http = null!;

    [SetUp]
    public void CreateFolder()
    {
        _folder = Directory.CreateTempSubdirectory("autograd-download-").FullName;
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
    }

    [TearDown]
    public void DeleteFolder()
    {
        _http.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private string Target => Path.Combine(_folder, "file.gz");

    [Test]
    public async Task GoodFileIsVerifiedAndRenamedWithProgressUpToItsSize()
    {
        using var server = new TestHttpServer((_, range) => TestHttpServer.ServeWithRanges(Content, range));
        var reports = new List<DownloadProgress>();
        await new Downloader(_http).FetchAsync(new Uri(server.BaseUrl, "file.gz"), Target, ContentSha, new SynchronousProgress(reports.Add));
        Assert.That(File.ReadAllBytes(Target), Is.EqualTo(Content));
        Assert.That(File.Exists(Target + Downloader.PartialSuffix), Is.False);
        Assert.That(reports[^1], Is.EqualTo(new DownloadProgress("file.gz", Content.Length, Content.Length)));
    }

    [Test]
    public async Task CutTransferKeepsThePartialFileAndTheNextRunResumesWithARange()
    {
        bool cut = true;
        using var server = new TestHttpServer((_, range) =>
        {
            if (!cut) return TestHttpServer.ServeWithRanges(Content, range);
            cut = false;
            return new TestResponse(200, Content[..50_000], DeclaredLength: Content.Length);
        });
        var url = new Uri(server.BaseUrl, "file.gz");
        var downloader = new Downloader(_http);

        var e = (await Assert.ThrowsAsync<DownloadException>(() => downloader.FetchAsync(url, Target, ContentSha)))!;
        Assert.That(e.Message, Does.Contain($"stopped after 50000 of {Content.Length} bytes").And.Contain("again to resume"));
        Assert.That(File.Exists(Target), Is.False);
        Assert.That(new FileInfo(Target + Downloader.PartialSuffix).Length, Is.EqualTo(50_000));

        await downloader.FetchAsync(url, Target, ContentSha);
        Assert.That(server.Requests[^1].Range, Is.EqualTo("bytes=50000-"));
        Assert.That(File.ReadAllBytes(Target), Is.EqualTo(Content));
    }

    [Test]
    public async Task ServerIgnoringTheRangeRestartsTheFileFromScratch()
    {
        File.WriteAllBytes(Target + Downloader.PartialSuffix, new byte[1234]);
        using var server = new TestHttpServer((_, _) => new TestResponse(200, Content));
        await new Downloader(_http).FetchAsync(new Uri(server.BaseUrl, "file.gz"), Target, ContentSha);
        Assert.That(File.ReadAllBytes(Target), Is.EqualTo(Content));
    }

    [Test]
    public async Task WrongChecksumDiscardsTheDownloadAndNamesBothHashes()
    {
        using var server = new TestHttpServer((_, _) => new TestResponse(200, Content));
        string expected = new('0', 64);
        var e = (await Assert.ThrowsAsync<DownloadException>(() => new Downloader(_http).FetchAsync(new Uri(server.BaseUrl, "file.gz"), Target, expected)))!;
        Assert.That(e.Message, Does.Contain($"expected SHA-256 {expected} but got {ContentSha}"));
        Assert.That(Directory.GetFiles(_folder), Is.Empty);
    }

    [Test]
    public async Task ServerErrorNamesTheStatus()
    {
        using var server = new TestHttpServer((_, _) => new TestResponse(500, []));
        var e = (await Assert.ThrowsAsync<DownloadException>(() => new Downloader(_http).FetchAsync(new Uri(server.BaseUrl, "file.gz"), Target, ContentSha)))!;
        Assert.That(e.Message, Does.EndWith("the server answered 500 Internal Server Error"));
        Assert.That(File.Exists(Target), Is.False);
    }

    [Test]
    public async Task FetchAllCreatesTheFolderAndSkipsFilesAlreadyVerified()
    {
        var files = new Dictionary<string, byte[]> { ["a.gz"] = Content[..1000], ["b.gz"] = Content[1000..3000] };
        using var server = new TestHttpServer((path, range) => TestHttpServer.ServeWithRanges(files[path.Split('/')[^1]], range));
        var list = files.Select(f => new DownloadFile(f.Key, Convert.ToHexStringLower(SHA256.HashData(f.Value)))).ToList();
        string folder = Path.Combine(_folder, "nested", "fashion-mnist");

        var paths = await new Downloader(_http).FetchAllAsync(server.BaseUrl, folder, list);
        Assert.That(paths.Select(File.ReadAllBytes), Is.EqualTo(files.Values));
        Assert.That(server.Requests.Select(r => r.Path), Is.EqualTo(new[] { "/data/a.gz", "/data/b.gz" }));

        await new Downloader(_http).FetchAllAsync(server.BaseUrl, folder, list);
        Assert.That(server.Requests, Has.Count.EqualTo(2));
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool and race the assertions).</summary>
    private sealed class SynchronousProgress(Action<DownloadProgress> report) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => report(value);
    }
}
