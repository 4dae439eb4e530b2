using System.Text.Json;

namespace Autograd.Tests.Core;

public static partial class FixtureOps
{
    private static void RegisterShape(Dictionary<string, Func<Tensor[], JsonElement, Tensor>> ops)
    {
        ops["unsqueeze"] = (a, k) => a[0].Unsqueeze(k.Int("dim", 0));
        ops["squeeze"] = (a, k) => k.Ints("dim") is [var dim] ? a[0].Squeeze(dim) : a[0].Squeeze();
        ops["narrow"] = (a, k) => a[0].Narrow(k.Int("dim", 0), k.Int("start", 0), k.Int("length", 0));
        ops["index_select"] = (a, k) => a[0].IndexSelect(k.Int("dim", 0), a[1]);
        ops["gather"] = (a, k) => a[0].Gather(k.Int("dim", 0), a[1]);
        ops["cat"] = (a, k) => Tensor.Cat(a, k.Int("dim", 0));
        ops["stack"] = (a, k) => Tensor.Stack(a, k.Int("dim", 0));
    }
}
