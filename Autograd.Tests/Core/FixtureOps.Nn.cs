using System.Text.Json;
using Autograd.Nn;

namespace Autograd.Tests.Core;

public static partial class FixtureOps
{
    private static void RegisterNn(Dictionary<string, Func<Tensor[], JsonElement, Tensor>> ops)
    {
        ops["layer_norm"] = (a, k) => Functional.LayerNorm(a[0], k.Ints("normalized_shape")!, a.Length > 1 ? a[1] : null, a.Length > 2 ? a[2] : null, k.Double("eps", 1e-5));
    }
}
