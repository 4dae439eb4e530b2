namespace Autograd.Nn;

/// <summary>max(0, x) elementwise (<c>nn.ReLU</c>).</summary>
public sealed class ReLU : Module, IModule
{
    /// <inheritdoc/>
    public Tensor Forward(Tensor input) => input.Relu();
}

/// <summary>x for x ≥ 0, slope·x otherwise (<c>nn.LeakyReLU</c>).</summary>
public sealed class LeakyReLU(double negativeSlope = 0.01) : Module, IModule
{
    /// <summary>The slope for negative inputs.</summary>
    public double NegativeSlope { get; } = negativeSlope;

    /// <inheritdoc/>
    public Tensor Forward(Tensor input) => input.LeakyRelu(NegativeSlope);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"negative_slope={NegativeSlope}";
}

/// <summary>x·Φ(x) (<c>nn.GELU</c>), exact or with the tanh approximation.</summary>
public sealed class GELU(bool tanhApproximation = false) : Module, IModule
{
    /// <summary>Whether the tanh approximation is used.</summary>
    public bool TanhApproximation { get; } = tanhApproximation;

    /// <inheritdoc/>
    public Tensor Forward(Tensor input) => input.Gelu(TanhApproximation);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"approximate='{(TanhApproximation ? "tanh" : "none")}'";
}

/// <summary>tanh(x) elementwise (<c>nn.Tanh</c>).</summary>
public sealed class Tanh : Module, IModule
{
    /// <inheritdoc/>
    public Tensor Forward(Tensor input) => input.Tanh();
}

/// <summary>1 / (1 + e⁻ˣ) elementwise (<c>nn.Sigmoid</c>).</summary>
public sealed class Sigmoid : Module, IModule
{
    /// <inheritdoc/>
    public Tensor Forward(Tensor input) => input.Sigmoid();
}

/// <summary>x·sigmoid(x) elementwise (<c>nn.SiLU</c>).</summary>
public sealed class SiLU : Module, IModule
{
    /// <inheritdoc/>
    public Tensor Forward(Tensor input) => input.Silu();
}

/// <summary>The input unchanged (<c>nn.Identity</c>), a placeholder where a layer is optional.</summary>
public sealed class Identity : Module, IModule
{
    /// <inheritdoc/>
    public Tensor Forward(Tensor input) => input;
}
