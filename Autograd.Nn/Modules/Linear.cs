namespace Autograd.Nn;

/// <summary>
/// A fully connected layer (<c>nn.Linear</c>): y = x·Wᵀ + b, x [..., in] → y [..., out]. Parameters <c>weight</c>
/// [out, in] and <c>bias</c> [out], initialised as in PyTorch: W by Kaiming uniform with a = √5 and b uniformly,
/// both on ±1/√in, drawn from <c>generator</c> (<see cref="Generator.Default"/> when null).
/// </summary>
public sealed class Linear : Module, IModule
{
    /// <summary>Creates the layer and initialises its parameters.</summary>
    public Linear(int inFeatures, int outFeatures, bool bias = true, Generator? generator = null, DType dtype = DType.Float32)
    {
        if (inFeatures < 0 || outFeatures < 0)
            throw new ArgumentException($"Linear: feature counts must be non-negative, got in {inFeatures}, out {outFeatures}.");
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        var weight = RegisterParameter("weight", Tensor.Zeros([outFeatures, inFeatures], dtype));
        var b = bias ? RegisterParameter("bias", Tensor.Zeros([outFeatures], dtype)) : null;
        Init.DefaultLinearLike(weight, b, generator);
    }

    /// <summary>Size of each input sample.</summary>
    public int InFeatures { get; }

    /// <summary>Size of each output sample.</summary>
    public int OutFeatures { get; }

    /// <summary>W [out, in].</summary>
    public Tensor Weight => GetParameter("weight");

    /// <summary>b [out], or null when created with <c>bias: false</c>.</summary>
    public Tensor? Bias => FindParameter("bias");

    /// <inheritdoc cref="Functional.Linear"/>
    public Tensor Forward(Tensor input) => Functional.Linear(input, Weight, Bias);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"in_features={InFeatures}, out_features={OutFeatures}, bias={(Bias is null ? "False" : "True")}";
}
