using Autograd.Nn.Data;

namespace Autograd.Tests.Data;

[NonParallelizable]
public class FashionMnistTests
{
    private string _folder = "";
    private string? _savedEnvironment;

    [SetUp]
    public void CreateFolder()
    {
        _folder = Directory.CreateTempSubdirectory("autograd-fashion-").FullName;
        _savedEnvironment = Environment.GetEnvironmentVariable(FashionMnist.DataEnvironmentVariable);
    }

    [TearDown]
    public void DeleteFolder()
    {
        Environment.SetEnvironmentVariable(FashionMnist.DataEnvironmentVariable, _savedEnvironment);
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public void SearchOrderIsDataDirThenEnvironmentThenSystemThenCache()
    {
        Environment.SetEnvironmentVariable(FashionMnist.DataEnvironmentVariable, "/env");
        var folders = FashionMnist.SearchFolders("/dir");
        Assert.That(folders, Is.EqualTo(new[]
        {
            "/dir", Path.Combine("/dir", "fashion-mnist"), "/env", Path.Combine("/env", "fashion-mnist"),
            FashionMnist.SystemFolder, FashionMnist.CacheFolder,
        }));
    }

    [Test]
    public void DataDirWinsOverTheEnvironmentVariable()
    {
        string first = Directory.CreateDirectory(Path.Combine(_folder, "first")).FullName;
        string second = Directory.CreateDirectory(Path.Combine(_folder, "second", "fashion-mnist")).FullName;
        IdxFiles.WriteFashionSet(first);
        IdxFiles.WriteFashionSet(second);
        Environment.SetEnvironmentVariable(FashionMnist.DataEnvironmentVariable, Path.Combine(_folder, "second"));
        Assert.That(FashionMnist.Locate(first), Is.EqualTo(first));
        Assert.That(FashionMnist.Locate(Path.Combine(_folder, "empty")), Is.EqualTo(second));
    }

    [Test]
    public void LoadsBothSplitsScaledToUnitRange()
    {
        IdxFiles.WriteFashionSet(_folder);
        var (train, test) = FashionMnist.LoadFrom(_folder);
        Assert.Multiple(() =>
        {
            Assert.That(train.Count, Is.EqualTo(3));
            Assert.That(test.Count, Is.EqualTo(2));
            Assert.That(train.SampleShape, Is.EqualTo(new[] { 1, 2, 2 }));
            Assert.That(train.Features(0).ToArray(), Is.EqualTo(new[] { 0f, 1f, 0f, 1f }));
            Assert.That(train.Label(0), Is.EqualTo(9));
            Assert.That(test.Label(1), Is.EqualTo(2));
        });
    }

    [Test]
    public void MissingDatasetListsWhereItLookedAndHowToFetch()
    {
        Environment.SetEnvironmentVariable(FashionMnist.DataEnvironmentVariable, null);
        string missing = Path.Combine(_folder, "nowhere");
        if (FashionMnist.Locate(missing) is not null) Assert.Ignore("Fashion-MNIST is installed on this machine.");
        var e = Assert.Throws<FileNotFoundException>(() => FashionMnist.Load(missing))!;
        Assert.That(e.Message, Does.Contain(missing).And.Contain("fetch fashion-mnist").And.Contain(FashionMnist.SystemFolder));
    }
}
