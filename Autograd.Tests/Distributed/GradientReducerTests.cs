using Autograd.Nn.Distributed;

namespace Autograd.Tests.Distributed;

public class GradientReducerTests
{
    [Test]
    public void ParametersArePackedIntoBucketsUpToTheCap()
    {
        var group = InProcessGroup.Create(1)[0];
        Tensor[] parameters = [Param(100), Param(100), Param(100), Param(10, DType.Float32)];

        var reducer = new GradientReducer(group, parameters, bucketCapBytes: 2 * 101 * sizeof(double));

        Assert.That(reducer.BucketCount, Is.EqualTo(3), "two Float64 buckets (2 + 1 parameters) and one Float32 bucket");
        Assert.That(reducer.BytesPerStep, Is.EqualTo(3 * 101 * sizeof(double) + 11 * sizeof(float)));
    }

    [Test]
    public void GradientsAreSummedAcrossRanksAndMissingOnesCountAsZero()
    {
        var results = DataParallelIdentityTests.RunRanks(2, group =>
        {
            Tensor[] parameters = [Param(3), Param(2), Param(1)];
            parameters[0].Grad = Tensor.Full([3], group.Rank + 1, DType.Float64);
            if (group.Rank == 1) parameters[1].Grad = Tensor.Full([2], 5, DType.Float64);
            new GradientReducer(group, parameters, bucketCapBytes: 16).AllReduceGradients();
            Assert.That(parameters[2].Grad, Is.Null, "no rank had a gradient, so none is created (the optimizer skips it, as in one process)");
            return [.. parameters[0].Grad!.ToDoubleArray(), .. parameters[1].Grad!.ToDoubleArray()];
        });

        foreach (var values in results) Assert.That(values, Is.EqualTo(new[] { 3.0, 3.0, 3.0, 5.0, 5.0 }));
    }

    [Test]
    public void IntegerParametersAreRejectedByName()
    {
        var group = InProcessGroup.Create(1)[0];

        Assert.That(() => new GradientReducer(group, [Param(2), Tensor.Zeros([2], DType.Int32)]),
            Throws.ArgumentException.With.Message.Contains("parameter 1 is Int32"));
    }

    private static Tensor Param(int n, DType dtype = DType.Float64) => Tensor.Zeros([n], dtype, requiresGrad: true);
}
