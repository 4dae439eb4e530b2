namespace Autograd.Tests.Core;

/// <summary>
/// Bad input gets a clear error naming the op and the shapes, thrown before any work, leaving the inputs untouched.
/// One test per kind of mistake: shape, dtype, device, dimension.
/// </summary>
public class BadInputTests
{
    private static (Tensor A, double[] Before, int Version) Input(params int[] shape)
    {
        var t = Tensor.Rand(shape, new Generator(1), DType.Float64);
        return (t, t.ToArray<double>(), t.Version);
    }

    private static void Untouched((Tensor A, double[] Before, int Version) input)
    {
        Assert.That(input.A.ToArray<double>(), Is.EqualTo(input.Before));
        Assert.That(input.A.Version, Is.EqualTo(input.Version));
    }

    [Test]
    public void ShapeMismatchNamesTheOpAndBothShapes()
    {
        var a = Input(2, 3);
        var b = Input(4, 5);
        var ex = Assert.Throws<ArgumentException>(() => Tensor.MatMul(a.A, b.A));
        Assert.That(ex!.Message, Does.Contain("matmul").And.Contain("[2, 3]").And.Contain("[4, 5]"));
        var add = Assert.Throws<ArgumentException>(() => _ = a.A + b.A);
        Assert.That(add!.Message, Does.Contain("add").And.Contain("[2, 3]").And.Contain("[4, 5]"));
        Untouched(a);
        Untouched(b);
    }

    [Test]
    public void InPlaceShapeMismatchLeavesTheTargetUntouched()
    {
        var a = Input(3);
        var b = Input(2, 3);
        var ex = Assert.Throws<ArgumentException>(() => a.A.AddInPlace(b.A));
        Assert.That(ex!.Message, Does.Contain("add_").And.Contain("[2, 3]").And.Contain("[3]"));
        Untouched(a);
    }

    [Test]
    public void DTypeMismatchNamesTheOpAndTheTypes()
    {
        var labels = Tensor.From([1, 2, 3]);
        var ex = Assert.Throws<ArgumentException>(() => labels.Log());
        Assert.That(ex!.Message, Does.Contain("log").And.Contain("int32").And.Contain("[3]"));
        var a = Input(3);
        var inPlace = Assert.Throws<ArgumentException>(() => labels.AddInPlace(a.A));
        Assert.That(inPlace!.Message, Does.Contain("add_").And.Contain("float64").And.Contain("int32"));
        Assert.That(labels.ToArray<int>(), Is.EqualTo(new[] { 1, 2, 3 }));
        Untouched(a);
    }

    [Test]
    public void DeviceMismatchNamesBothDevicesAndCopiesNothing()
    {
        var other = CpuDevice.Create(3);
        var a = Input(2, 2);
        var b = Tensor.Ones([2, 2], DType.Float64, other);
        long liveBefore = other.LiveBytes;
        var ex = Assert.Throws<InvalidOperationException>(() => Tensor.MatMul(a.A, b));
        Assert.That(ex!.Message, Does.Contain("cpu").And.Contain("cpu:3"));
        Assert.That(other.LiveBytes, Is.EqualTo(liveBefore));
        Untouched(a);
    }

    [Test]
    public void DimensionOutOfRangeNamesTheOpTheDimensionAndTheShape()
    {
        var a = Input(2, 3);
        var index = Tensor.Zeros([1], DType.Int32);
        var cases = new (string Op, Action Call)[]
        {
            ("sum", () => a.A.Sum(2)),
            ("transpose", () => a.A.Transpose(0, 5)),
            ("permute", () => a.A.Permute(0, 5)),
            ("narrow", () => a.A.Narrow(5, 0, 1)),
            ("select", () => a.A.Select(5, 0)),
            ("squeeze", () => a.A.Squeeze(5)),
            ("flatten", () => a.A.Flatten(5)),
            ("index_select", () => a.A.IndexSelect(5, index)),
            ("cat", () => Tensor.Cat([a.A, a.A], 5)),
            ("size", () => a.A.Size(5)),
            ("softmax", () => a.A.Softmax(5)),
        };
        foreach (var (op, call) in cases)
        {
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => call(), op);
            Assert.That(ex!.Message, Does.StartWith(op + ":").And.Contain("dimension").And.Contain("[2, 3]"), op);
        }
        var unsqueeze = Assert.Throws<ArgumentOutOfRangeException>(() => a.A.Unsqueeze(4));
        Assert.That(unsqueeze!.Message, Does.Contain("unsqueeze: dimension 4").And.Contain("[2, 3]").And.Contain("-3..2"));
        Untouched(a);
    }

    [Test]
    public void ReshapeToTheWrongSizeNamesBothShapes()
    {
        var a = Input(2, 3);
        var ex = Assert.Throws<ArgumentException>(() => a.A.Reshape(4, 2));
        Assert.That(ex!.Message, Does.Contain("reshape").And.Contain("[4, 2]").And.Contain("[2, 3]"));
        Untouched(a);
    }
}
