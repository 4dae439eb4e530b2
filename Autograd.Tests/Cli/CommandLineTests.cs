using Autograd.Cli;

namespace Autograd.Tests.Cli;

public class CommandLineTests
{
    [Test]
    public void TrainWithoutArgumentsUsesTheDefaultConfig()
    {
        var command = CommandLine.Parse(["train"]);
        Assert.That(command.Command, Is.EqualTo("train"));
        Assert.That(command.Argument, Is.Null);
    }

    [Test]
    public void TrainTakesAConfigDeviceAndRepeatedOverrides()
    {
        var command = CommandLine.Parse(["train", "configs/fashion-mlp.yml", "--set", "LR_BASE=0.01", "--device", "cuda", "--set", "MAX_EPOCH=2"]);
        Assert.Multiple(() =>
        {
            Assert.That(command.Argument, Is.EqualTo("configs/fashion-mlp.yml"));
            Assert.That(command.Overrides, Is.EqualTo(new[] { "LR_BASE=0.01", "MAX_EPOCH=2" }));
            Assert.That(command.AllOverrides, Is.EqualTo(new[] { "LR_BASE=0.01", "MAX_EPOCH=2", "DEVICE=cuda" }));
        });
    }

    [Test]
    public void OverwriteIsATrainFlagDocumentedInTheUsage()
    {
        Assert.That(CommandLine.Parse(["train", "--overwrite", "a.yml"]) is { Overwrite: true, Argument: "a.yml" }, Is.True);
        Assert.That(CommandLine.Parse(["train", "a.yml"]).Overwrite, Is.False);
        Assert.That(CommandLine.Usage, Does.Contain("--overwrite"));
    }

    [Test]
    public void EvalNeedsACheckpoint()
    {
        Assert.That(CommandLine.Parse(["eval", "--ckpt", "runs/x/epoch3.ckpt"]).Checkpoint, Is.EqualTo("runs/x/epoch3.ckpt"));
        Assert.That(() => CommandLine.Parse(["eval"]), Throws.TypeOf<UsageException>().With.Message.EqualTo("eval needs --ckpt PATH."));
    }

    [Test]
    public void FetchKnowsOnlyFashionMnist()
    {
        var command = CommandLine.Parse(["fetch", "fashion-mnist", "--data-dir", "/tmp/d", "--base-url", "http://127.0.0.1:1/"]);
        Assert.That((command.DataDir, command.BaseUrl), Is.EqualTo(("/tmp/d", "http://127.0.0.1:1/")));
        Assert.That(() => CommandLine.Parse(["fetch", "mnist"]), Throws.TypeOf<UsageException>().With.Message.Contains("Unknown dataset 'mnist'"));
    }

    [TestCase(new[] { "fit" }, "Unknown command 'fit'. Commands: train, eval, fetch.")]
    [TestCase(new[] { "train", "--epochs", "3" }, "Unknown option '--epochs' for 'train'.")]
    [TestCase(new[] { "train", "--set" }, "--set needs a value.")]
    [TestCase(new[] { "train", "a.yml", "b.yml" }, "'train' takes one argument; got 'a.yml' and 'b.yml'.")]
    [TestCase(new[] { "train", "--ckpt", "x" }, "Unknown option '--ckpt' for 'train'.")]
    [TestCase(new[] { "eval", "--ckpt", "x", "--overwrite" }, "Unknown option '--overwrite' for 'eval'.")]
    public void MistakesAreExplained(string[] args, string message)
    {
        Assert.That(() => CommandLine.Parse(args), Throws.TypeOf<UsageException>().With.Message.EqualTo(message));
    }

    [Test]
    public void HelpIsACommand()
    {
        Assert.That(CommandLine.Parse(["--help"]).Command, Is.EqualTo("help"));
        Assert.That(CommandLine.Parse(["train", "-h"]).Command, Is.EqualTo("help"));
    }
}
