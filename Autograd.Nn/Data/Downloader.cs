using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace Autograd.Nn.Data;

/// <summary>How far one file's download has got; <see cref="Total"/> is null while the size is unknown.</summary>
public sealed record DownloadProgress(string File, long Received, long? Total);

/// <summary>A download that failed: a server error, a connection that ended early, or a checksum mismatch.</summary>
public sealed class DownloadException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Downloads files the way <c>mkdir -p</c> + <c>wget -c -O</c> would, but safely: bytes go to <c>NAME.part</c>,
/// an interrupted download resumes from where it stopped (HTTP Range), the SHA-256 is checked, and only then is
/// the file renamed to its final name, so a file under its real name is always complete and verified.
/// </summary>
public sealed class Downloader(HttpClient http)
{
    /// <summary>The suffix of a file still being downloaded.</summary>
    public const string PartialSuffix = ".part";

    /// <summary>
    /// Downloads each of <paramref name="files"/> from <paramref name="baseUrl"/> + its name into
    /// <paramref name="folder"/> (created if needed). Files already present with the right checksum are kept.
    /// </summary>
    /// <returns>The paths of the verified files, in the order given.</returns>
    public async Task<IReadOnlyList<string>> FetchAllAsync(Uri baseUrl, string folder, IReadOnlyList<DownloadFile> files,
        IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(folder);
        var paths = new List<string>();
        foreach (var file in files)
            paths.Add(await FetchAsync(new Uri(baseUrl, file.Name), Path.Combine(folder, file.Name), file.Sha256, progress, cancellationToken));
        return paths;
    }

    /// <summary>Downloads <paramref name="url"/> to <paramref name="destination"/> and verifies its SHA-256.</summary>
    /// <exception cref="DownloadException">The server failed, the transfer ended early (run again to resume), or the checksum differs.</exception>
    public async Task<string> FetchAsync(Uri url, string destination, string sha256, IProgress<DownloadProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        string name = Path.GetFileName(destination);
        if (File.Exists(destination) && await Sha256Async(destination, cancellationToken) == sha256)
        {
            long size = new FileInfo(destination).Length;
            progress?.Report(new DownloadProgress(name, size, size));
            return destination;
        }

        string partial = destination + PartialSuffix;
        long existing = File.Exists(partial) ? new FileInfo(partial).Length : 0;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (existing > 0) request.Headers.Range = new RangeHeaderValue(existing, null);

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new DownloadException($"{url}: could not connect ({e.Message})", e);
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && existing > 0)
                return await VerifyAndRename(partial, destination, sha256, url, cancellationToken);
            if (!response.IsSuccessStatusCode)
                throw new DownloadException($"{url}: the server answered {(int)response.StatusCode} {response.ReasonPhrase}");

            bool resumed = response.StatusCode == HttpStatusCode.PartialContent;
            long offset = resumed ? existing : 0;
            long? total = response.Content.Headers.ContentLength is { } length ? length + offset : null;
            long received = offset;
            await using (var output = new FileStream(partial, resumed ? FileMode.Append : FileMode.Create, FileAccess.Write))
            {
                try
                {
                    await using var input = await response.Content.ReadAsStreamAsync(cancellationToken);
                    var buffer = new byte[81920];
                    int n;
                    while ((n = await input.ReadAsync(buffer, cancellationToken)) > 0)
                    {
                        await output.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
                        received += n;
                        progress?.Report(new DownloadProgress(name, received, total));
                    }
                }
                catch (Exception e) when (e is IOException or HttpRequestException)
                {
                    throw Interrupted(url, received, total, e);
                }
            }
            if (total is { } expected && received < expected)
                throw Interrupted(url, received, total, null);
        }
        return await VerifyAndRename(partial, destination, sha256, url, cancellationToken);
    }

    private static DownloadException Interrupted(Uri url, long received, long? total, Exception? inner) =>
        new($"{url}: the transfer stopped after {received} of {total?.ToString() ?? "?"} bytes; run the same command again to resume", inner);

    private static async Task<string> VerifyAndRename(string partial, string destination, string sha256, Uri url, CancellationToken cancellationToken)
    {
        string actual = await Sha256Async(partial, cancellationToken);
        if (actual != sha256)
        {
            File.Delete(partial);
            throw new DownloadException($"{url}: checksum mismatch, expected SHA-256 {sha256} but got {actual}; the download was discarded");
        }
        File.Move(partial, destination, overwrite: true);
        return destination;
    }

    /// <summary>The SHA-256 of a file as lower-case hex.</summary>
    public static async Task<string> Sha256Async(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }
}
