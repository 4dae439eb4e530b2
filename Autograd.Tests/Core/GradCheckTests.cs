
namespace Autograd.Tests.Core;

public class GradCheckTests
{
    private static Tensor Input(params int[] shape) =>
        Tensor.Randn(shape, new Generator(7), DType.Float64, requiresGrad: true);

    [Test]
    public void BroadcastArithmeticPassesGradCheck()
    {
        Autodiff.GradCheck(x => (x[0] * x[1] + x[0] / (x[1] * x[1] + 1) - x[1]).Exp(), [Input(2, 3), Input(3)]);
    }

    [Test]
    public void GradCheckReportsTheInputAndElementOfAWrongGradient()
    {
        // Clone of a saved-output formula with the wrong sign would be caught; emulate by checking against a
        // function whose gradient the engine gets right but with a tolerance of zero on a noisy difference.
        var ex = Assert.Throws<GradCheckException>(() =>
            Autodiff.GradCheck(x => x[0].Exp() * 1e8, [Input(3)], eps: 1e-3, atol: 0, rtol: 0));
        Assert.That(ex!.Message, Does.Contain("input 0").And.Contain("element"));
    }
}
