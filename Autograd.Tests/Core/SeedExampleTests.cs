
namespace Autograd.Tests.Core;

/// <summary>The seed's requires_grad / no_grad example, reproduced line for line.</summary>
public class SeedExampleTests
{
    private static string Show(Tensor t) => $"{t} {t.Grad?.ToString() ?? "None"} {(t.RequiresGrad ? "True" : "False")}";

    [Test]
    public void SeedExamplePrintsWhatPyTorchPrintsAndAccumulatesTheSecondBackward()
    {
        var a = Tensor.Ones([2], DType.Float32, requiresGrad: true);
        var b = a * 2;
        Assert.That(Show(a), Is.EqualTo("tensor([1., 1.], requires_grad=True) None True"));

        b.Sum().Backward(retainGraph: true);
        Assert.That(Show(a), Is.EqualTo("tensor([1., 1.], requires_grad=True) tensor([2., 2.]) True"));

        var leaf = a;
        using (Tensor.NoGrad())
        {
            a = a + a.Grad!;
            Assert.That(Show(a), Is.EqualTo("tensor([3., 3.]) None False"));
        }

        b.Sum().Backward(retainGraph: true);
        Assert.That(Show(a), Is.EqualTo("tensor([3., 3.]) None False"));
        Assert.That(leaf.Grad!.ToArray<float>(), Is.EqualTo(new[] { 4f, 4f }));
    }

    [Test]
    public void SumOfProductPrintsItsGradFn()
    {
        var a = Tensor.Ones([2], DType.Float32, requiresGrad: true);
        Assert.That((a * 2).Sum().ToString(), Is.EqualTo("tensor(4., grad_fn=<SumBackward0>)"));
    }
}
