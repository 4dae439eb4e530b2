using System.Globalization;
using Spectre.Console;

namespace Autograd.Cli.Runs;

/// <summary>What the training loop reports after each optimizer step.</summary>
internal readonly record struct StepReport(int Step, int Steps, double Loss, double LearningRate, double SamplesPerSecond);

/// <summary>
/// The training run's console output: one Spectre.Console progress bar per epoch showing the running loss, the
/// learning rate and the throughput, then one summary line per epoch.
/// </summary>
internal sealed class ConsoleReporter(IAnsiConsole console)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public IAnsiConsole Console { get; } = console;

    /// <summary>
    /// Runs one epoch under a progress bar. <paramref name="body"/> receives the callback to call after each step.
    /// </summary>
    public T Epoch<T>(int epoch, int maxEpoch, int steps, Func<Action<StepReport>, T> body)
    {
        return Console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(Describe(epoch, maxEpoch, null), maxValue: Math.Max(steps, 1));
                var result = body(report =>
                {
                    task.Description = Describe(epoch, maxEpoch, report);
                    task.Value = report.Step;
                });
                task.Value = task.MaxValue;
                return result;
            });
    }

    private static string Describe(int epoch, int maxEpoch, StepReport? report)
    {
        string head = $"epoch {epoch}/{maxEpoch}";
        return report is { } r
            ? $"{head}  loss {r.Loss.ToString("F4", Invariant)}  lr {r.LearningRate.ToString("G3", Invariant)}  {r.SamplesPerSecond.ToString("N0", Invariant)} samples/s"
            : head;
    }

    /// <summary>The line printed after an epoch: train loss, test loss, accuracy and time.</summary>
    public static string Summary(EpochMetrics m) =>
        $"epoch {m.Epoch}: train loss {m.TrainLoss.ToString("F4", Invariant)}" +
        (m.TestAccuracy is { } accuracy
            ? $", test loss {m.TestLoss!.Value.ToString("F4", Invariant)}, test accuracy {accuracy.ToString("F4", Invariant)}"
            : "") +
        $", {m.Seconds.ToString("F1", Invariant)} s ({m.SamplesPerSecond.ToString("N0", Invariant)} samples/s)";

    public void EpochDone(EpochMetrics m) => Console.MarkupLineInterpolated($"[green]{Summary(m)}[/]");

    public void Info(string message) => Console.MarkupLineInterpolated($"[grey]{message}[/]");

    public void Warning(string message) => Console.MarkupLineInterpolated($"[yellow]{message}[/]");

    public void Error(string message) => Console.MarkupLineInterpolated($"[red]{message}[/]");

    /// <summary>A plain last line (no markup), so scripts can read the result with <c>tail -1</c>.</summary>
    public void Result(string message) => Console.WriteLine(message);
}
