namespace Autograd.Nn;

/// <summary>Which fan the Kaiming initialisers scale by.</summary>
public enum FanMode
{
    /// <summary>Preserves the variance of activations in the forward pass.</summary>
    FanIn,
    /// <summary>Preserves the variance of gradients in the backward pass.</summary>
    FanOut,
}

/// <summary>The nonlinearity that follows a layer, for <see cref="Init.CalculateGain"/>.</summary>
public enum Nonlinearity
{
    /// <summary>No nonlinearity (also convolutions and sigmoid): gain 1.</summary>
    Linear,
    /// <summary>Sigmoid: gain 1.</summary>
    Sigmoid,
    /// <summary>Tanh: gain 5/3.</summary>
    Tanh,
    /// <summary>ReLU: gain √2.</summary>
    Relu,
    /// <summary>Leaky ReLU with negative slope a: gain √(2 / (1 + a²)).</summary>
    LeakyRelu,
    /// <summary>SELU: gain 3/4.</summary>
    Selu,
}

/// <summary>
/// Parameter initialisers (<c>torch.nn.init</c>). Each overwrites a tensor in place under no-grad, drawing from the
/// given <see cref="Generator"/> (<see cref="Generator.Default"/> when null), and returns the tensor.
/// </summary>
public static class Init
{
    /// <summary>
    /// (fan_in, fan_out) of a weight of shape [out, in, k…]: fan_in = in · Πk, fan_out = out · Πk
    /// (a Linear weight [out, in] has fan_in = in).
    /// </summary>
    /// <exception cref="ArgumentException">The tensor has fewer than 2 dimensions.</exception>
    public static (int FanIn, int FanOut) CalculateFanInAndFanOut(Tensor tensor)
    {
        if (tensor.Rank < 2)
            throw new ArgumentException($"init: fan in and fan out cannot be computed for a tensor with fewer than 2 dimensions, got {Autograd.Shape.Format([.. tensor.Shape])}.");
        int receptive = 1;
        for (int d = 2; d < tensor.Rank; d++) receptive *= tensor.Shape[d];
        return (tensor.Shape[1] * receptive, tensor.Shape[0] * receptive);
    }

    /// <summary>The recommended gain for a nonlinearity (<c>calculate_gain</c>); <paramref name="param"/> is Leaky ReLU's slope.</summary>
    public static double CalculateGain(Nonlinearity nonlinearity, double param = 0.01) => nonlinearity switch
    {
        Nonlinearity.Tanh => 5.0 / 3,
        Nonlinearity.Relu => Math.Sqrt(2.0),
        Nonlinearity.LeakyRelu => Math.Sqrt(2.0 / (1 + param * param)),
        Nonlinearity.Selu => 3.0 / 4,
        _ => 1.0,
    };

    /// <summary>Fills with samples of U(<paramref name="low"/>, <paramref name="high"/>).</summary>
    public static Tensor Uniform(Tensor tensor, double low = 0, double high = 1, Generator? generator = null)
    {
        using var noGrad = Tensor.NoGrad();
        using var sample = Tensor.Uniform([.. tensor.Shape], low, high, generator, tensor.DType, tensor.Device);
        return tensor.CopyFrom(sample);
    }

    /// <summary>Fills with samples of N(<paramref name="mean"/>, <paramref name="std"/>²).</summary>
    public static Tensor Normal(Tensor tensor, double mean = 0, double std = 1, Generator? generator = null)
    {
        using var noGrad = Tensor.NoGrad();
        using var sample = Tensor.Randn([.. tensor.Shape], generator, tensor.DType, tensor.Device);
        sample.MulInPlace(std).AddInPlace(mean);
        return tensor.CopyFrom(sample);
    }

    /// <summary>Fills with <paramref name="value"/>.</summary>
    public static Tensor Constant(Tensor tensor, double value)
    {
        using var noGrad = Tensor.NoGrad();
        return tensor.FillInPlace(value);
    }

