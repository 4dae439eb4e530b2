using Autograd.Nn.Config;

namespace Autograd.Tests.Config;

public class ShippedConfigTests
{
    private static string RepoFile(string relative)
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Autograd.sln"))) dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new DirectoryNotFoundException("Autograd.sln not found above the test folder"), relative);
    }

    [TestCase("configs/fashion-mlp.yml", "mlp", 128, 1)]
    [TestCase("configs/fashion-mlp-accum.yml", "mlp", 256, 4)]
    [TestCase("configs/fashion-cnn.yml", "cnn", 128, 1)]
    [TestCase("Autograd.Cli/default.yml", "mlp", 64, 4)]
    public void ShippedConfigsLoadAndValidate(string path, string model, int batch, int accumulation)
    {
        var config = ConfigLoader.Load(RepoFile(path));
        Assert.That((config.Model, config.BatchSize, config.GradAccuSteps), Is.EqualTo((model, batch, accumulation)));
    }

    [Test]
    public void FashionMlpIs784To256To128To10()
    {
        Assert.That(ConfigLoader.Load(RepoFile("configs/fashion-mlp.yml")).MlpHidden, Is.EqualTo(new[] { 256, 128 }));
    }
}
