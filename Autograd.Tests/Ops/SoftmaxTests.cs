namespace Autograd.Tests.Ops;

public class SoftmaxTests
{
    private static Tensor Input(params int[] shape) =>
        Tensor.Randn(shape, new Generator(5), DType.Float64, requiresGrad: true);

    [Test]
    public void SoftmaxSlicesSumToOneAlongTheDim()
    {
        using var x = Tensor.Randn([2, 3, 4], new Generator(1), DType.Float64);
        foreach (int dim in new[] { 0, 1, 2, -1 })
        {
            using var y = x.Softmax(dim);
            Assert.That(y.Shape, Is.EqualTo(x.Shape));
            Assert.That(y.Sum(dim).ToDoubleArray(), Is.All.EqualTo(1.0).Within(1e-12), $"dim {dim}");
        }
    }

    [Test]
    public void SoftmaxMatchesTheDefinitionOnARow()
    {
        using var x = Tensor.From([1.0, 2, 3], 3);
        double z = Math.Exp(1) + Math.Exp(2) + Math.Exp(3);
        Assert.That(x.Softmax(0).ToDoubleArray(), Is.EqualTo(new[] { Math.Exp(1) / z, Math.Exp(2) / z, Math.Exp(3) / z }).Within(1e-15));
        Assert.That(x.LogSoftmax(0).ToDoubleArray(), Is.EqualTo(new[] { 1 - Math.Log(z), 2 - Math.Log(z), 3 - Math.Log(z) }).Within(1e-14));
    }

    [Test]
    public void SoftmaxDoesNotOverflowAtLargeInputs()
    {
        using var x = Tensor.From([1e4, 1e4 - 1, -1e4, 0], 1, 4);
        var y = x.Softmax(1).ToDoubleArray();
        double z = 1 + Math.Exp(-1);
        Assert.That(y, Is.EqualTo(new[] { 1 / z, Math.Exp(-1) / z, 0, 0 }).Within(1e-15));
        var logY = x.LogSoftmax(1).ToDoubleArray();
        Assert.That(logY, Is.EqualTo(new[] { -Math.Log(z), -1 - Math.Log(z), -2e4 - Math.Log(z), -1e4 - Math.Log(z) }).Within(1e-9));
        using var f = Tensor.From([1e4f, 1e4f, 0f], 3);
        Assert.That(f.Softmax(0).ToFloatArray(), Is.EqualTo(new[] { 0.5f, 0.5f, 0f }));
    }

    [Test]
    public void SoftmaxAlongANonLastDimEqualsSoftmaxOfTheTranspose()
    {
        using var x = Tensor.Randn([3, 4], new Generator(2), DType.Float32);
        using var expected = x.Transpose(0, 1).Softmax(1);
        using var actual = x.Softmax(0);
        Assert.That(actual.IsContiguous, Is.True);
        Assert.That(actual.Transpose(0, 1).ToFloatArray(), Is.EqualTo(expected.ToFloatArray()).Within(1e-7));
    }

    [Test]
    public void SoftmaxAndLogSoftmaxPassGradCheck()
    {
        Autodiff.GradCheck(x => x[0].Softmax(-1), [Input(2, 3)]);
        Autodiff.GradCheck(x => x[0].Softmax(1), [Input(2, 3, 2)]);
        Autodiff.GradCheck(x => x[0].Transpose(0, 1).Softmax(1), [Input(3, 4)]);
        Autodiff.GradCheck(x => x[0].LogSoftmax(0), [Input(3, 2)]);
        Autodiff.GradCheck(x => x[0].Transpose(0, 2).LogSoftmax(-1), [Input(2, 3, 2)]);
    }

    [Test]
    public void SoftmaxSupportsDoubleBackward()
    {
        using var w = Tensor.Randn([2, 3], new Generator(9), DType.Float64);
        Autodiff.GradCheck(x =>
        {
            using var grad = Tensor.EnableGrad();
            var g = Autodiff.Grad([(x[0].LogSoftmax(1) * w).Sum()], [x[0]], createGraph: true)[0]!;
            return g.Softmax(0);
        }, [Input(2, 3)]);
    }

    [Test]
    public void SoftmaxNamesItsGradFnAsPyTorchDoes()
    {
        using var x = Input(2, 3);
        Assert.That(x.Softmax(1).GradFn!.Name, Is.EqualTo("SoftmaxBackward0"));
        Assert.That(x.LogSoftmax(1).GradFn!.Name, Is.EqualTo("LogSoftmaxBackward0"));
    }

    [Test]
    public void SoftmaxRejectsABadDimAndIntegerInput()
    {
        using var x = Input(2, 3);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => x.Softmax(2));
        Assert.That(ex!.Message, Does.Contain("softmax: dimension 2 is out of range for a tensor of shape [2, 3]"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => x.LogSoftmax(-3))!.Message, Does.Contain("log_softmax: dimension -3"));
        using var ints = Tensor.From([1, 2], 2);
        Assert.That(Assert.Throws<ArgumentException>(() => ints.Softmax(0))!.Message, Does.StartWith("softmax:").And.Contain("int32"));
    }
}
