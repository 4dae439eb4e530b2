using Autograd.Nn.Data;

namespace Autograd.Tests.Data;

public class IdxReaderTests
{
    private string _folder = "";

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("autograd-idx-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [TestCase(true)]
    [TestCase(false)]
    public void ReadsShapeAndBytesFromGzipOrPlainFiles(bool gzip)
    {
        string path = IdxFiles.Write(_folder, "images", IdxFiles.Encode([2, 1, 3], [1, 2, 3, 4, 5, 6]), gzip);
        var array = IdxReader.Read(path);
        Assert.That(array.Shape, Is.EqualTo(new[] { 2, 1, 3 }));
        Assert.That(array.Data, Is.EqualTo(new byte[] { 1, 2, 3, 4, 5, 6 }));
    }

    [Test]
    public void WrongMagicNumberIsNamed()
    {
        var bytes = IdxFiles.Encode([2], [1, 2]);
        bytes[0] = 0x50;
        string path = IdxFiles.Write(_folder, "labels", bytes, gzip: false);
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path))!;
        Assert.That(e.Message, Does.StartWith($"{path}: wrong magic number 0x50000801"));
    }

    [Test]
    public void UnsupportedElementTypeIsNamed()
    {
        string path = IdxFiles.Write(_folder, "floats", IdxFiles.Encode([1], [0, 0, 0, 0], type: 0x0D), gzip: false);
        Assert.That(Assert.Throws<InvalidDataException>(() => IdxReader.Read(path))!.Message, Does.Contain("element type 0x0D is not supported"));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void TruncatedDataSaysHowMuchIsMissing(bool gzip)
    {
        var bytes = IdxFiles.Encode([2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8]);
        string path = IdxFiles.Write(_folder, "short", bytes[..^3], gzip);
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path))!;
        Assert.That(e.Message, Is.EqualTo($"{path}: truncated; the header declares shape [2, 2, 2] (8 bytes of data) but only 5 follow"));
    }

    [Test]
    public void TruncatedHeaderIsReported()
    {
        string path = IdxFiles.Write(_folder, "header", IdxFiles.Encode([5, 5], [])[..6], gzip: false);
        Assert.That(Assert.Throws<InvalidDataException>(() => IdxReader.Read(path))!.Message, Does.Contain("truncated in the header"));
    }

    [Test]
    public void CutGzipStreamIsReportedAsCorruptOrTruncated()
    {
        string path = IdxFiles.Write(_folder, "cut.gz", IdxFiles.Encode([64], new byte[64]), gzip: true);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path))!;
        Assert.That(e.Message, Does.StartWith(path).And.Contain("truncated").Or.Contain("corrupt gzip"));
    }

    [Test]
    public void LabelCountMismatchNamesBothCounts()
    {
        string images = IdxFiles.Write(_folder, "images", IdxFiles.Encode([3, 1, 1], [1, 2, 3]), gzip: false);
        string labels = IdxFiles.Write(_folder, "labels", IdxFiles.Encode([2], [0, 1]), gzip: false);
        var e = Assert.Throws<InvalidDataException>(() => FashionMnist.ReadPair(images, labels, "toy"))!;
        Assert.That(e.Message, Is.EqualTo("toy: images has 3 images but labels has 2 labels"));
    }

    [Test]
    public void LabelOutsideTheTenClassesIsRejected()
    {
        string images = IdxFiles.Write(_folder, "images", IdxFiles.Encode([1, 1, 1], [1]), gzip: false);
        string labels = IdxFiles.Write(_folder, "labels", IdxFiles.Encode([1], [12]), gzip: false);
        Assert.That(Assert.Throws<InvalidDataException>(() => FashionMnist.ReadPair(images, labels, "toy"))!.Message, Does.Contain("label 12 at position 0"));
    }
}
