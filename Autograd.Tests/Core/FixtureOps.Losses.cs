using System.Text.Json;
using Autograd.Nn;

namespace Autograd.Tests.Core;

// Core has an internal Reduction helper that the tests can see; the loss enum is Nn's.
using Reduction = Autograd.Nn.Reduction;

public static partial class FixtureOps
{
    private static void RegisterLosses(Dictionary<string, Func<Tensor[], JsonElement, Tensor>> ops)
    {
        ops["cross_entropy"] = (a, k) => Losses.CrossEntropy(a[0], a[1], ReductionOf(k), labelSmoothing: k.Double("label_smoothing", 0));
        ops["nll_loss"] = (a, k) => Losses.NllLoss(a[0], a[1], ReductionOf(k));
        ops["mse_loss"] = (a, k) => Losses.MseLoss(a[0], a[1], ReductionOf(k));
        ops["bce_with_logits"] = (a, k) => Losses.BinaryCrossEntropyWithLogits(a[0], a[1], ReductionOf(k));
    }

    private static Reduction ReductionOf(JsonElement kwargs) => kwargs.String("reduction") switch
    {
        null or "mean" => Reduction.Mean,
        "sum" => Reduction.Sum,
        "none" => Reduction.None,
        var other => throw new NotSupportedException($"fixture reduction '{other}'"),
    };
}
