namespace Autograd.Tests.Core;

/// <summary>ToString follows PyTorch's print format (expected strings are what PyTorch 2.x prints).</summary>
public class FormatTests
{
    [Test]
    public void FractionsPrintWithFourDecimalsAlignedToTheWidestElement() =>
        Assert.That(Tensor.From([-1.5f, 2f]).ToString(), Is.EqualTo("tensor([-1.5000,  2.0000])"));

    [Test]
    public void IntegerValuedFloatsPrintWithATrailingPoint() =>
        Assert.That(Tensor.From([1f, 20f, 0f]).ToString(), Is.EqualTo("tensor([ 1., 20.,  0.])"));

    [Test]
    public void WideRangesSwitchToScientificNotation() =>
        Assert.That(Tensor.From([1e-5f, 1f]).ToString(), Is.EqualTo("tensor([1.0000e-05, 1.0000e+00])"));

    [Test]
    public void MatricesPrintOneRowPerLineIndentedUnderTheBracket() =>
        Assert.That(Tensor.From([1f, 2f, 3f, 4f], 2, 2).ToString(), Is.EqualTo("tensor([[1., 2.],\n        [3., 4.]])"));

    [Test]
    public void ThreeDimensionalTensorsSeparateBlocksWithABlankLine() =>
        Assert.That(Tensor.From([1f, 2f, 3f, 4f], 2, 1, 2).ToString(), Is.EqualTo("tensor([[[1., 2.]],\n\n        [[3., 4.]]])"));

    [Test]
    public void NonDefaultDTypesAreNamed()
    {
        Assert.That(Tensor.From([1.0, 2.0]).ToString(), Is.EqualTo("tensor([1., 2.], dtype=torch.float64)"));
        Assert.That(Tensor.From([1, 2]).ToString(), Is.EqualTo("tensor([1, 2], dtype=torch.int32)"));
        Assert.That(Tensor.From([true, false]).ToString(), Is.EqualTo("tensor([ True, False])"));
    }

    [Test]
    public void ScalarsAndAutogradStatePrintLikePyTorch()
    {
        Assert.That(Tensor.Scalar(3.5).ToString(), Is.EqualTo("tensor(3.5000)"));
        var a = Tensor.Ones([2], DType.Float32, requiresGrad: true);
        Assert.That(a.ToString(), Is.EqualTo("tensor([1., 1.], requires_grad=True)"));
        Assert.That((a * 2).ToString(), Is.EqualTo("tensor([2., 2.], grad_fn=<MulBackward0>)"));
    }

    [Test]
    public void OtherDevicesAreNamed() =>
        Assert.That(Tensor.Zeros(2).To(CpuDevice.Create(2)).ToString(), Is.EqualTo("tensor([0., 0.], device='cpu:2')"));

    [Test]
    public void LongTensorsAreSummarisedWithAnEllipsis()
    {
        Assert.That(Tensor.Arange(0, 2000, 1, DType.Float32).ToString(), Is.EqualTo(
            "tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n" +
            "        1.9990e+03])"));
    }

    [Test]
    public void ASummaryChoosesItsNotationFromThePrintedElementsOnly()
    {
        var values = Enumerable.Range(0, 1001).Select(i => i is > 2 and < 998 ? 1e-6f : 1f).ToArray();
        Assert.That(Tensor.From(values).ToString(), Is.EqualTo("tensor([1., 1., 1.,  ..., 1., 1., 1.])"));
    }
}
