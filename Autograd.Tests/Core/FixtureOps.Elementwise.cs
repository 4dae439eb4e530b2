using System.Text.Json;

namespace Autograd.Tests.Core;

public static partial class FixtureOps
{
    private static void RegisterElementwise(Dictionary<string, Func<Tensor[], JsonElement, Tensor>> ops)
    {
        ops["abs"] = (a, _) => a[0].Abs();
        ops["log"] = (a, _) => a[0].Log();
        ops["log1p"] = (a, _) => a[0].Log1p();
        ops["sqrt"] = (a, _) => a[0].Sqrt();
        ops["rsqrt"] = (a, _) => a[0].Rsqrt();
        ops["reciprocal"] = (a, _) => a[0].Reciprocal();
        ops["sin"] = (a, _) => a[0].Sin();
        ops["cos"] = (a, _) => a[0].Cos();
        ops["tanh"] = (a, _) => a[0].Tanh();
        ops["sigmoid"] = (a, _) => a[0].Sigmoid();
        ops["relu"] = (a, _) => a[0].Relu();
        ops["silu"] = (a, _) => a[0].Silu();
        ops["softplus"] = (a, k) => a[0].Softplus(k.Double("beta", 1), k.Double("threshold", 20));
        ops["gelu"] = (a, k) => a[0].Gelu(tanhApproximation: k.String("approximate") == "tanh");
        ops["leaky_relu"] = (a, k) => a[0].LeakyRelu(k.Double("negative_slope", 0.01));
        ops["pow_scalar"] = (a, k) => a[0].Pow(k.Double("exponent", 1));
        ops["clamp"] = (a, k) => a[0].Clamp(OptionalDouble(k, "min"), OptionalDouble(k, "max"));
        ops["pow"] = (a, _) => Tensor.Pow(a[0], a[1]);
        ops["maximum"] = (a, _) => Tensor.Maximum(a[0], a[1]);
        ops["minimum"] = (a, _) => Tensor.Minimum(a[0], a[1]);
        ops["gt"] = (a, _) => a[0] > a[1];
        ops["where"] = (a, _) => Tensor.Where(a[0], a[1], a[2]);
        ops["masked_fill"] = (a, k) => a[0].MaskedFill(a[1], k.Double("value", 0));
    }

    private static double? OptionalDouble(JsonElement kwargs, string name) =>
        kwargs.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
}
