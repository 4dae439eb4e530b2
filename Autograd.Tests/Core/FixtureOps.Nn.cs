using System.Text.Json;
using Autograd.Nn;

namespace Autograd.Tests.Core;

public static partial class FixtureOps
{
    private static void RegisterNn(Dictionary<string, Func<Tensor[], JsonElement, Tensor>> ops)
    {
        ops["conv2d"] = (a, k) => Functional.Conv2d(a[0], a[1], a.Length > 2 ? a[2] : null, k.Ints("stride"), k.Ints("padding"));
        ops["max_pool2d"] = (a, k) => Functional.MaxPool2d(a[0], k.Ints("kernel") ?? [2], k.Ints("stride") ?? [2]);
        ops["avg_pool2d"] = (a, k) => Functional.AvgPool2d(a[0], k.Ints("kernel") ?? [2], k.Ints("stride") ?? [2]);
        ops["layer_norm"] = (a, k) => Functional.LayerNorm(a[0], k.Ints("normalized_shape")!, a.Length > 1 ? a[1] : null, a.Length > 2 ? a[2] : null, k.Double("eps", 1e-5));
    }
}
