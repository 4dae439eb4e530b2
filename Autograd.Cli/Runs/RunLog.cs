using System.Globalization;
using Autograd.Nn.Config;

namespace Autograd.Cli.Runs;

/// <summary>
/// MCAN's plain-text run log, <c>log_run_VERSION.txt</c>: the full config when a run starts or resumes, then one
/// block per epoch with the time, losses, accuracy and learning rate. Appended to, never rewritten.
/// </summary>
/// <param name="path">The log file.</param>
/// <param name="enabled">False for a process that must not write it (an MPI rank other than 0): every call does nothing.</param>
internal sealed class RunLog(string path, bool enabled = true)
{
    public string Path { get; } = path;

    public void Started(TrainingConfig config, string what)
    {
        Append($"{what} at {Now()}\n{config.ToYaml()}\n");
    }

    public void Epoch(EpochMetrics m)
    {
        string test = m.TestAccuracy is { } accuracy
            ? $"  test_loss = {F(m.TestLoss!.Value)}  accuracy = {F(accuracy)}"
            : "";
        Append($"nowTime: {Now()}\nepoch = {m.Epoch}  loss = {F(m.TrainLoss)}{test}\nlr = {F(m.LearningRate)}  time = {m.Seconds:F2}s\n\n");
    }

    public void Note(string message) => Append($"{Now()}: {message}\n");

    private void Append(string text)
    {
        if (enabled) File.AppendAllText(Path, text);
    }

    private static string Now() => DateTime.Now.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