    /// <summary>Fills with zeros.</summary>
    public static Tensor Zeros(Tensor tensor) => Constant(tensor, 0);

    /// <summary>Fills with ones.</summary>
    public static Tensor Ones(Tensor tensor) => Constant(tensor, 1);

    /// <summary>
    /// Kaiming (He) uniform: U(−b, b) with b = gain · √(3 / fan), gain from <paramref name="nonlinearity"/> and
    /// <paramref name="a"/> (Leaky ReLU's slope). PyTorch's default for Linear and Conv weights is a = √5 with
    /// Leaky ReLU, which gives b = 1/√fan_in. A tensor with no elements (e.g. the [5, 0] weight of a Linear(0, 5))
    /// is returned unchanged, as in PyTorch.
    /// </summary>
    public static Tensor KaimingUniform(Tensor tensor, double a = 0, FanMode mode = FanMode.FanIn,
        Nonlinearity nonlinearity = Nonlinearity.LeakyRelu, Generator? generator = null)
    {
        if (tensor.Numel == 0) return tensor;
        double bound = Math.Sqrt(3.0) * KaimingStd(tensor, a, mode, nonlinearity);
        return Uniform(tensor, -bound, bound, generator);
    }

    /// <summary>
    /// Kaiming (He) normal: N(0, std²) with std = gain / √fan. A tensor with no elements is returned unchanged, as in PyTorch.
    /// </summary>
    public static Tensor KaimingNormal(Tensor tensor, double a = 0, FanMode mode = FanMode.FanIn,
        Nonlinearity nonlinearity = Nonlinearity.LeakyRelu, Generator? generator = null) =>
        tensor.Numel == 0 ? tensor : Normal(tensor, 0, KaimingStd(tensor, a, mode, nonlinearity), generator);

    /// <summary>Xavier (Glorot) uniform: U(−b, b) with b = gain · √(6 / (fan_in + fan_out)).</summary>
    public static Tensor XavierUniform(Tensor tensor, double gain = 1, Generator? generator = null)
    {
        double bound = Math.Sqrt(3.0) * XavierStd(tensor, gain);
        return Uniform(tensor, -bound, bound, generator);
    }

    /// <summary>Xavier (Glorot) normal: N(0, std²) with std = gain · √(2 / (fan_in + fan_out)).</summary>
    public static Tensor XavierNormal(Tensor tensor, double gain = 1, Generator? generator = null) =>
        Normal(tensor, 0, XavierStd(tensor, gain), generator);

    private static double KaimingStd(Tensor tensor, double a, FanMode mode, Nonlinearity nonlinearity)
    {
        var (fanIn, fanOut) = CalculateFanInAndFanOut(tensor);
        int fan = mode == FanMode.FanIn ? fanIn : fanOut;
        if (fan == 0) throw new ArgumentException($"init: cannot initialise a tensor of shape {Autograd.Shape.Format([.. tensor.Shape])} with a fan of 0.");
        return CalculateGain(nonlinearity, a) / Math.Sqrt(fan);
    }

    private static double XavierStd(Tensor tensor, double gain)
    {
        var (fanIn, fanOut) = CalculateFanInAndFanOut(tensor);
        return gain * Math.Sqrt(2.0 / (fanIn + fanOut));
    }

    /// <summary>
    /// PyTorch's default for Linear and Conv layers: weight by <see cref="KaimingUniform"/> with a = √5
    /// (U(±1/√fan_in)), bias U(±1/√fan_in).
    /// </summary>
    internal static void DefaultLinearLike(Tensor weight, Tensor? bias, Generator? generator)
    {
        KaimingUniform(weight, a: Math.Sqrt(5), generator: generator);
        if (bias is null) return;
        var (fanIn, _) = CalculateFanInAndFanOut(weight);
        double bound = fanIn > 0 ? 1 / Math.Sqrt(fanIn) : 0;
        Uniform(bias, -bound, bound, generator);
    }
}
