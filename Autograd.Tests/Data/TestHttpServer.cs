using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Autograd.Tests.Data;

/// <summary>What the test server sends: a status, a body, and optionally a Content-Length larger than the body (a cut transfer).</summary>
internal sealed record TestResponse(int Status, byte[] Body, long? DeclaredLength = null, string? ContentRange = null);

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 for download tests: one request per connection, answered by a handler
/// that sees the path and the Range header. Never reaches beyond the loopback interface.
/// </summary>
internal sealed class TestHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<string, string?, TestResponse> _handler;
    private readonly CancellationTokenSource _stop = new();

    public TestHttpServer(Func<string, string?, TestResponse> handler)
    {
        _handler = handler;
        _listener.Start();
        _ = Task.Run(AcceptLoop);
    }

    public Uri BaseUrl => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/data/");

    /// <summary>The (path, Range header) of every request so far.</summary>
    public List<(string Path, string? Range)> Requests { get; } = [];

    /// <summary>Serves <paramref name="content"/>, honouring "Range: bytes=N-" with a 206 as real servers do.</summary>
    public static TestResponse ServeWithRanges(byte[] content, string? range)
    {
        if (range is null || !range.StartsWith("bytes=", StringComparison.Ordinal)) return new TestResponse(200, content);
        int start = int.Parse(range["bytes=".Length..].TrimEnd('-'));
        if (start >= content.Length) return new TestResponse(416, []);
        return new TestResponse(206, content[start..], ContentRange: $"bytes {start}-{content.Length - 1}/{content.Length}");
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            using (client)
                await Answer(client.GetStream());
        }
    }

    private async Task Answer(NetworkStream stream)
    {
        var reader = new StreamReader(stream, Encoding.ASCII);
        string requestLine = await reader.ReadLineAsync() ?? "";
        string? range = null;
        while (await reader.ReadLineAsync() is { Length: > 0 } header)
            if (header.StartsWith("Range:", StringComparison.OrdinalIgnoreCase))
                range = header["Range:".Length..].Trim();
        string path = requestLine.Split(' ') is [_, var p, ..] ? p : "/";
        lock (Requests) Requests.Add((path, range));

        var response = _handler(path, range);
        string reason = response.Status switch
        {
            200 => "OK",
            206 => "Partial Content",
            416 => "Range Not Satisfiable",
            _ => "Internal Server Error",
        };
        var head = new StringBuilder($"HTTP/1.1 {response.Status} {reason}\r\n");
        head.Append($"Content-Length: {response.DeclaredLength ?? response.Body.Length}\r\n");
        if (response.ContentRange is not null) head.Append($"Content-Range: {response.ContentRange}\r\n");
        head.Append("Connection: close\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        await stream.WriteAsync(response.Body);
        await stream.FlushAsync();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}
