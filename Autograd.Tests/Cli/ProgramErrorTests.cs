using Autograd.Cli;

namespace Autograd.Tests.Cli;

/// <summary>What the <c>autograd</c> command prints and returns when something goes wrong: one clear line, never a stack trace.</summary>
public class ProgramErrorTests : CliFixture
{
    private int Run(params string[] args) => Program.RunAsync(args, Terminal, CancellationToken.None).GetAwaiter().GetResult();

    private string AFile()
    {
        string file = Path.Combine(Folder, "afile");
        File.WriteAllText(file, "not a folder");
        return file;
    }

    private void AssertOneLineWithoutStackTrace(string expected)
    {
        string output = Output.ToString();
        Assert.That(output, Does.Contain(expected));
        Assert.That(output, Does.Not.Contain("   at ").And.Not.Contain("Exception"));
    }

    [TestCase("notaurl")]
    [TestCase("ftp://x/")]
    public void BaseUrlThatIsNotHttpIsAUsageError(string url)
    {
        Assert.That(Run("fetch", "fashion-mnist", "--base-url", url), Is.EqualTo(Program.UsageError));
        AssertOneLineWithoutStackTrace($"--base-url must be an http:// or https:// address, like http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/; got '{url}'.");
    }

    [Test]
    public void DataDirInsideAFileIsAOneLineErrorNamingIt()
    {
        string dataDir = Path.Combine(AFile(), "sub");
        Assert.That(Run("fetch", "fashion-mnist", "--data-dir", dataDir), Is.EqualTo(1));
        AssertOneLineWithoutStackTrace($"error: Cannot create the data folder '{dataDir}': ");
    }

    [Test]
    public void OutputPathThatCannotBeCreatedIsAOneLineErrorNamingTheKey()
    {
        string output = Path.Combine(AFile(), "runs");
        Assert.That(Run("train", "--set", $"OUTPUT_PATH={output}", "--set", "VERSION=v", "--set", "MAX_EPOCH=1"), Is.EqualTo(1));
        AssertOneLineWithoutStackTrace($"error: Cannot create the run folder '{Path.Combine(output, "v")}' (set by OUTPUT_PATH): ");
    }

    [Test]
    public void TooManyConvolutionBlocksForTheImageIsAConfigErrorAtTheirLine()
    {
        string config = Path.Combine(Folder, "cnn.yml");
        File.WriteAllText(config, "MODEL: cnn\nCONV_CHANNELS: [8, 8, 8, 8]\n");
        Assert.That(Run("train", config, "--set", $"OUTPUT_PATH={Folder}"), Is.EqualTo(Program.UsageError));
        AssertOneLineWithoutStackTrace("config error: cnn.yml:2:1: CONV_CHANNELS has 4 blocks, but digits/train images of [1, 8, 8] " +
                                       "are pooled down to 1×1 by the first 3, too small for another 2×2 pool; use at most 3 blocks");
    }
}
