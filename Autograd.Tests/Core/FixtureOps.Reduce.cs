using System.Text.Json;

namespace Autograd.Tests.Core;

public static partial class FixtureOps
{
    private static void RegisterReduce(Dictionary<string, Func<Tensor[], JsonElement, Tensor>> ops)
    {
        ops["mean"] = (a, k) => a[0].Mean(k.Ints("dim"), k.Bool("keepdim", false));
        ops["max"] = (a, k) => k.Ints("dim") is [var dim] ? a[0].Max(dim, k.Bool("keepdim", false)).Values : a[0].Max();
        ops["amax"] = (a, k) => a[0].Amax(k.Ints("dim") ?? [], k.Bool("keepdim", false));
        ops["var"] = (a, k) => a[0].Var(k.Ints("dim"), k.Bool("unbiased", true) ? 1 : 0, k.Bool("keepdim", false));
        ops["std"] = (a, k) => a[0].Std(k.Ints("dim"), k.Bool("unbiased", true) ? 1 : 0, k.Bool("keepdim", false));
        ops["logsumexp"] = (a, k) => a[0].LogSumExp(k.Ints("dim") ?? [], k.Bool("keepdim", false));
        ops["norm"] = (a, k) => a[0].Norm(k.Double("p", 2), k.Ints("dim"), k.Bool("keepdim", false));
        ops["softmax"] = (a, k) => a[0].Softmax(k.Int("dim", -1));
        ops["log_softmax"] = (a, k) => a[0].LogSoftmax(k.Int("dim", -1));
        ops["matmul"] = (a, _) => Tensor.MatMul(a[0], a[1]);
    }
}
