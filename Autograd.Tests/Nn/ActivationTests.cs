using Autograd.Nn;

namespace Autograd.Tests.Nn;

public class ActivationTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        yield return new TestCaseData(new ReLU(), (Func<double, double>)(x => Math.Max(0, x))).SetName("ReLU");
        yield return new TestCaseData(new LeakyReLU(0.2), (Func<double, double>)(x => x >= 0 ? x : 0.2 * x)).SetName("LeakyReLU");
        yield return new TestCaseData(new Tanh(), (Func<double, double>)Math.Tanh).SetName("Tanh");
        yield return new TestCaseData(new Sigmoid(), (Func<double, double>)(x => 1 / (1 + Math.Exp(-x)))).SetName("Sigmoid");
        yield return new TestCaseData(new SiLU(), (Func<double, double>)(x => x / (1 + Math.Exp(-x)))).SetName("SiLU");
        yield return new TestCaseData(new GELU(tanhApproximation: true),
            (Func<double, double>)(x => 0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x))))).SetName("GELU tanh");
        yield return new TestCaseData(new Identity(), (Func<double, double>)(x => x)).SetName("Identity");
    }

    [TestCaseSource(nameof(Cases))]
    public void ModuleAppliesItsFunctionElementwise(IModule activation, Func<double, double> expected)
    {
        using var x = Tensor.From([-2.0, -0.5, 0.25, 1.5], 2, 2);
        using var y = activation.Forward(x);
        Assert.That(y.ToDoubleArray(), Is.EqualTo(x.ToDoubleArray().Select(expected)).Within(1e-12));
    }
}
