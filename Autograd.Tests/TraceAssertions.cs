using System.Collections.Concurrent;
using System.Diagnostics;
using NUnit.Framework.Interfaces;

[assembly: Autograd.Tests.FailOnTraceAssertions]

namespace Autograd.Tests;

/// <summary>
/// Failed trace assertions (the ILGPU emulator's bounds checks report through Trace.Assert), kept per running test.
/// The emulator raises them on its own worker threads, so they cannot be traced to the test that launched the
/// kernel; each is given to every test running at the time instead (one, unless tests run in parallel), and to
/// <see cref="TraceAssertionSetup"/> when none is.
/// </summary>
public static class TraceAssertions
{
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<string>> Running = new();
    private static readonly ConcurrentQueue<string> Unattributed = new();

    internal static void Begin(string testId) => Running[testId] = new ConcurrentQueue<string>();

    internal static void Record(string message)
    {
        bool attributed = false;
        foreach (var queue in Running.Values)
        {
            queue.Enqueue(message);
            attributed = true;
        }
        if (!attributed) Unattributed.Enqueue(message);
    }

    /// <summary>
    /// Takes the assertions recorded so far while the test <paramref name="testId"/> ran: the failure message for
    /// them, or null when there were none. Taken assertions are no longer reported when the test ends.
    /// </summary>
    public static string? TakeFailure(string testId) =>
        Running.TryGetValue(testId, out var queue) ? Failure(Drain(queue), Running.Count) : null;

    internal static void End(string testId) => Running.TryRemove(testId, out _);

    internal static string? TakeUnattributed() => Failure(Drain(Unattributed), 0);

    private static List<string> Drain(ConcurrentQueue<string> queue)
    {
        var messages = new List<string>();
        while (queue.TryDequeue(out var message)) messages.Add(message);
        return messages;
    }

    private static string? Failure(IReadOnlyList<string> messages, int running) => messages.Count == 0 ? null
        : $"{messages.Count} failed trace assertion(s), e.g. an out-of-range access reported by the ILGPU emulator" +
          (running > 1 ? $" (during this test or one of the {running - 1} running beside it)" : "") +
          ": " + string.Join(" | ", messages.Distinct().Take(5));
}

/// <summary>
/// Replaces the default trace listeners for the whole test assembly: the default one would kill the test process on
/// a failed assertion. Failures are recorded by <see cref="TraceAssertions"/> instead, and
/// <see cref="FailOnTraceAssertionsAttribute"/> fails the test during which they happened.
/// </summary>
[SetUpFixture]
public class TraceAssertionSetup
{
    private TraceListener[] _saved = [];

    [OneTimeSetUp]
    public void InstallListener()
    {
        _saved = [.. Trace.Listeners.Cast<TraceListener>()];
        Trace.Listeners.Clear();
        Trace.Listeners.Add(new RecordingListener());
    }

    [OneTimeTearDown]
    public void RestoreListeners()
    {
        Trace.Listeners.Clear();
        Trace.Listeners.AddRange(_saved);
        if (TraceAssertions.TakeUnattributed() is { } failure) Assert.Fail($"Outside any test: {failure}");
    }

    private sealed class RecordingListener : TraceListener
    {
        public override void Fail(string? message, string? detailMessage) => TraceAssertions.Record($"{message} {detailMessage}".Trim());

        public override void Write(string? message)
        {
        }

        public override void WriteLine(string? message)
        {
        }
    }
}

/// <summary>Applied to the assembly: every test fails if a trace assertion failed while it ran.</summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class FailOnTraceAssertionsAttribute : Attribute, ITestAction
{
    public ActionTargets Targets => ActionTargets.Test;

    public void BeforeTest(ITest test) => TraceAssertions.Begin(test.Id);

    public void AfterTest(ITest test)
    {
        string? failure = TraceAssertions.TakeFailure(test.Id);
        TraceAssertions.End(test.Id);
        if (failure is not null) Assert.Fail(failure);
    }
}
